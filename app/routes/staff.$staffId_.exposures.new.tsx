import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ChoiceField, DateTimeField, NotesField } from "~/components/choices";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, fieldErrorsOf, typedValue } from "~/components/forms";
import { exposureSchema } from "~/domain/records";
import { BARRIERS, INCIDENT_TYPES, INFORMATION_REACHED, INVOLVEMENTS, PARTNER_AGENCIES, optionsOf } from "~/domain/vocabulary";
import { requireCaseForm, screenNotes } from "~/models/record-forms.server";
import { createExposure, initiativesFor } from "~/models/records.server";

export const meta: MetaFunction = () => [{ title: "Log an exposure – Debrief" }];

const DISTRESS_OPTIONS = Array.from({ length: 11 }, (_, n) => ({
  value: String(n),
  label: n === 0 ? "0 (not at all)" : n === 10 ? "10 (extremely)" : String(n),
}));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, staffId, idempotencyKey } = await requireCaseForm(request, params.staffId);
  const initiatives = await initiativesFor(user.organisationId);
  return { staffId, idempotencyKey, timeZone: user.organisation.timeZone, initiatives: initiatives.map((i) => ({ value: i.id, label: i.name })) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, staffId } = await requireCaseForm(request, params.staffId);
  const schema = screenNotes(exposureSchema({ timeZone: user.organisation.timeZone }));
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await createExposure(staffId, submission.value, {
    supporterId: user.id,
    organisationId: user.organisationId,
    timeZone: user.organisation.timeZone,
    request,
  });
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
  const occurred = fields.occurred.getFieldset();
  const errors = fieldErrorsOf([
    fields.idempotencyKey,
    occurred.day,
    occurred.month,
    occurred.year,
    occurred.hour,
    occurred.minute,
    fields.incidentType,
    fields.involvement,
    fields.partnerAgencies,
    fields.informationReached,
    fields.barriers,
    fields.initiativeId,
    fields.initialDistress,
    fields.notes,
  ]);
  // Date parts share one error message; the summary links to the part that is wrong.
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/staff/${staffId}`}>Back to the staff member</Link>
        <ErrorSummary fieldErrors={errors} formErrors={form.errors ?? []} />
        <h1 className="govuk-heading-l">Log an exposure</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <input type="hidden" name={fields.idempotencyKey.name} value={typedValue(fields.idempotencyKey) ?? idempotencyKey} />
          <DateTimeField legend="When did it happen?" hint="For example, 21 11 2026 and 23 40. UK time." parts={occurred} />
          <ChoiceField field={fields.incidentType} legend="What kind of incident was it?" options={optionsOf(INCIDENT_TYPES)} />
          <ChoiceField field={fields.involvement} legend="How were they involved?" options={optionsOf(INVOLVEMENTS)} />
          <ChoiceField field={fields.partnerAgencies} legend="Which partner agencies were involved?" hint="Select all that apply." options={optionsOf(PARTNER_AGENCIES)} multiple />
          <ChoiceField
            field={fields.informationReached}
            legend="Did the information they needed from partner agencies reach them?"
            options={optionsOf(INFORMATION_REACHED)}
          />
          <ChoiceField
            field={fields.barriers}
            legend="What got in the way of sharing information?"
            hint="Select all that apply. Leave empty if nothing did."
            options={optionsOf(BARRIERS)}
            multiple
          />
          {initiatives.length > 0 ? (
            <SelectField
              field={fields.initiativeId}
              label="Did an information-sharing initiative apply?"
              options={initiatives}
              placeholder="No, or not known"
            />
          ) : null}
          <ChoiceField field={fields.initialDistress} legend="How distressed did they feel at the time?" options={DISTRESS_OPTIONS} inline />
          <NotesField field={fields.notes} />
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
