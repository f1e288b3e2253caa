// The dashboard's filters, read from the address (GET), so every view can be bookmarked, printed
// and downloaded with the same figures.
import { z } from "zod";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** The longest period one view may cover. */
export const MAX_MONTHS = 36;

export type DashboardFilters = { focus: string; from: string; to: string };
export type FilterErrors = Partial<Record<"from" | "to", string>>;

export const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
export const monthOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
/** "YYYY-MM" months from `from` to `to`, inclusive. */
export const monthsBetween = (from: string, to: string) =>
  Array.from({ length: Math.max(0, monthIndex(to) - monthIndex(from) + 1) }, (_, i) => monthOf(monthIndex(from) + i));

/** The last twelve whole months up to and including `currentMonth`. */
export function defaultPeriod(currentMonth: string) {
  return { from: monthOf(monthIndex(currentMonth) - 11), to: currentMonth };
}

const schema = z.object({
  focus: z.string().trim().max(120).default("all"),
  from: z.string().trim().regex(MONTH, "Enter the first month as a year and month, for example 2026-01"),
  to: z.string().trim().regex(MONTH, "Enter the last month as a year and month, for example 2026-12"),
});

/**
 * Filters from the query string. Bad or missing months fall back to the default period, with a
 * message for each field the user did type, so the page still shows figures.
 */
export function parseDashboardFilters(
  params: URLSearchParams,
  currentMonth: string,
  /** the month the default period ends with (the latest published); the current month if not given */
  defaultLast = currentMonth,
): { filters: DashboardFilters; errors: FilterErrors; typed: Record<string, string> } {
  const typed = { focus: params.get("focus") ?? "all", from: params.get("from") ?? "", to: params.get("to") ?? "" };
  const fallback = defaultPeriod(defaultLast);
  const errors: FilterErrors = {};
  const parsed = schema.safeParse({ focus: typed.focus || "all", from: typed.from || fallback.from, to: typed.to || fallback.to });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as "from" | "to";
      errors[field] = issue.message;
    }
    return { filters: { focus: typed.focus || "all", ...fallback }, errors, typed };
  }
  const { focus, from, to } = parsed.data;
  if (monthIndex(from) > monthIndex(to)) errors.to = "The last month must be the same as or after the first month";
  else if (monthIndex(to) - monthIndex(from) + 1 > MAX_MONTHS) errors.to = `Choose a period of ${MAX_MONTHS} months or fewer`;
  else if (monthIndex(to) > monthIndex(currentMonth)) errors.to = "The last month cannot be in the future";
  if (Object.keys(errors).length > 0) return { filters: { focus, ...fallback }, errors, typed };
  return { filters: { focus, from, to }, errors, typed };
}
