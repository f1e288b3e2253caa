// Every CSV file Debrief writes goes through toCsv, so none can carry a formula into the
// spreadsheet a manager or researcher opens it in (CSV or formula injection, OWASP). Server only:
// csv-stringify needs Node's Buffer.
import { stringify } from "csv-stringify/sync";

/** What a spreadsheet takes as the start of a formula (OWASP's list): =, +, -, @, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell as a spreadsheet shows it rather than runs it: one that would start a formula gets a
 * leading apostrophe, e.g. a team named `=HYPERLINK("http://x","y")`.
 */
export function neutraliseFormula(text: string) {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export type CsvCell = string | number | null | undefined;

/**
 * The rows as CSV under a header row of `columns`.
 *
 * Only text cells are neutralised. A cell our code writes as a number (a change of -2.5, a
 * confidence interval from -0.4) is a figure, not someone's text, and a number cannot be a formula,
 * so it stays a number the spreadsheet can add up. Anything typed by a person (a team's or a
 * service's name) is text, and text that happens to look like a number ("-2") is neutralised like
 * any other. So a figure must be passed as a number, never formatted into a string first, unless it
 * can never start with one of the characters above (the research export's counts and "*").
 *
 * Every text cell is also quoted: a cell such as `x;=1+1` then stays one cell in a spreadsheet that
 * splits at semicolons, so the formula after the separator never starts a cell of its own.
 * Empty cells (null) are left empty.
 */
export function toCsv<Row extends Record<string, CsvCell>>(rows: readonly Row[], columns: readonly (keyof Row & string)[], options: { windowsLineEnds?: boolean } = {}) {
  return stringify(rows as Row[], {
    header: true,
    columns: [...columns],
    quoted_string: true,
    cast: { string: neutraliseFormula },
    record_delimiter: options.windowsLineEnds ? "windows" : "unix",
  });
}
