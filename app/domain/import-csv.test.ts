import { describe, expect, test } from "vitest";
import { IMPORT_COLUMNS } from "./import-columns";
import { templateCsv } from "./import-template.server";
import { IMPORT_LIMITS } from "./import-limits";
import { ImportFileRefused, dateParts, formInputs, matchHeaders, parseCsv, readCsv, rowKey, utf8Text, vocabularyKey } from "./import-csv";
import { INCIDENT_TYPES } from "./vocabulary";

describe("reading the file", () => {
  test("a BOM, semicolons, quoted fields with separators and line breaks, and blank lines", async () => {
    const text = '\uFEFFStaff reference;Team;Notes\r\nNP-1;"Response; North";"line one\nline two"\r\n\r\n;;\nNP-2;Roads;"He said ""fine"""\n';
    const parsed = await parseCsv(text);
    if ("problem" in parsed) throw new Error(parsed.problem);
    expect(parsed.headers).toEqual(["Staff reference", "Team", "Notes"]);
    expect(parsed.rows.map((r) => r.values)).toEqual([
      ["NP-1", "Response; North", "line one\nline two"],
      ["NP-2", "Roads", 'He said "fine"'],
    ]);
    // Line numbers are the file's, counting the header, so an admin can find the row.
    expect(parsed.rows.map((r) => r.line)).toEqual([3, 6]);
  });

  test("commas are the default separator", async () => {
    const parsed = await parseCsv("a,b\n1,2\n");
    expect("problem" in parsed ? parsed.problem : parsed.rows[0]!.values).toEqual(["1", "2"]);
  });

  test("an unclosed quote, an empty file and a file without records are explained", async () => {
    expect(await parseCsv('a,b\n"1,2\n')).toMatchObject({ problem: expect.stringMatching(/quote/) });
    expect(await parseCsv("")).toMatchObject({ problem: expect.stringMatching(/empty/) });
    expect(await parseCsv("a,b\n\n")).toMatchObject({ problem: expect.stringMatching(/no records/) });
  });
});

/** The bytes of a text, in pieces as an upload streams in. */
async function* bytesOf(text: string, piece = 1000) {
  const bytes = new TextEncoder().encode(text);
  for (let start = 0; start < bytes.length; start += piece) yield bytes.slice(start, start + piece);
}
const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "read",
    (error: unknown) => (error instanceof ImportFileRefused ? error.message : `failed: ${String(error)}`),
  );

describe("a file over a limit is refused as it streams in", () => {
  test("more rows than the limit, even of one character each", async () => {
    const rows = `a\n${"x\n".repeat(IMPORT_LIMITS.rows + 1)}`;
    expect(await refusalOf(readCsv(utf8Text(bytesOf(rows, 64 * 1024)), { keepRows: false }))).toMatch(/more than 100,000 rows/);
    // At the limit it is read, and only counted when the rows are not kept.
    const atLimit = await readCsv(utf8Text(bytesOf(`a\n${"x\n".repeat(IMPORT_LIMITS.rows)}`, 64 * 1024)), { keepRows: false });
    expect(atLimit).toMatchObject({ rowCount: IMPORT_LIMITS.rows, rows: [] });
  }, 30_000);

  test("a cell longer than the limit, and a row longer than any record", async () => {
    expect(await refusalOf(parseCsv(`a,b\n1,${"y".repeat(IMPORT_LIMITS.cellCharacters + 1)}\n`))).toMatch(/Line 2 has a cell of more than 2,000 characters/);
    expect(await refusalOf(parseCsv(`a\n"${"y".repeat(1_000_000)}"\n`))).toMatch(/row of more than 10,000 characters/);
  });

  test("more columns than the limit, counted before the row is whole; separators inside quotes are not columns", async () => {
    let piecesRead = 0;
    async function* manyEmptyCells() {
      yield "a,b\n";
      for (;;) {
        piecesRead += 1;
        yield ",".repeat(1000);
      }
    }
    expect(await refusalOf(readCsv(manyEmptyCells()))).toMatch(/more than 50 columns/);
    expect(piecesRead).toBe(1);
    const quoted = await parseCsv(`a,b\n1,"${",".repeat(100)}"\n`);
    expect("problem" in quoted ? quoted.problem : quoted.rows[0]!.values[1]).toBe(",".repeat(100));
  });

  test("more bytes than the limit: refused without reading the rest", async () => {
    let piecesRead = 0;
    async function* endless() {
      for (;;) {
        piecesRead += 1;
        // a megabyte of rows of 1,024 bytes
        yield new TextEncoder().encode(`${"a".repeat(1023)}\n`.repeat(1024));
      }
    }
    expect(await refusalOf(readCsv(utf8Text(endless())))).toMatch(/larger than 20 MB/);
    expect(piecesRead).toBe(21);
  }, 30_000);

  test("text that is not UTF-8 (even split across pieces) or holds a null character", async () => {
    expect(await refusalOf(readCsv(utf8Text(bytesOf("a\n\u00e9\n", 3))))).toBe("read");
    async function* latin1() {
      yield new Uint8Array([0x61, 0x0a, 0xe9, 0x0a]);
    }
    expect(await refusalOf(readCsv(utf8Text(latin1())))).toMatch(/not UTF-8/);
    expect(await refusalOf(readCsv(utf8Text(bytesOf("a\n1\u0000\n"))))).toMatch(/null character/);
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

  test("the template's header row matches every column", async () => {
    const parsed = await parseCsv(templateCsv());
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
