// A pasted list or CSV file of "team, month, headcount" lines, read with csv-parse. Kept apart from
// headcounts.ts because pages import that one into the browser, and csv-parse is for the server.
import { parse } from "csv-parse/sync";
import { monthProblem, readHeadcount, readMonth } from "~/domain/headcounts";

/** Lines one pasted list or file may hold: 14 teams × 3 years is about 500. */
export const MAX_HEADCOUNT_LINES = 5_000;

/** A team name for matching: case, spaces, punctuation and accents ignored. */
const squashName = (text: string) => text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]/g, "");

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
  const teamByName = new Map(teams.map((t) => [squashName(t.name), t]));
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
    const team = teamByName.get(squashName(teamName));
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
