// The import's write, at the model level: every row and link goes in, in one transaction, with the
// timestamps and month keys the forms would give; a fault part-way through leaves nothing behind.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoCopyForModules, type DemoCopy } from "../support/app-modules";
import type { TestSql } from "../support/sql";

let demo: DemoCopy;
let sql: TestSql;
type ImportModule = typeof import("~/models/import.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports
type DbModule = typeof import("~/db.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports
let importer: ImportModule;
let prisma: DbModule["prisma"];

const HEADER = "Staff reference,Team,Exposure date,Incident type,Involvement,Partner agencies,Information reached,Barriers,Initial distress,First contact type,First contact date,First contact distress,First contact outcome";
// 5,000 rows over 700 people and two teams, two agencies on every third, a first contact on every other.
const LINES = Array.from({ length: 5000 }, (_, i) => {
  const day = 1 + (i % 28);
  const month = 1 + (Math.floor(i / 28) % 12);
  const date = `${day}/${month}/2022 ${String(i % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`;
  const contact = i % 2 === 0 ? ["defusing", `${day}/${month}/2022 23:59`, String(i % 11), "no further action"] : ["", "", "", ""];
  return [`WR-${i % 700}`, i % 2 ? "Response Team North" : "Response Team South", date, "violence", "attended", i % 3 === 0 ? "Police; Social care" : "", i % 5 === 0 ? "2" : "", i % 5 === 0 ? "Systems don't connect" : "", String(i % 11), ...contact]
    .map((value) => (value.includes(",") || value.includes("'") ? `"${value}"` : value))
    .join(",");
});
const FILE = [HEADER, ...LINES].join("\n");

const counts = async () =>
  (await sql.get<Record<string, number>>(
      `SELECT (SELECT count(*) FROM Exposure) AS exposures, (SELECT count(*) FROM SupportContact) AS contacts,
         (SELECT count(*) FROM SupportContactExposure) AS links, (SELECT count(*) FROM ExposurePartnerAgency) AS agencies,
         (SELECT count(*) FROM ExposureBarrier) AS barriers, (SELECT count(*) FROM StaffMember) AS staff, (SELECT count(*) FROM ImportBatch) AS imports`,
  ))!;

beforeAll(async () => {
  demo = await demoCopyForModules("import-writes");
  ({ prisma, sql } = demo);
  importer = await import("~/models/import.server");
}, 60_000);
afterAll(() => demo?.close());

async function analysed() {
  const organisation = await prisma.organisation.findFirstOrThrow();
  const analysis = await importer.analyseImport({ organisationId: organisation.id, timeZone: organisation.timeZone, text: FILE, mapping: { team: {}, incidentType: {}, initiative: {} } });
  expect(analysis.kind === "analysed" && analysis.counts).toEqual({ ok: 5000, rejected: 0, duplicate: 0 });
  return { organisation, analysis };
}

describe("writing an import", () => {
  test("a fault part-way through the write leaves nothing: no row, link, staff member or import", async () => {
    const { organisation, analysis } = await analysed();
    const before = await counts();
    let reports = 0;
    const run = importer.runImport({
      organisationId: organisation.id,
      timeZone: organisation.timeZone,
      analysis,
      fileName: "faulty.csv",
      validOnly: false,
      runById: null,
      onProgress: () => {
        reports += 1;
        if (reports === 2) throw new Error("the disk went away");
      },
    });
    await expect(run).rejects.toThrow("the disk went away");
    expect(reports).toBe(2);
    expect(await counts()).toEqual(before);
  });

  test("every row goes in with its links, staff and the forms' timestamps and calendar keys", async () => {
    const { organisation, analysis } = await analysed();
    const before = await counts();
    const progress: number[] = [];
    const result = await importer.runImport({
      organisationId: organisation.id,
      timeZone: organisation.timeZone,
      analysis,
      fileName: "history.csv",
      validOnly: false,
      runById: null,
      onProgress: (done) => progress.push(done),
    });
    expect(result).toMatchObject({ imported: 5000, skipped: 0 });
    expect(progress.at(-1)).toBe(5000);
    expect(await counts()).toEqual({
      exposures: before.exposures! + 5000,
      contacts: before.contacts! + 2500,
      links: before.links! + 2500,
      agencies: before.agencies! + 2 * Math.ceil(5000 / 3),
      barriers: before.barriers! + 1000,
      staff: before.staff! + 700,
      imports: before.imports! + 1,
    });
    // Read back through Prisma: the raw rows must look like the client's own.
    const first = await prisma.exposure.findFirstOrThrow({ where: { importBatchId: result.batchId }, orderBy: { id: "asc" }, include: { staffMember: true, contacts: { include: { supportContact: true } } } });
    expect(first.staffMember.reference).toBe("WR-0");
    expect(first.occurredAt.toISOString()).toBe("2022-01-01T00:00:00.000Z");
    expect(first.occurredMonth).toBe("2022-01");
    expect(first.occurredWeek).toBe("2021-12-27");
    expect(first.createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(first.contacts[0]!.supportContact.contactedAt.toISOString()).toBe("2022-01-01T23:59:00.000Z");
    // Line 170 says 1/7/2022 00:48, British Summer Time: an hour earlier in UTC, still July locally.
    const summer = await prisma.exposure.findFirstOrThrow({ where: { importBatchId: result.batchId, occurredMonth: "2022-07" }, orderBy: { id: "asc" } });
    expect(summer.occurredAt.toISOString()).toBe("2022-06-30T23:48:00.000Z");
    const raw = (await sql.get<{ occurredAt: string; createdAt: string }>("SELECT occurredAt, createdAt FROM Exposure WHERE id = ?", first.id))!;
    expect(raw.occurredAt).toBe("2022-01-01T00:00:00.000+00:00");
    expect(raw.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  });
});
