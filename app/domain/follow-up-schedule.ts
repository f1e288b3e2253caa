import { TZDate } from "@date-fns/tz";
import { addDays, addHours } from "date-fns";
import type { ContactType } from "~/domain/vocabulary";

export type ProtocolStep = { id: string; label: string; offsetHours: number; contactType: string };

const HOUR = 3_600_000;
const WEEK_HOURS = 7 * 24;

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
 * How far before and after its due time a step may be done and still count as that step
 * (docs/decisions/0010-follow-up-windows.md): from a third of its time before to four thirds after,
 * each at most a week. A 72-hour assessment: 48 hours to 7 days after the exposure; a 28-day review:
 * 21 to 35 days. The same rule is written in SQL in the migration 20261220020000_follow_up_windows.
 */
export function stepWindowHours(offsetHours: number) {
  return { before: Math.min(Math.round(offsetHours / 3), WEEK_HOURS), after: Math.min(Math.round((offsetHours * 4) / 3), WEEK_HOURS) };
}

/**
 * When each protocol step falls due after an exposure, and its window. Whole days are counted on
 * the calendar in the organisation's time zone (28 days after 14:00 is 14:00, even across a clock
 * change); other offsets are elapsed hours.
 */
export function scheduleFollowUps(exposureAt: Date, steps: ProtocolStep[], timeZone: string) {
  const local = new TZDate(exposureAt, timeZone);
  return steps.map((step) => {
    const due = step.offsetHours % 24 === 0 ? addDays(local, step.offsetHours / 24) : addHours(local, step.offsetHours);
    const dueAt = new Date(due.getTime());
    const { before, after } = stepWindowHours(step.offsetHours);
    return {
      protocolStepId: step.id,
      label: step.label,
      contactType: step.contactType,
      dueAt,
      windowOpensAt: new Date(dueAt.getTime() - before * HOUR),
      windowClosesAt: new Date(dueAt.getTime() + after * HOUR),
    };
  });
}

/** An urgent referral's check: due 24 hours after the contact, and any contact up to a day after that completes it. */
export const URGENT_CHECK_LABEL = "Check within 24 hours of the urgent referral";
export function urgentCheck(contactedAt: Date) {
  return {
    label: URGENT_CHECK_LABEL,
    contactType: null,
    dueAt: new Date(contactedAt.getTime() + 24 * HOUR),
    windowOpensAt: contactedAt,
    windowClosesAt: new Date(contactedAt.getTime() + 48 * HOUR),
  };
}

export type OpenFollowUp = { id: number; dueAt: Date; contactType: string | null; windowOpensAt: Date | null; windowClosesAt: Date | null };

/**
 * When a contact completes this follow-up by default: the protocol's window, or, for one moved
 * outside it (which the supporter confirmed), that window stretched to a day either side of the new
 * due time. Null when no window is known (nothing is completed by default then).
 */
export function completionWindow(followUp: Pick<OpenFollowUp, "dueAt" | "windowOpensAt" | "windowClosesAt">) {
  if (!followUp.windowOpensAt || !followUp.windowClosesAt) return null;
  const due = followUp.dueAt.getTime();
  return {
    opensAt: new Date(Math.min(followUp.windowOpensAt.getTime(), due - 24 * HOUR)),
    closesAt: new Date(Math.max(followUp.windowClosesAt.getTime(), due + 24 * HOUR)),
  };
}

/**
 * The open follow-up a contact of this kind at this time completes unless the supporter says
 * otherwise: one that asks for this kind (or for any contact), inside its window; the earliest due
 * when several do. Null when none does.
 */
export function followUpCompletedByDefault<F extends OpenFollowUp>(contactType: string | undefined, contactedAt: Date | undefined, followUps: F[]): F | null {
  if (!contactType || !contactedAt) return null;
  const at = contactedAt.getTime();
  const matching = followUps.filter((f) => {
    if (f.contactType !== null && f.contactType !== contactType) return false;
    const window = completionWindow(f);
    return window !== null && window.opensAt.getTime() <= at && at <= window.closesAt.getTime();
  });
  return matching.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0] ?? null;
}

/** Whether a new due time lies outside the protocol's window (so the supporter is asked to confirm it). */
export function outsideWindow(dueAt: Date, followUp: Pick<OpenFollowUp, "windowOpensAt" | "windowClosesAt">) {
  if (!followUp.windowOpensAt || !followUp.windowClosesAt) return false;
  return dueAt.getTime() < followUp.windowOpensAt.getTime() || dueAt.getTime() > followUp.windowClosesAt.getTime();
}
