import { ChoiceField, DateTimeField, NotesField } from "~/components/choices";
import { DISTRESS_OPTIONS } from "~/components/exposure-fields";
import { SelectField, TextField, fieldErrorsOf, type FormField } from "~/components/forms";
import { CONTACT_FORMATS, CONTACT_TYPES, OUTCOMES, RISK_INDICATORS, SIGNPOSTS, optionsOf } from "~/domain/vocabulary";

type DatePart = "day" | "month" | "year" | "hour" | "minute";
// What the questions need of Conform's field metadata for the support-contact form.
type Fields = Record<
  | "idempotencyKey"
  | "contactType"
  | "exposureIds"
  | "format"
  | "durationMinutes"
  | "distress"
  | "riskIndicators"
  | "outcome"
  | "signposts"
  | "followUpId"
  | "notes",
  FormField
> & { contacted: { getFieldset: () => Record<DatePart, FormField> } };

type Option = { value: string; label: string };

export function contactErrors(fields: Fields) {
  const contacted = fields.contacted.getFieldset();
  return fieldErrorsOf([
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
}

/** The questions about a support contact, shared by logging and editing. */
export function ContactFields({ fields, exposures, followUps }: { fields: Fields; exposures: Option[]; followUps: Option[] }) {
  return (
    <>
      <ChoiceField field={fields.contactType} legend="What kind of contact was it?" options={optionsOf(CONTACT_TYPES)} />
      <DateTimeField legend="When was it?" hint="For example, 22 11 2026 and 08 15. UK time." parts={fields.contacted.getFieldset()} />
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
    </>
  );
}
