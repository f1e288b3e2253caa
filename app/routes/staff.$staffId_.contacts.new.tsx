import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ChoiceField, DateTimeField, NotesField } from "~/components/choices";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DISTRESS_OPTIONS } from "~/components/exposure-fields";
import { ErrorSummary, SelectField, TextField, fieldErrorsOf, typedValue } from "~/components/forms";
import { supportContactSchema } from "~/domain/records";
import { CONTACT_TYPES } from "~/domain/support";
import { CONTACT_FORMATS, INCIDENT_TYPES, OUTCOMES, RISK_INDICATORS, SIGNPOSTS, optionsOf } from "~/domain/vocabulary";
import { requireCaseForm, screenNotes } from "~/models/record-forms.server";
import { createSupportContact, exposuresToLink, openFollowUps } from "~/models/records.server";
import { formatDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Log a support contact – Debrief" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, staffId, idempotencyKey } = await requireCaseForm(request, params.staffId);
  const tz = user.organisation.timeZone;
  const [exposures, followUps] = await Promise.all([exposuresToLink(staffId), openFollowUps(staffId)]);
  return {
    staffId,
    idempotencyKey,
    timeZone: tz,
    exposures: exposures.map((e) => ({ value: String(e.id), label: `${INCIDENT_TYPES[e.incidentType as keyof typeof INCIDENT_TYPES] ?? e.incidentType}, ${formatDateTime(e.occurredAt, tz)}` })),
    followUps: followUps.map((f) => ({ value: String(f.id), label: `${f.label}, due ${formatDateTime(f.dueAt, tz)}` })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, staffId } = await requireCaseForm(request, params.staffId);
  const schema = screenNotes(supportContactSchema({ timeZone: user.organisation.timeZone }));
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await createSupportContact(staffId, submission.value, {
    supporterId: user.id,
    organisationId: user.organisationId,
    timeZone: user.organisation.timeZone,
    request,
  });
  return redirect(`/staff/${staffId}?saved=${submission.value.outcome === "urgent_referral" ? "urgent" : "contact"}`);
}

export default function LogSupportContact() {
  const { staffId, idempotencyKey, timeZone, exposures, followUps } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const schema = supportContactSchema({ timeZone });
  const [form, fields] = useForm({
    id: "contact",
    lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  const contacted = fields.contacted.getFieldset();
  const errors = fieldErrorsOf([
    fields.idempotencyKey,
    fields.contactType,
    contacted.day,
    contacted.month,
    contacted.year,
    contacted.hour,
    contacted.minute,
    fields.exposureIds,
    fields.format,
    fields.durationMinutes,
    fields.distress,
    fields.riskIndicators,
    fields.outcome,
    fields.signposts,
    fields.followUpId,
    fields.notes,
  ]);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to={`/staff/${staffId}`}>Back to the staff member</Link>
        <ErrorSummary fieldErrors={errors} formErrors={form.errors ?? []} />
        <h1 className="govuk-heading-l">Log a support contact</h1>
        <Form method="post" {...getFormProps(form)} noValidate>
          <input type="hidden" name={fields.idempotencyKey.name} value={typedValue(fields.idempotencyKey) ?? idempotencyKey} />
          <ChoiceField field={fields.contactType} legend="What kind of contact was it?" options={optionsOf(CONTACT_TYPES)} />
          <DateTimeField legend="When was it?" hint="For example, 22 11 2026 and 08 15. UK time." parts={contacted} />
          {exposures.length > 0 ? (
            <ChoiceField field={fields.exposureIds} legend="Which exposures was it about?" hint="Select all that apply." options={exposures} multiple />
          ) : null}
          <ChoiceField field={fields.format} legend="Individual or group?" options={optionsOf(CONTACT_FORMATS)} inline />
          <TextField field={fields.durationMinutes} label="How long, in minutes? (optional)" inputMode="numeric" inputClassName="govuk-input--width-4" />
          <ChoiceField field={fields.distress} legend="How distressed were they?" options={DISTRESS_OPTIONS} inline />
          <ChoiceField field={fields.riskIndicators} legend="Did any of these apply?" hint="Select all that apply." options={optionsOf(RISK_INDICATORS)} multiple />
          <ChoiceField field={fields.outcome} legend="What was the outcome?" options={optionsOf(OUTCOMES)} />
          <ChoiceField field={fields.signposts} legend="If signposted, where to?" hint="Select all that apply." options={optionsOf(SIGNPOSTS)} multiple />
          {followUps.length > 0 ? (
            <SelectField field={fields.followUpId} label="Does this contact complete a follow-up?" options={followUps} placeholder="No" />
          ) : null}
          <NotesField field={fields.notes} />
          <button type="submit" className="govuk-button">Save support contact</button>
        </Form>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
