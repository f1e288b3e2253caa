import { describe, expect, test } from "vitest";
import { IMPORT_COLUMNS } from "./import-columns";
import { templateCsv } from "./import-template.server";
import { dateParts, formInputs, matchHeaders, parseCsv, rowKey, vocabularyKey } from "./import-csv";
import { INCIDENT_TYPES } from "./vocabulary";

describe("reading the file", () => {
  test("a BOM, semicolons, quoted fields with separators and line breaks, and blank lines", () => {
    const text = '\uFEFFStaff reference;Team;Notes\r\nNP-1;"Response; North";"line one\nline two"\r\n\r\n;;\nNP-2;Roads;"He said ""fine"""\n';
    const parsed = parseCsv(text);
    if ("problem" in parsed) throw new Error(parsed.problem);
    expect(parsed.headers).toEqual(["Staff reference", "Team", "Notes"]);
    expect(parsed.rows.map((r) => r.values)).toEqual([
      ["NP-1", "Response; North", "line one\nline two"],
      ["NP-2", "Roads", 'He said "fine"'],
    ]);
    // Line numbers are the file's, counting the header, so an admin can find the row.
    expect(parsed.rows.map((r) => r.line)).toEqual([3, 6]);
  });

  test("commas are the default separator", () => {
    const parsed = parseCsv("a,b\n1,2\n");
    expect("problem" in parsed ? parsed.problem : parsed.rows[0]!.values).toEqual(["1", "2"]);
  });

  test("an unclosed quote, an empty file and a file without records are explained", () => {
    expect(parseCsv('a,b\n"1,2\n')).toMatchObject({ problem: expect.stringMatching(/quote/) });
    expect(parseCsv("")).toMatchObject({ problem: expect.stringMatching(/empty/) });
    expect(parseCsv("a,b\n\n")).toMatchObject({ problem: expect.stringMatching(/no records/) });
  });
});

describe("headers", () => {
  test("are matched ignoring case, spaces and punctuation, and by their aliases", () => {
    const { matches, missing } = matchHeaders(["STAFF_REFERENCE", "team", "Date", "incident type", "Involvement", "initial-distress", "Favourite colour"]);
    expect(matches.map((m) => m.field)).toEqual(["staffReference", "team", "exposureDate", "incidentType", "involvement", "initialDistress", null]);
    expect(missing).toEqual([]);
  });

  test("say which required columns are missing and which repeat", () => {
    const { missing, repeated } = matchHeaders(["Staff reference", "Team", "Team name"]);
    expect(missing.map((c) => c.field)).toEqual(["exposureDate", "incidentType", "involvement", "initialDistress"]);
    expect(repeated).toEqual(["Team name"]);
  });

  test("the template's header row matches every column", () => {
    const parsed = parseCsv(templateCsv());
    if ("problem" in parsed) throw new Error(parsed.problem);
    expect(matchHeaders(parsed.headers).matches.map((m) => m.field)).toEqual(IMPORT_COLUMNS.map((c) => c.field));
  });
});

describe("values", () => {
  test("dates as day/month/year or ISO, with an optional time", () => {
    expect(dateParts("31/01/2025")).toEqual({ day: "31", month: "01", year: "2025" });
    expect(dateParts("2025-1-31 14:30")).toEqual({ day: "31", month: "1", year: "2025", hour: "14", minute: "30" });
    expect(dateParts("Jan 31 2025")).toBeNull();
  });

  test("a list value by its key or its wording", () => {
    expect(vocabularyKey(INCIDENT_TYPES, "Fatality, including suicide")).toBe("fatality");
    expect(vocabularyKey(INCIDENT_TYPES, "MENTAL HEALTH CRISIS")).toBe("mental_health_crisis");
    expect(vocabularyKey(INCIDENT_TYPES, "Something else")).toBeNull();
  });

  test("a blank information rating is no rating, unless barriers are given; unknown list values are named", () => {
    const keys = { exposure: "k1", contact: "k2" };
    const none = formInputs({ involvement: "attended", initialDistress: "4" }, { incidentType: "other", initiativeId: null }, keys);
    expect(none.exposure.informationReached).toBe("na");
    const bad = formInputs({ involvement: "on holiday", partnerAgencies: "Police; Martians" }, { incidentType: "other", initiativeId: null }, keys);
    expect(bad.problems.sort()).toEqual(["Involvement “on holiday” is not one of the choices", "Partner agency “Martians” is not one of the choices"]);
    expect(bad.exposure.informationReached).toBe("na");
    const barriers = formInputs({ partnerAgencies: "Police", barriers: "Low trust between agencies" }, { incidentType: "other", initiativeId: null }, keys);
    expect(barriers.exposure.informationReached).toBeUndefined();
    const orphan = formInputs({ contactDistress: "3" }, { incidentType: "other", initiativeId: null }, keys);
    expect(orphan.problems).toContain("First contact details are given without a first contact type");
  });

  test("the same row always gets the same key, and a different row another", () => {
    const row = { staffReference: "NP-1", team: "North", exposureDate: "31/01/2025" };
    expect(rowKey("org", row, "exposure")).toBe(rowKey("org", { ...row, staffReference: "np-1 " }, "exposure"));
    expect(rowKey("org", row, "exposure")).not.toBe(rowKey("org", { ...row, exposureDate: "30/01/2025" }, "exposure"));
    expect(rowKey("org", row, "exposure")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
