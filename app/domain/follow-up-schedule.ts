import { TZDate } from "@date-fns/tz";
import { addDays, addHours } from "date-fns";

export type ProtocolStep = { id: string; label: string; offsetHours: number; contactType: string };

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
