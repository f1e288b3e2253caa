// When a month's figures are published (docs/decisions/0005-published-figures.md): once the month
// has ended in the organisation's time zone and a settling period has passed, so that late records
// are in before anything is shown. Pure: the publisher and the pages share it.
import { monthIndex, monthOf } from "~/domain/dashboard-filters";
import { monthKey } from "~/utils/time";

export const MAX_PUBLICATION_DELAY_DAYS = 28;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The latest month whose figures are due by `now`: the month before the one that
 * `now − delayDays` falls in.
 */
export function lastPublishableMonth(now: Date, timeZone: string, delayDays: number) {
  return monthOf(monthIndex(monthKey(new Date(now.getTime() - delayDays * DAY_MS), timeZone)) - 1);
}

/** The day a month's figures are published, "YYYY-MM-DD": the delay's days after the month ends. */
export function publicationDay(month: string, delayDays: number) {
  const next = monthOf(monthIndex(month) + 1);
  return `${next}-${String(1 + delayDays).padStart(2, "0")}`;
}

/** The day, "YYYY-MM-DD" in the organisation's time zone, on which figures were published. */
export const publishedDay = (publishedAt: Date, timeZone: string) => publishedAt.toLocaleDateString("en-CA", { timeZone });

/** "8 December 2026" for a "YYYY-MM-DD" day. */
export function longDay(day: string) {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}
