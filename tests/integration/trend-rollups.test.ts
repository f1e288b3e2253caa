// The tallies and cached months that the dashboard reads instead of every record must never
// disagree with the records: the database keeps them in the same transaction as each write, by
// whatever path it comes (the forms' saves, edits, deletions, cascades, retention, erasure).
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseWithZod } from "@conform-to/zod";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { importFile } from "../../bench/import-file";
import { canonicalFigures } from "../../bench/naive-figures";
import { demoCopyForModules, type DemoCopy } from "../support/app-modules";

type TrendsModule = typeof import("~/models/trends.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports
type TrendMonthsModule = typeof import("~/models/trend-months.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports
type RecordsModule = typeof import("~/models/records.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports
type RetentionModule = typeof import("~/models/retention.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports
type DomainModule = typeof import("~/domain/records"); // eslint-disable-line @typescript-eslint/consistent-type-imports
type ImportModule = typeof import("~/models/import.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports

const ORG = "demo-organisation";
const K = 5;
let demo: DemoCopy;
let trends: TrendsModule;
let cache: TrendMonthsModule;
let records: RecordsModule;
let retention: RetentionModule;
let domain: DomainModule;
let imports: ImportModule;

beforeAll(async () => {
  demo = await demoCopyForModules("trend-rollups");
  trends = await import("~/models/trends.server");
  cache = await import("~/models/trend-months.server");
  records = await import("~/models/records.server");
  retention = await import("~/models/retention.server");
  domain = await import("~/domain/records");
  imports = await import("~/models/import.server");
});
afterAll(() => demo?.close());

/** Writes no form makes (a cascade, a hard delete), by the test's own connection. */
const write = (sql: string, ...params: unknown[]) => demo.sql.run(sql, ...params);
const rows = (sql: string, ...params: unknown[]) => demo.sql.all(sql, ...params);

/** The tallies as the database keeps them, and as a plain count of the live records gives them. */
async function tallies() {
  return {
    kept: {
      types: await rows("SELECT teamId, staffMemberId, incidentType, exposures FROM ExposureTally ORDER BY 1, 2, 3"),
      agencies: await rows("SELECT teamId, staffMemberId, agency, exposures FROM AgencyTally ORDER BY 1, 2, 3"),
    },
    counted: {
      types: await rows("SELECT teamId, staffMemberId, incidentType, COUNT(*) AS exposures FROM Exposure WHERE deletedAt IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"),
      agencies: await rows(
        `SELECT e.teamId, e.staffMemberId, p.agency, COUNT(*) AS exposures FROM ExposurePartnerAgency p JOIN Exposure e ON e.id = p.exposureId
         WHERE e.deletedAt IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      ),
    },
  };
}

/** Imports the benchmark's generated spreadsheet of past records for the demo, as an admin would; its batch. */
async function importRecords(count: number) {
  const text = readFileSync(importFile(count), "utf8");
  const analysis = await imports.analyseImport({ organisationId: ORG, timeZone: "Europe/London", text, mapping: { team: {}, incidentType: {}, initiative: {} } });
  if (analysis.kind !== "analysed") throw new Error(analysis.problems.join("; "));
  const { batchId } = await imports.runImport({ organisationId: ORG, timeZone: "Europe/London", analysis, fileName: "past.csv", validOnly: false, runById: null });
  expect(await rows("SELECT COUNT(*) AS n FROM TrendBulkWrite")).toEqual([{ n: 0 }]);
  return batchId;
}

/** Saves an exposure on the given day ("YYYY-MM-DD") through the form's own schema and save. */
async function saveExposure(staffMemberId: string, date: string, agencies: string[]) {
  const form = new FormData();
  for (const [name, value] of Object.entries({
    idempotencyKey: randomUUID(),
    "occurred.day": String(Number(date.slice(8, 10))),
    "occurred.month": String(Number(date.slice(5, 7))),
    "occurred.year": date.slice(0, 4),
    incidentType: "frequent_caller",
    involvement: "remote",
    informationReached: "3",
    initialDistress: "6",
  }))
    form.append(name, value);
  for (const agency of agencies) form.append("partnerAgencies", agency);
  const submission = parseWithZod(form, { schema: domain.exposureSchema({ timeZone: "Europe/London" }) });
  if (submission.status !== "success") throw new Error(JSON.stringify(submission.error));
  const actor = { supporterId: "demo-user-supporter", organisationId: ORG, timeZone: "Europe/London", request: new Request("http://localhost/") };
  return (await records.createExposure(staffMemberId, submission.value, actor)).id;
}

describe("tallies of people per team, incident type and agency", () => {
  test("the migration counted the demo's records, and every kind of write keeps the count exact", async () => {
    let check = await tallies();
    expect(check.kept.types.length).toBeGreaterThan(50);
    expect(check.kept.agencies.length).toBeGreaterThan(20);
    expect(check.kept).toEqual(check.counted);

    const lastMonth = (await rows("SELECT MAX(occurredMonth) AS m FROM Exposure") as { m: string }[])[0]!.m;
    let batch = "";
    const [someone, another] = await rows("SELECT id, teamId FROM StaffMember WHERE organisationId = ? AND anonymisedAt IS NULL ORDER BY id LIMIT 2", ORG) as { id: string; teamId: string }[];
    const steps: [string, () => unknown][] = [
      ["a save through the form's own path, with two agencies", () => saveExposure(someone!.id, `${lastMonth}-01`, ["police", "fire"])],
      ["an edit of its team and incident type", () => write("UPDATE Exposure SET teamId = ?, incidentType = 'violence' WHERE id = (SELECT MAX(id) FROM Exposure)", another!.teamId)],
      ["an agency taken off", () => write("DELETE FROM ExposurePartnerAgency WHERE exposureId = (SELECT MAX(id) FROM Exposure) AND agency = 'fire'")],
      ["an agency changed", () => write("UPDATE ExposurePartnerAgency SET agency = 'health' WHERE exposureId = (SELECT MAX(id) FROM Exposure)")],
      ["a deletion (kept, marked deleted)", () => write("UPDATE Exposure SET deletedAt = '2026-11-20T10:00:00.000+00:00' WHERE id = (SELECT MAX(id) FROM Exposure)")],
      ["an agency added to a deleted record", () => write("INSERT INTO ExposurePartnerAgency (exposureId, agency) VALUES ((SELECT MAX(id) FROM Exposure), 'police')")],
      ["a deletion undone", () => write("UPDATE Exposure SET deletedAt = NULL WHERE id = (SELECT MAX(id) FROM Exposure)")],
      ["a record removed with its agencies (cascade)", () => write("DELETE FROM Exposure WHERE id = (SELECT MAX(id) FROM Exposure)")],
      ["a record moved to another person", () => write("UPDATE Exposure SET staffMemberId = ? WHERE id = (SELECT MIN(id) FROM Exposure WHERE staffMemberId = ?)", another!.id, someone!.id)],
      ["erasure", () => retention.eraseStaffMember(ORG, someone!.id, "demo-user-admin")],
      ["an import of 2,000 past records (the triggers' work done once for the batch)", async () => (batch = await importRecords(2_000))],
      ["the import undone", () => imports.undoImport(ORG, batch)],
      ["a staff member removed with every record (cascade)", () => write("DELETE FROM StaffMember WHERE id = ?", another!.id)],
    ];
    for (const [what, step] of steps) {
      await step();
      check = await tallies();
      expect(check.kept, what).toEqual(check.counted);
    }
  });
});

describe("months of trend figures kept between visits", () => {
  const fresh = async (scope: Awaited<ReturnType<TrendsModule["remitScope"]>>, from: string, to: string, now: Date) => {
    const figures = await trends.exposureMonths(ORG, scope, from, to, { now });
    return { figures, withheld: await trends.nearlyCoinciding(ORG, scope, figures, K) };
  };
  /** A digest of every figure and withheld cell, so a difference reads as one line. */
  const canonical = ({ figures, withheld }: { figures: Parameters<typeof canonicalFigures>[0]; withheld: Map<string, Set<string>> }) =>
    createHash("sha256")
      .update(JSON.stringify([canonicalFigures(figures), [...withheld].map(([m, s]) => [m, [...s].sort()]).sort()]))
      .digest("hex");
  const cachedMonths = async () => (await rows("SELECT month FROM TrendMonthCache ORDER BY month")).map((r) => (r as { month: string }).month);

  test("a cached month is exactly the computed one, and goes when anything it is computed from changes", async () => {
    const scope = await trends.remitScope("demo-user-manager", K);
    const now = new Date();
    const month = (await rows("SELECT MAX(occurredMonth) AS m FROM Exposure WHERE deletedAt IS NULL") as { m: string }[])[0]!.m;
    const [from, to] = [`${Number(month.slice(0, 4)) - 1}${month.slice(4)}`, month];

    // The months the demo's publication kept (for every audience) go first: this visit keeps its own.
    await write("DELETE FROM TrendMonthCache");
    const first = await cache.trendMonths(ORG, scope, from, to, K, now);
    expect(canonical(first)).toBe(canonical(await fresh(scope, from, to, now)));
    expect(await cachedMonths()).toHaveLength(13);
    const second = await cache.trendMonths(ORG, scope, from, to, K, now);
    expect(canonical(second)).toBe(canonical(first));

    const inMonth = (await rows("SELECT id, staffMemberId FROM Exposure WHERE occurredMonth = ? AND deletedAt IS NULL ORDER BY id LIMIT 1", month) as { id: number; staffMemberId: string }[])[0]!;
    const contact = (await rows("SELECT supportContactId AS id FROM SupportContactExposure WHERE exposureId IN (SELECT id FROM Exposure WHERE occurredMonth = ?) LIMIT 1", month) as { id: number }[])[0]!;
    // One the record does not have yet, so the insert is a change (the seed may have given it any).
    const reported = (await rows("SELECT barrier FROM ExposureBarrier WHERE exposureId = ?", inMonth.id)).map((r) => (r as { barrier: string }).barrier);
    const newBarrier = ["low_trust", "terminology", "other"].find((barrier) => !reported.includes(barrier));
    const changes: [string, () => unknown][] = [
      ["a support contact's distress edited", () => write("UPDATE SupportContact SET distress = 10 - COALESCE(distress, 0) WHERE id = ?", contact.id)],
      ["a barrier reported", () => write("INSERT INTO ExposureBarrier (exposureId, barrier) VALUES (?, ?)", inMonth.id, newBarrier)],
      ["an agency taken off", () => write("DELETE FROM ExposurePartnerAgency WHERE exposureId IN (SELECT id FROM Exposure WHERE occurredMonth = ?)", month)],
      ["a follow-up done", () => write("UPDATE FollowUp SET completedAt = dueAt WHERE exposureId = ?", inMonth.id)],
      ["a contact unlinked from its exposure", () => write("DELETE FROM SupportContactExposure WHERE supportContactId = ?", contact.id)],
      ["a record deleted", () => write("UPDATE Exposure SET deletedAt = '2026-11-20T10:00:00.000+00:00' WHERE id = ?", inMonth.id)],
      ["a record of the month saved", () => saveExposure(inMonth.staffMemberId, `${month}-01`, [])],
    ];
    for (const [what, change] of changes) {
      await change();
      expect(await cachedMonths(), what).not.toContain(month);
      expect(await cachedMonths(), what).toHaveLength(12);
      const again = await cache.trendMonths(ORG, scope, from, to, K, now);
      expect(canonical(again), what).toBe(canonical(await fresh(scope, from, to, now)));
      expect(await cachedMonths(), what).toHaveLength(13);
    }
    // An import raises the version of every month it adds to, once, at the end of its transaction.
    const versions = async () => new Map((await rows("SELECT month, version FROM TrendMonthVersion WHERE organisationId = ?", ORG) as { month: string; version: number }[]).map((r) => [r.month, r.version]));
    const before = await versions();
    const batch = await importRecords(3_000);
    const after = await versions();
    const importedMonths = (await rows("SELECT DISTINCT occurredMonth AS m FROM Exposure WHERE importBatchId = ?", batch) as { m: string }[]).map((r) => r.m);
    expect(importedMonths.length).toBeGreaterThan(12);
    for (const m of importedMonths) expect(after.get(m)!, `import into ${m}`).toBe((before.get(m) ?? 0) + 1);
    expect(await rows("SELECT COUNT(*) AS n FROM TrendMonthCache WHERE month IN (SELECT occurredMonth FROM Exposure WHERE importBatchId = ?)", batch)).toEqual([{ n: 0 }]);
    expect(canonical(await cache.trendMonths(ORG, scope, from, to, K, now))).toBe(canonical(await fresh(scope, from, to, now)));
    // Erasure keeps every record, anonymised, so the figures stay as they are: cached or not.
    await retention.eraseStaffMember(ORG, inMonth.staffMemberId, "demo-user-admin");
    expect(canonical(await cache.trendMonths(ORG, scope, from, to, K, now))).toBe(canonical(await fresh(scope, from, to, now)));
  });

  test("a month is computed again once its next follow-up falls due, as 'on time' changes with time alone", async () => {
    const scope = await trends.remitScope("demo-user-manager", K);
    const month = (await rows("SELECT MAX(occurredMonth) AS m FROM Exposure WHERE deletedAt IS NULL") as { m: string }[])[0]!.m;
    // An open follow-up of an exposure in the manager's remit that is its exposure's first: before it
    // falls due the exposure has none due, after it one late. (Not just the month's first open one: it
    // may be outside the remit, or its exposure may have one due already, and then its falling due
    // changes nothing here; which one it is depends on the hour the demo was seeded.)
    const remitTeams = scope.teams.map((t) => t.id);
    const due = (await rows(
      `SELECT MIN(f.dueAt) AS due FROM FollowUp f JOIN Exposure x ON x.id = f.exposureId
       WHERE x.occurredMonth = ? AND x.deletedAt IS NULL AND f.completedAt IS NULL AND f.cancelledAt IS NULL
         AND x.teamId IN (${remitTeams.map(() => "?").join(", ")})
         AND NOT EXISTS (SELECT 1 FROM FollowUp g WHERE g.exposureId = f.exposureId AND g.dueAt < f.dueAt)`,
      month,
      ...remitTeams,
    ) as { due: string }[])[0]!.due;
    const before = new Date(new Date(due).getTime() - 60_000);
    const after = new Date(new Date(due).getTime() + 60_000);
    // Time only runs forward in use; here it goes back, so the month the last test cached goes first.
    await write("DELETE FROM TrendMonthCache");
    const early = await cache.trendMonths(ORG, scope, month, month, K, before);
    expect(canonical(early)).toBe(canonical(await fresh(scope, month, month, before)));
    // Kept until the first follow-up of the month that falls due after it was computed: this open one, or an earlier one.
    const [stored] = await rows("SELECT validUntil FROM TrendMonthCache WHERE month = ?", month) as { validUntil: string }[];
    expect(new Date(stored!.validUntil).getTime()).toBeGreaterThan(before.getTime());
    expect(new Date(stored!.validUntil).getTime()).toBeLessThanOrEqual(new Date(due).getTime());
    const late = await cache.trendMonths(ORG, scope, month, month, K, after);
    expect(canonical(late)).toBe(canonical(await fresh(scope, month, month, after)));
    expect(canonical(late)).not.toBe(canonical(early));
  });

  test("what the privacy engine withholds is kept with the month, used after a restart, and only for the figures it was worked out from", async () => {
    const scope = await trends.remitScope("demo-user-manager", K);
    const month = (await rows("SELECT MAX(occurredMonth) AS m FROM Exposure WHERE deletedAt IS NULL") as { m: string }[])[0]!.m;
    const dashboard = await import("~/models/dashboard.server");
    const worked = await dashboard.protectedExposureMonths(ORG, scope, trends.EXPOSURE_SHAPE, month, month, K);
    expect(worked.hidden.get(month)!.size).toBeGreaterThan(0);
    const kept = async () => JSON.parse((await rows("SELECT protection FROM TrendMonthCache WHERE month = ?", month) as { protection: string }[])[0]?.protection ?? "{}") as Record<string, string[]>;
    expect(Object.values(await kept())).toEqual([[...worked.hidden.get(month)!]]);

    // A new process (no memory of it) reads it from the database: shown by a marker put in its place.
    const [key] = Object.keys(await kept());
    await write("UPDATE TrendMonthCache SET protection = ? WHERE month = ?", JSON.stringify({ [key!]: ["marker|kept"] }), month);
    vi.resetModules();
    const restarted = await import("~/models/dashboard.server");
    const read = await restarted.protectedExposureMonths(ORG, scope, trends.EXPOSURE_SHAPE, month, month, K);
    expect([...read.hidden.get(month)!]).toEqual(["marker|kept"]);

    // Once the month's figures change, it is worked out again from them.
    await saveExposure((await rows("SELECT id FROM StaffMember WHERE teamId = 'demo-team-response-north' AND anonymisedAt IS NULL ORDER BY id DESC LIMIT 1") as { id: string }[])[0]!.id, `${month}-01`, []);
    const afterSave = await restarted.protectedExposureMonths(ORG, scope, trends.EXPOSURE_SHAPE, month, month, K);
    expect(afterSave.hidden.get(month)!.has("marker|kept")).toBe(false);
    expect(afterSave.hidden.get(month)!.size).toBeGreaterThan(0);
  });
});
