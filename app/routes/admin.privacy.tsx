// The administrator keeps the record of processing that /privacy shows to everyone.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextareaField, fieldErrorsOf } from "~/components/forms";
import { PROCESSING_FIELDS, PROCESSING_FIELD_KEYS, processingRecordSchema } from "~/domain/processing-record";
import { processingRecordFor, saveProcessingRecord } from "~/models/processing-record.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "Record of processing – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const record = await processingRecordFor(admin.organisationId);
  return { fields: record.fields };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const submission = parseWithZod(await readForm(request), { schema: processingRecordSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const saved = await attemptSave(() => saveProcessingRecord(admin.organisationId, submission.value, admin.id, request));
  if (!saved.ok) return data(submission.reply({ formErrors: [saved.message] }), NOT_SAVED_STATUS);
  return redirect("/privacy");
}

export default function EditProcessingRecord() {
  const { fields: current } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "processing-record",
    lastResult,
    defaultValue: current,
    constraint: getZodConstraint(processingRecordSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: processingRecordSchema }),
  });
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/privacy">Back to the privacy page</Link>
        <ErrorSummary fieldErrors={fieldErrorsOf(PROCESSING_FIELD_KEYS.map((key) => fields[key]))} formErrors={form.errors ?? []} />
        <h1 className="govuk-heading-l">Record of processing</h1>
        <p className="govuk-body">
          Everyone can read this on the privacy page. Check it with your Data Protection Officer. The retention period is set in{" "}
          <Link className="govuk-link" to="/admin/settings">organisation settings</Link>.
        </p>
        <Form method="post" {...getFormProps(form)} noValidate>
          {PROCESSING_FIELD_KEYS.map((key) => (
            <TextareaField key={key} field={fields[key]} label={PROCESSING_FIELDS[key].label} hint={PROCESSING_FIELDS[key].hint} rows={5} />
          ))}
          <button type="submit" className="govuk-button">Save the record</button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
