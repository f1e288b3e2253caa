// Team headcounts (the staff of a team in a month, the denominator of rates): how a month and a
// headcount are read from what an admin types or pastes, and how a pasted list or CSV of
// "team, month, headcount" lines is understood. A headcount stays the same in later months until
// a new one is given (teamMonthHeadcounts carries it forward), so only changes need entering.
import { parse } from "csv-parse/sync";
import { monthIndex, monthOf } from "~/domain/dashboard-filters";

export const MAX_HEADCOUNT = 100_000;
/** Lines one pasted list or file may hold: 14 teams × 3 years is about 500. */
export const MAX_HEADCOUNT_LINES = 5_000;

const MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const squash = (text: string) => text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]/g, "");

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

export type HeadcountLine = { line: number; teamId: string; team: string; month: string; headcount: number };
export type LineProblem = { line: number; problem: string };

/**
 * A pasted list or CSV file of "team, month, headcount" lines (comma, semicolon or tab between
 * them; a header row is recognised and skipped). Teams are matched by name, ignoring case, spaces
 * and punctuation. Every line that cannot be used is named with why, so nothing is dropped silently.
 */
export function readHeadcountLines(
  text: string,
  teams: { id: string; name: string }[],
  currentMonth: string,
): { lines: HeadcountLine[]; problems: LineProblem[] } {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const delimiter = [",", ";", "\t"].reduce((best, candidate) => (firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best), ",");
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof records;
  } catch (error) {
    const line = error && typeof error === "object" && "lines" in error ? Number(error.lines) : 1;
    return { lines: [], problems: [{ line, problem: "This line could not be read: check that every quote mark is closed" }] };
  }
  const teamByName = new Map(teams.map((t) => [squash(t.name), t]));
  const lines: HeadcountLine[] = [];
  const problems: LineProblem[] = [];
  const firstLineOf = new Map<string, number>();
  records.forEach(({ record, info }, index) => {
    const line = info.lines;
    const cells = record.filter((cell, i) => cell !== "" || i < 3);
    if (cells.every((cell) => cell === "")) return;
    // A header row: the first line, when its last value is not a number.
    if (index === 0 && !/\d/.test(cells[2] ?? "") && /team/i.test(cells[0] ?? "")) return;
    if (cells.length !== 3) {
      problems.push({ line, problem: `Give three values: team, month and headcount (this line has ${cells.length})` });
      return;
    }
    const [teamName, monthText, headcountText] = cells as [string, string, string];
    const why: string[] = [];
    const team = teamByName.get(squash(teamName));
    if (!teamName) why.push("Enter the team");
    else if (!team) why.push(`There is no team called “${teamName}”`);
    const month = readMonth(monthText);
    if (!month) why.push(`“${monthText}” is not a month like 2026-11 or Nov 2026`);
    else if (monthProblem(month, currentMonth)) why.push(monthProblem(month, currentMonth)!);
    const headcount = readHeadcount(headcountText);
    if ("problem" in headcount) why.push(headcount.problem);
    if (why.length > 0 || !team || !month || "problem" in headcount) {
      problems.push({ line, problem: why.join(". ") });
      return;
    }
    const key = `${team.id}|${month}`;
    const earlier = firstLineOf.get(key);
    if (earlier !== undefined) {
      problems.push({ line, problem: `${team.name} in ${month} is given already on line ${earlier}` });
      return;
    }
    firstLineOf.set(key, line);
    lines.push({ line, teamId: team.id, team: team.name, month, headcount: headcount.headcount });
  });
  if (lines.length + problems.length > MAX_HEADCOUNT_LINES) {
    return { lines: [], problems: [{ line: 1, problem: `Give at most ${MAX_HEADCOUNT_LINES.toLocaleString("en-GB")} lines at a time` }] };
  }
  return { lines, problems };
}
