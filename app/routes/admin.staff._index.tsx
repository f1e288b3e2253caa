// Subject rights, step one: find the staff member a request is about, by their reference.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextField, fieldErrorsOf } from "~/components/forms";
import { SuccessBanner } from "~/components/success-banner";
import { staffReferenceSchema } from "~/domain/records";
import { findStaffByReference } from "~/models/subject-access.server";
import { normaliseReference } from "~/models/staff.server";

const FindSchema = z.object({ reference: staffReferenceSchema });

export const meta: MetaFunction = () => [{ title: "Staff records: access and erasure – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const url = new URL(request.url);
  if (!url.searchParams.has("reference")) return { result: null, notFound: null };
  const submission = parseWithZod(url.searchParams, { schema: FindSchema });
  if (submission.status !== "success") return { result: submission.reply(), notFound: null };
  const reference = normaliseReference(submission.value.reference);
  const staff = await findStaffByReference(admin.organisationId, reference);
  if (staff) throw redirect(`/admin/staff/${staff.id}`);
  return { result: submission.reply(), notFound: reference };
}

export default function FindStaff() {
  const { result, notFound } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({ id: "find-staff", lastResult: result, shouldValidate: "onSubmit", onValidate: ({ formData }) => parseWithZod(formData, { schema: FindSchema }) });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/admin">Administration</Link>
        <ErrorSummary fieldErrors={fieldErrorsOf([fields.reference])} formErrors={form.errors ?? []} />
        {searchParams.get("erased") ? (
          <SuccessBanner title="Success">
            <p className="govuk-notification-banner__heading">The staff member was erased: their reference, name and notes are gone.</p>
          </SuccessBanner>
        ) : null}
        <h1 className="govuk-heading-l">Staff records: access and erasure</h1>
        <p className="govuk-body">
          When a member of staff asks for a copy of what Debrief holds about them (subject access), or for it to be erased, find them here by their staff
          reference. A copy is released only after a supporter of their case confirms it is the right person.
        </p>
        <Form method="get" {...getFormProps(form)} noValidate>
          <TextField field={fields.reference} label="Staff reference" hint="As written on the case, for example RN-0042" inputClassName="govuk-input--width-10" />
          <button type="submit" className="govuk-button">Find</button>
        </Form>
        {notFound ? (
          <p className="govuk-body" role="status">
            No staff member has the reference <strong>{notFound}</strong>. Debrief holds nothing under it (or it was erased or anonymised).
          </p>
        ) : null}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
