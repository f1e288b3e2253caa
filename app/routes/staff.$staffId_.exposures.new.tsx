import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ExposureFields, exposureErrors } from "~/components/exposure-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, typedValue } from "~/components/forms";
import { exposureSchema } from "~/domain/records";
import { requireCaseForm, parseRecordForm } from "~/models/record-forms.server";
import { createExposure, initiativesFor } from "~/models/records.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "Log an exposure – Debrief" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, staffId, idempotencyKey } = await requireCaseForm(request, params.staffId);
  const initiatives = await initiativesFor(user.organisationId);
  return { staffId, idempotencyKey, timeZone: user.organisation.timeZone, initiatives: initiatives.map((i) => ({ value: i.id, label: i.name })) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, staffId } = await requireCaseForm(request, params.staffId);
  const submission = parseRecordForm(await readForm(request), exposureSchema, user.organisation.timeZone);
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const saved = await attemptSave(() =>
    createExposure(staffId, submission.value, {
      supporterId: user.id,
      organisationId: user.organisationId,
      timeZone: user.organisation.timeZone,
      request,
    }),
    { idempotent: true },
  );
  if (!saved.ok) return data(submission.reply({ formErrors: [saved.message] }), NOT_SAVED_STATUS);
  return redirect(`/staff/${staffId}?saved=exposure`);
}

export default function LogExposure() {
  const { staffId, idempotencyKey, timeZone, initiatives } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const schema = exposureSchema({ timeZone });
  const [form, fields] = useForm({
    id: "exposure",
    lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const errors = exposureErrors(fields);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/staff/${staffId}`}>Back to the staff member</Link>
        <ErrorSummary fieldErrors={errors} formErrors={form.errors ?? []} />
        <h1 className="govuk-heading-l">Log an exposure</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <input type="hidden" name={fields.idempotencyKey.name} value={typedValue(fields.idempotencyKey) ?? idempotencyKey} />
          <ExposureFields fields={fields} initiatives={initiatives} />
          <button type="submit" className="govuk-button" data-prevent-double-click="true">
            Save exposure
          </button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
