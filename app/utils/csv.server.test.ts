import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import { neutraliseFormula, toCsv } from "~/utils/csv.server";

const FORMULAS = ['=HYPERLINK("http://x","y")', '+HYPERLINK("http://x","y")', '-HYPERLINK("http://x","y")', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];

/** The cells of a CSV file, as a spreadsheet or any CSV reader splits them. */
const cells = (csv: string, delimiter = ",") => parse(csv, { delimiter, relax_quotes: true }) as string[][];

describe("text that would start a formula", () => {
  test("gets a leading apostrophe, for each character a spreadsheet takes as a formula's start", () => {
    for (const formula of FORMULAS) expect(neutraliseFormula(formula)).toBe(`'${formula}`);
    const csv = toCsv(
      FORMULAS.map((team) => ({ team })),
      ["team"],
    );
    expect(cells(csv)).toEqual([["team"], ...FORMULAS.map((f) => [`'${f}`])]);
  });

  test("other text is written as it is, an = or @ inside it too", () => {
    for (const text of ["Response Team North", "A&E = busy", "team@north", "'quoted", "", "Team 2"]) expect(neutraliseFormula(text)).toBe(text);
  });

  test("a cell with a semicolon is one quoted cell, so a formula after it never starts a cell where semicolons separate", () => {
    const csv = toCsv([{ team: 'Blue;=HYPERLINK("http://x","y")', value: 3 }], ["team", "value"]);
    expect(csv).toBe('"team","value"\n"Blue;=HYPERLINK(""http://x"",""y"")",3\n');
    // Read with semicolons as the separator: no cell starts with "=".
    expect(cells(csv, ";").flat().some((cell) => cell.startsWith("="))).toBe(false);
  });
});

describe("figures", () => {
  test("numbers our code writes stay numbers, negative ones too: a number is never a formula", () => {
    const csv = toCsv([{ measure: "Change in mean distress", value: -2.5 }, { measure: "95% CI from", value: -0.4 }, { measure: "Exposures", value: 12 }], ["measure", "value"]);
    expect(cells(csv).slice(1).map(([, value]) => value)).toEqual(["-2.5", "-0.4", "12"]);
    expect(csv).toContain(",-2.5\n");
  });

  test("text that looks like a number is text all the same (a team named -2), and is neutralised", () => {
    expect(cells(toCsv([{ team: "-2" }], ["team"]))[1]).toEqual(["'-2"]);
  });

  test("an empty figure is an empty cell; Windows line ends on request", () => {
    expect(toCsv([{ a: "x", b: null }], ["a", "b"])).toBe('"a","b"\n"x",\n');
    expect(toCsv([{ a: "x" }], ["a"], { windowsLineEnds: true })).toBe('"a"\r\n"x"\r\n');
  });
});
