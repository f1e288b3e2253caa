import { TZDate } from "@date-fns/tz";
import { addDays, addHours } from "date-fns";
import type { ContactType } from "~/domain/vocabulary";

export type ProtocolStep = { id: string; label: string; offsetHours: number; contactType: string };

/**
 * The support protocol an organisation starts with (TRiM practice, DESIGN.md "Domain"): a risk
 * assessment about 72 hours after the exposure and a review at about 28 days. Without steps no
 * follow-up would ever be scheduled; administrators change them under Organisation → Settings.
 */
export const DEFAULT_PROTOCOL_STEPS: readonly { label: string; offsetHours: number; contactType: ContactType }[] = [
  { label: "72-hour risk assessment", offsetHours: 72, contactType: "risk_assessment" },
  { label: "28-day review", offsetHours: 28 * 24, contactType: "review" },
];

/**
 * When each protocol step falls due after an exposure. Whole days are counted on the calendar in the
 * organisation's time zone (28 days after 14:00 is 14:00, even across a clock change); other offsets
 * are elapsed hours.
 */
export function scheduleFollowUps(exposureAt: Date, steps: ProtocolStep[], timeZone: string) {
  const local = new TZDate(exposureAt, timeZone);
  return steps.map((step) => {
    const due = step.offsetHours % 24 === 0 ? addDays(local, step.offsetHours / 24) : addHours(local, step.offsetHours);
    return { protocolStepId: step.id, label: step.label, contactType: step.contactType, dueAt: new Date(due.getTime()) };
  });
}
