import { TZDate } from "@date-fns/tz";
import { z } from "zod";

export const EARLIEST_YEAR = 2000;

/**
 * A date and time entered as GOV.UK date parts (day, month, year, hours, minutes) in the
 * organisation's time zone. Returns the instant, or the first thing wrong in plain words.
 */
export function instantFromParts(
  parts: { day?: string; month?: string; year?: string; hour?: string; minute?: string },
  timeZone: string,
  now = new Date(),
): { instant: Date } | { problem: string; part: "day" | "month" | "year" | "hour" | "minute" } {
  const { day, month, year, hour = "", minute = "" } = parts;
  if (!day && !month && !year) return { problem: "Enter the date", part: "day" };
  if (!day) return { problem: "The date must include a day", part: "day" };
  if (!month) return { problem: "The date must include a month", part: "month" };
  if (!year) return { problem: "The date must include a year", part: "year" };
  const whole = (value: string) => (/^\d+$/.test(value.trim()) ? Number(value) : Number.NaN);
  const [d, m, y] = [whole(day), whole(month), whole(year)];
  if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y)) {
    return { problem: "The date must be a real date, in numbers, like 22 11 2026", part: "day" };
  }
  if (year.trim().length !== 4) return { problem: "The year must include 4 numbers", part: "year" };
  const h = hour.trim() === "" ? 0 : whole(hour);
  const min = minute.trim() === "" ? 0 : whole(minute);
  if (!Number.isInteger(h) || h < 0 || h > 23) return { problem: "The hour must be from 0 to 23", part: "hour" };
  if (!Number.isInteger(min) || min < 0 || min > 59) return { problem: "The minutes must be from 0 to 59", part: "minute" };
  const local = new TZDate(y, m - 1, d, h, min, 0, timeZone);
  if (local.getFullYear() !== y || local.getMonth() !== m - 1 || local.getDate() !== d) {
    return { problem: "The date must be a real date", part: "day" };
  }
  if (y < EARLIEST_YEAR) return { problem: `The date must be in ${EARLIEST_YEAR} or later`, part: "year" };
  const instant = new Date(local.getTime());
  if (instant.getTime() > now.getTime()) return { problem: "The date and time must be in the past", part: "day" };
  return { instant };
}

/** The inverse of instantFromParts: an instant as the date-input parts, in the time zone. */
export function datePartsIn(instant: Date, timeZone: string) {
  const local = new TZDate(instant, timeZone);
  return {
    day: String(local.getDate()),
    month: String(local.getMonth() + 1),
    year: String(local.getFullYear()),
    hour: String(local.getHours()).padStart(2, "0"),
    minute: String(local.getMinutes()).padStart(2, "0"),
  };
}

/** Zod fields for one date-and-time question, all optional strings: instantFromParts judges them. */
export const DatePartsSchema = z.object({
  day: z.string().trim().max(2, "Enter the day as 1 or 2 numbers").optional(),
  month: z.string().trim().max(2, "Enter the month as 1 or 2 numbers").optional(),
  year: z.string().trim().max(4, "The year must include 4 numbers").optional(),
  hour: z.string().trim().max(2, "Enter the hour as 1 or 2 numbers").optional(),
  minute: z.string().trim().max(2, "Enter the minutes as 1 or 2 numbers").optional(),
});
