import { CrisisRoutes } from "~/components/crisis-routes";
import { useEffect, useState } from "react";
import { ChoiceField, DateTimeField, NotesField, useHydrated } from "~/components/choices";
import { DISTRESS_OPTIONS } from "~/components/exposure-fields";
import { TextField, fieldErrorsOf, type FormField } from "~/components/forms";
import { followUpCompletedByDefault } from "~/domain/follow-up-schedule";
import { instantFromParts } from "~/domain/uk-date";
import { CONTACT_FORMATS, CONTACT_TYPES, OUTCOMES, RISK_INDICATORS, SIGNPOSTS, URGENT_DESTINATIONS, optionsOf } from "~/domain/vocabulary";

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
  | "urgentDestination"
  | "followUpId"
  | "notes",
  FormField
> & { contacted: { getFieldset: () => Record<DatePart, FormField> } };

type Option = { value: string; label: string };

/** An open follow-up as the contact form offers it: what completes it by default, and how that reads. */
export type FollowUpOption = {
  value: string;
  label: string;
  /** "the 72-hour risk assessment due on 10 December 2026 at 14:00" */
  completes: string;
  /** when a contact of its kind completes it by default, in words; null when no window is known */
  window: string | null;
  contactType: string | null;
  dueAt: string;
  windowOpensAt: string | null;
  windowClosesAt: string | null;
};

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
    fields.urgentDestination,
    fields.signposts,
    fields.followUpId,
    fields.notes,
  ]);
}

/** The urgent referral's crisis routes and where they were referred, shown as soon as it is chosen. */
function UrgentReferral({ field, crisisRoutes }: { field: FormField; crisisRoutes: string }) {
  return (
    <>
      <CrisisRoutes text={crisisRoutes} />
      <ChoiceField field={field} legend="Where were they referred?" options={optionsOf(URGENT_DESTINATIONS)} />
    </>
  );
}

/**
 * Which follow-up the contact completes, pre-chosen while the supporter fills in the kind and date
 * (once the page runs scripts): the one of that kind whose window the date falls in. Their own
 * choice, once made, is never changed. Without scripts the server applies the same rule to an
 * unanswered question, and each answer says when it applies.
 */
function useFollowUpDefault(formId: string | undefined, followUpsFieldName: string, followUps: FollowUpOption[], timeZone: string) {
  const [preChosen, setPreChosen] = useState<FollowUpOption | null>(null);
  useEffect(() => {
    const form = formId ? (document.getElementById(formId) as HTMLFormElement | null) : null;
    if (!form || followUps.length === 0) return;
    let chosenByHand = false;
    const candidates = followUps.map((f) => ({
      ...f,
      id: Number(f.value),
      dueAt: new Date(f.dueAt),
      windowOpensAt: f.windowOpensAt ? new Date(f.windowOpensAt) : null,
      windowClosesAt: f.windowClosesAt ? new Date(f.windowClosesAt) : null,
    }));
    const update = (event?: Event) => {
      const target = event?.target as HTMLInputElement | null;
      if (target?.name === followUpsFieldName) {
        chosenByHand = true;
        setPreChosen(null);
        return;
      }
      if (chosenByHand) return;
      const data = new FormData(form);
      const text = (name: string) => String(data.get(name) ?? "");
      const when = instantFromParts(
        { day: text("contacted.day"), month: text("contacted.month"), year: text("contacted.year"), hour: text("contacted.hour"), minute: text("contacted.minute") },
        timeZone,
      );
      const found = followUpCompletedByDefault(text("contactType") || undefined, "instant" in when ? when.instant : undefined, candidates);
      const radios = form.querySelectorAll<HTMLInputElement>(`input[name="${followUpsFieldName}"]`);
      radios.forEach((radio) => {
        radio.checked = found !== null && radio.value === String(found.id);
      });
      setPreChosen(found ? (followUps.find((f) => f.value === String(found.id)) ?? null) : null);
    };
    // A form sent back with an answer already chosen keeps it.
    if (form.querySelector(`input[name="${followUpsFieldName}"]:checked`)) chosenByHand = true;
    else update();
    form.addEventListener("change", update);
    form.addEventListener("input", update);
    return () => {
      form.removeEventListener("change", update);
      form.removeEventListener("input", update);
    };
  }, [formId, followUpsFieldName, followUps, timeZone]);
  return preChosen;
}

/** The questions about a support contact, shared by logging and editing. */
export function ContactFields({
  fields,
  exposures,
  followUps,
  crisisRoutes,
  timeZone,
  formId,
}: {
  fields: Fields;
  exposures: Option[];
  followUps: FollowUpOption[];
  crisisRoutes: string;
  timeZone: string;
  formId?: string;
}) {
  const hydrated = useHydrated();
  const preChosen = useFollowUpDefault(formId, fields.followUpId.name, followUps, timeZone);
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
      <ChoiceField
        field={fields.outcome}
        legend="What was the outcome?"
        options={optionsOf(OUTCOMES).map((option) =>
          option.value === "urgent_referral" ? { ...option, conditional: <UrgentReferral field={fields.urgentDestination} crisisRoutes={crisisRoutes} /> } : option,
        )}
      />
      <ChoiceField field={fields.signposts} legend="If signposted, where to?" hint="Select all that apply." options={optionsOf(SIGNPOSTS)} multiple />
      {followUps.length > 0 ? (
        <>
          <div aria-live="polite">
            {preChosen ? (
              <div className="govuk-inset-text" id="follow-up-default">
                This contact will complete {preChosen.completes}. Choose another answer below if it does not.
              </div>
            ) : null}
          </div>
          <ChoiceField
            field={fields.followUpId}
            legend="Does this contact complete a follow-up?"
            hint={
              hydrated
                ? "A contact of the kind a follow-up asks for, in its window, is chosen for you as you answer."
                : "Left unanswered, a contact of the kind a follow-up asks for, in its window, completes it."
            }
            options={[
              ...followUps.map((f) => ({ value: f.value, label: f.label, hint: f.window ?? undefined })),
              { value: "none", label: "No, it does not complete a follow-up" },
            ]}
          />
        </>
      ) : null}
      <NotesField field={fields.notes} />
    </>
  );
}
