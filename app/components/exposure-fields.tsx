import { ChoiceField, DateTimeField, NotesField } from "~/components/choices";
import { SelectField, fieldErrorsOf, type FormField } from "~/components/forms";
import { BARRIERS, INCIDENT_TYPES, INFORMATION_REACHED, INVOLVEMENTS, PARTNER_AGENCIES, optionsOf } from "~/domain/vocabulary";

export const DISTRESS_OPTIONS = Array.from({ length: 11 }, (_, n) => ({
  value: String(n),
  label: n === 0 ? "0 (not at all)" : n === 10 ? "10 (extremely)" : String(n),
}));

type DatePart = "day" | "month" | "year" | "hour" | "minute";
// What the questions need of Conform's field metadata for the exposure form.
type Fields = Record<
  "idempotencyKey" | "incidentType" | "involvement" | "partnerAgencies" | "informationReached" | "barriers" | "initiativeId" | "initialDistress" | "notes",
  FormField
> & { occurred: { getFieldset: () => Record<DatePart, FormField> } };

function occurredParts(fields: Fields) {
  return fields.occurred.getFieldset();
}

/** The exposure's error messages in the order of the questions, for the error summary. */
export function exposureErrors(fields: Fields) {
  const occurred = occurredParts(fields);
  return fieldErrorsOf([
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
}

/** The questions about an exposure (DESIGN.md "Domain"), shared by logging and editing. */
export function ExposureFields({ fields, initiatives }: { fields: Fields; initiatives: { value: string; label: string }[] }) {
  return (
    <>
      <DateTimeField legend="When did it happen?" hint="For example, 21 11 2026 and 23 40. UK time." parts={occurredParts(fields)} />
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
        <SelectField field={fields.initiativeId} label="Did an information-sharing initiative apply?" options={initiatives} placeholder="No, or not known" />
      ) : null}
      <ChoiceField field={fields.initialDistress} legend="How distressed did they feel at the time?" options={DISTRESS_OPTIONS} inline />
      <NotesField field={fields.notes} />
    </>
  );
}
