import { TZDate } from "@date-fns/tz";
import { addDays, format, startOfDay, startOfISOWeek } from "date-fns";

/** "YYYY-MM" of the instant in the organisation's time zone: the month grain of aggregates. */
export function monthKey(instant: Date, timeZone: string) {
  return format(new TZDate(instant, timeZone), "yyyy-MM");
}

/** ISO date of the Monday starting the instant's week, in the organisation's time zone. */
export function weekKey(instant: Date, timeZone: string) {
  return format(startOfISOWeek(new TZDate(instant, timeZone)), "yyyy-MM-dd");
}

/** Midnight at the start of the instant's day, and of the next day, in the time zone. */
export function dayBounds(instant: Date, timeZone: string) {
  const start = startOfDay(new TZDate(instant, timeZone));
  return { start: new Date(start.getTime()), end: new Date(addDays(start, 1).getTime()) };
}

/** "Nov 2026" for a "YYYY-MM" month key (already in the organisation's zone). */
export function monthLabel(month: string) {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
}

/** "22 November 2026" in the time zone. */
export function formatDate(instant: Date, timeZone: string) {
  return format(new TZDate(instant, timeZone), "d MMMM yyyy");
}

/** "22 November 2026 at 14:05" in the time zone. */
export function formatDateTime(instant: Date, timeZone: string) {
  return format(new TZDate(instant, timeZone), "d MMMM yyyy 'at' HH:mm");
}
