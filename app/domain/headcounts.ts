// Team headcounts (the staff of a team in a month, the denominator of rates): how a month and a
// headcount are read from what an admin types or pastes, and how a pasted list or CSV of
// "team, month, headcount" lines is understood. A headcount stays the same in later months until
// a new one is given (teamMonthHeadcounts carries it forward), so only changes need entering.
import { monthIndex, monthOf } from "~/domain/dashboard-filters";

export const MAX_HEADCOUNT = 100_000;

const MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** "2026-11", "2026/11", "11/2026", "Nov 2026" or "November 2026" as "2026-11"; null for anything else. */
export function readMonth(raw: string): string | null {
  const text = raw.trim().toLowerCase();
  let year: number | undefined;
  let month: number | undefined;
  const iso = /^(\d{4})[-/.](\d{1,2})$/.exec(text);
  const uk = /^(\d{1,2})[-/.](\d{4})$/.exec(text);
  const named = /^([a-z]+)\.?[\s-]+(\d{4})$/.exec(text);
  if (iso) [year, month] = [Number(iso[1]), Number(iso[2])];
  else if (uk) [year, month] = [Number(uk[2]), Number(uk[1])];
  else if (named) {
    const index = MONTH_NAMES.findIndex((name) => named[1]!.length >= 3 && name.startsWith(named[1]!));
    if (index >= 0) [year, month] = [Number(named[2]), index + 1];
  }
  if (year === undefined || month === undefined || month < 1 || month > 12 || year < 2000 || year > 2099) return null;
  return `${year}-${String(month).padStart(2, "0")}`;
}

/** A headcount as typed: a whole number from 0 to 100,000 (commas allowed), or why it is not one. */
export function readHeadcount(raw: string): { headcount: number } | { problem: string } {
  const text = raw.trim().replace(/,/g, "");
  if (!/^\d+$/.test(text)) return { problem: "Headcount must be a whole number, like 42" };
  const headcount = Number(text);
  if (headcount > MAX_HEADCOUNT) return { problem: "Headcount must be 100,000 or fewer" };
  return { headcount };
}

/** Why a month may not take a headcount, or null: rates are for months that have begun. */
export function monthProblem(month: string, currentMonth: string) {
  return monthIndex(month) > monthIndex(currentMonth) ? "Give headcounts for this month or earlier months" : null;
}

/** The most months the grid shows at once (one row of boxes per team). */
export const GRID_MONTHS = 12;

/**
 * The grid's months from the address ("from" and "to", like 2026-01): the last twelve by default;
 * a bad choice falls back to the default with a message for the field that was typed.
 */
export function gridPeriod(params: URLSearchParams, currentMonth: string) {
  const typed = { from: params.get("from") ?? "", to: params.get("to") ?? "" };
  const fallback = { from: monthOf(monthIndex(currentMonth) - (GRID_MONTHS - 1)), to: currentMonth };
  const errors: Partial<Record<"from" | "to", string>> = {};
  const from = typed.from ? readMonth(typed.from) : fallback.from;
  const to = typed.to ? readMonth(typed.to) : typed.from && from ? monthOf(Math.min(monthIndex(from) + GRID_MONTHS - 1, monthIndex(currentMonth))) : fallback.to;
  if (!from) errors.from = "Enter the first month as a year and month, like 2026-01";
  if (!to) errors.to = "Enter the last month as a year and month, like 2026-12";
  if (from && to) {
    if (monthIndex(from) > monthIndex(to)) errors.to = "The last month must be the same as or after the first month";
    else if (monthIndex(to) - monthIndex(from) + 1 > GRID_MONTHS) errors.to = `Choose ${GRID_MONTHS} months or fewer`;
    else if (monthProblem(to, currentMonth)) errors.to = "The last month cannot be after this month";
  }
  if (Object.keys(errors).length > 0 || !from || !to) return { ...fallback, errors, typed };
  return { from, to, errors, typed };
}
