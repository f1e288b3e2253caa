import { describe, expect, test } from "vitest";
import { readHeadcountLines } from "~/domain/headcount-lines";
import { gridPeriod, readHeadcount, readMonth } from "~/domain/headcounts";

const TEAMS = [
  { id: "t1", name: "Response North" },
  { id: "t2", name: "Control Room B" },
];

describe("readMonth", () => {
  test.each([
    ["2026-11", "2026-11"],
    ["2026/1", "2026-01"],
    ["11/2026", "2026-11"],
    ["1-2026", "2026-01"],
    ["Nov 2026", "2026-11"],
    ["november 2026", "2026-11"],
    ["Sept 2025", "2025-09"],
  ])("%s is %s", (raw, month) => expect(readMonth(raw)).toBe(month));

  test.each(["2026-13", "13/2026", "Nu 2026", "2026", "31/01/2026", "1999-12", ""])("%s is not a month", (raw) => expect(readMonth(raw)).toBeNull());
});

describe("readHeadcount", () => {
  test("a whole number, with or without a thousands comma", () => {
    expect(readHeadcount(" 42 ")).toEqual({ headcount: 42 });
    expect(readHeadcount("1,204")).toEqual({ headcount: 1204 });
    expect(readHeadcount("0")).toEqual({ headcount: 0 });
  });
  test.each(["", "-3", "4.5", "forty", "100001"])("%s is refused with a reason", (raw) => expect(readHeadcount(raw)).toHaveProperty("problem"));
});

describe("readHeadcountLines", () => {
  test("reads a pasted list with a header, matching team names loosely, and names every bad line", () => {
    const text = [
      "Team,Month,Headcount",
      "response north,2026-01,42",
      "Control Room B;Feb 2026;18", // a semicolon inside a comma file is one value: bad line
      "Control-Room-B,2026-02,18",
      "Response North,2026-13,40",
      "Nowhere,2026-01,4",
      "Response North,01/2026,43",
      "Response North,2028-01,43",
      "",
      "Control Room B,2026-03,",
    ].join("\n");
    const { lines, problems } = readHeadcountLines(text, TEAMS, "2026-12");
    expect(lines).toEqual([
      { line: 2, teamId: "t1", team: "Response North", month: "2026-01", headcount: 42 },
      { line: 4, teamId: "t2", team: "Control Room B", month: "2026-02", headcount: 18 },
    ]);
    expect(problems).toEqual([
      { line: 3, problem: "Give three values: team, month and headcount (this line has 1)" },
      { line: 5, problem: "“2026-13” is not a month like 2026-11 or Nov 2026" },
      { line: 6, problem: "There is no team called “Nowhere”" },
      { line: 7, problem: "Response North in 2026-01 is given already on line 2" },
      { line: 8, problem: "Give headcounts for this month or earlier months" },
      { line: 10, problem: "Headcount must be a whole number, like 42" },
    ]);
  });

  test("tab-separated lines pasted from a spreadsheet, without a header", () => {
    const { lines, problems } = readHeadcountLines("Response North\t2025-06\t40\nControl Room B\tJun 2025\t17\n", TEAMS, "2026-12");
    expect(problems).toEqual([]);
    expect(lines.map((l) => [l.teamId, l.month, l.headcount])).toEqual([
      ["t1", "2025-06", 40],
      ["t2", "2025-06", 17],
    ]);
  });

  test("an unclosed quote is named, not a crash", () => {
    expect(readHeadcountLines('Response North,2025-06,"40\n', TEAMS, "2026-12").problems[0]!.problem).toMatch(/quote/);
  });
});

describe("gridPeriod", () => {
  const period = (query: string) => gridPeriod(new URLSearchParams(query), "2026-12");
  test("the last twelve months by default, or twelve from a chosen first month", () => {
    expect(period("")).toMatchObject({ from: "2026-01", to: "2026-12", errors: {} });
    expect(period("from=2024-03")).toMatchObject({ from: "2024-03", to: "2025-02", errors: {} });
    expect(period("from=Jun 2026")).toMatchObject({ from: "2026-06", to: "2026-12", errors: {} });
  });
  test("a bad choice says why and shows the default", () => {
    expect(period("from=2024-01&to=2026-01")).toMatchObject({ from: "2026-01", to: "2026-12", errors: { to: "Choose 12 months or fewer" } });
    expect(period("from=soon")).toMatchObject({ errors: { from: expect.stringMatching(/year and month/) } });
    expect(period("from=2026-12&to=2027-01")).toMatchObject({ errors: { to: "The last month cannot be after this month" } });
  });
});
