import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoCopyForModules, type DemoCopy } from "../support/app-modules";
import { projectRoot, tsxBin } from "../support/paths";
import type { TestSql } from "../support/sql";

type RetentionModule = typeof import("~/models/retention.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports
type DbModule = typeof import("~/db.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports

const run = promisify(execFile);
const ORG = "demo-organisation";
let demo: DemoCopy;
let retention: RetentionModule;
let prisma: DbModule["prisma"];

/** Ages the demo so the rule has something to do. */
async function withLapsedRecords(sql: TestSql) {
  // The demo is two years deep; a 12-month period puts its first year outside. Notes and names are
  // added to every tenth record and person, old and new, so there is something to remove.
  await sql.run("UPDATE Organisation SET retentionMonths = 12");
  await sql.run("UPDATE Exposure SET notesEncrypted = 'v1:note' WHERE id % 10 = 0");
  await sql.run("UPDATE SupportContact SET notesEncrypted = 'v1:note' WHERE id % 10 = 0");
  await sql.run("UPDATE StaffMember SET displayNameEncrypted = 'v1:name'");
  // Three people whose every record is from December 2024, long before the cutoff.
  for (const { id } of await sql.all<{ id: string }>("SELECT id FROM StaffMember ORDER BY id LIMIT 3")) {
    await sql.run("UPDATE Exposure SET occurredAt = '2024-12-02T10:00:00.000+00:00', occurredMonth = '2024-12', occurredWeek = '2024-W49' WHERE staffMemberId = ?", id);
    await sql.run("UPDATE SupportContact SET contactedAt = '2024-12-03T10:00:00.000+00:00', contactedMonth = '2024-12', contactedWeek = '2024-W49' WHERE staffMemberId = ?", id);
    await sql.run("UPDATE FollowUp SET dueAt = '2024-12-05T09:00:00.000+00:00' WHERE staffMemberId = ?", id);
  }
  // And one just added, with no record yet: not lapsed.
  await sql.run("UPDATE StaffMember SET createdAt = '2026-11-01T09:00:00.000+00:00' WHERE id = (SELECT id FROM StaffMember ORDER BY id DESC LIMIT 1)");
  for (const table of ["FollowUp", "SupportContact", "Exposure"]) {
    await sql.run(`DELETE FROM ${table} WHERE staffMemberId = (SELECT id FROM StaffMember ORDER BY id DESC LIMIT 1)`);
  }
}

beforeAll(async () => {
  demo = await demoCopyForModules("retention", withLapsedRecords);
  prisma = demo.prisma;
  retention = await import("~/models/retention.server");
});
afterAll(() => demo?.close());

/** What every trend is built from: per team and month, records and distinct people, with every aggregate field. */
async function trendInputs() {
  return {
    exposures: await demo.sql.all(
      `SELECT teamId, occurredMonth, incidentType, involvement, informationReached, COUNT(*) AS n, COUNT(DISTINCT staffMemberId) AS people,
              SUM(initialDistress) AS distress FROM Exposure WHERE deletedAt IS NULL
       GROUP BY teamId, occurredMonth, incidentType, involvement, informationReached ORDER BY 1, 2, 3, 4, 5`,
    ),
    contacts: await demo.sql.all(
      `SELECT c.contactedMonth, c.contactType, c.outcome, s.teamId, COUNT(*) AS n, COUNT(DISTINCT c.staffMemberId) AS people, SUM(c.distress) AS distress
       FROM SupportContact c JOIN StaffMember s ON s.id = c.staffMemberId WHERE c.deletedAt IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    ),
  };
}

const scalar = (sql: string, ...args: unknown[]) => demo.sql.value<number>(sql, ...args);

describe("retention", () => {
  test("a dry run reports what the rule would do and changes nothing; the command line says the same", async () => {
    const before = await trendInputs();
    const notesBefore = await scalar("SELECT COUNT(*) FROM Exposure WHERE notesEncrypted IS NOT NULL");
    const report = await retention.applyRetention(ORG, { dryRun: true });
    expect(report.notesRemoved).toBeGreaterThan(100);
    // The three made lapsed above, and any demo person whose last record happens to fall before the
    // cutoff on the day the suite runs (the demo is generated back from today): counted here in plain SQL.
    const cutoff = report.cutoff.toISOString().replace("Z", "+00:00");
    const lapsed = await scalar(
      `SELECT COUNT(*) FROM StaffMember s WHERE s.anonymisedAt IS NULL
         AND (s.createdAt < ? OR EXISTS (SELECT 1 FROM Exposure e WHERE e.staffMemberId = s.id) OR EXISTS (SELECT 1 FROM SupportContact c WHERE c.staffMemberId = s.id))
         AND NOT EXISTS (SELECT 1 FROM Exposure e WHERE e.staffMemberId = s.id AND e.occurredAt >= ?)
         AND NOT EXISTS (SELECT 1 FROM SupportContact c WHERE c.staffMemberId = s.id AND c.contactedAt >= ?)
         AND NOT EXISTS (SELECT 1 FROM FollowUp f WHERE f.staffMemberId = s.id AND f.dueAt >= ? AND f.completedAt IS NULL AND f.cancelledAt IS NULL)`,
      cutoff,
      cutoff,
      cutoff,
      cutoff,
    );
    expect(Number(lapsed)).toBeGreaterThanOrEqual(3);
    expect(report.staffAnonymised).toBe(Number(lapsed));
    expect(await scalar("SELECT COUNT(*) FROM Exposure WHERE notesEncrypted IS NOT NULL")).toBe(notesBefore);
    expect(await scalar("SELECT COUNT(*) FROM StaffMember WHERE anonymisedAt IS NOT NULL")).toBe(0);
    expect(await trendInputs()).toEqual(before);

    const { stdout } = await run(tsxBin, ["server/cli/retention.ts", "--dry-run"], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: demo.url } });
    expect(stdout).toContain(`Would remove the notes of ${report.notesRemoved} exposures and support contacts.`);
    expect(stdout).toContain(`Would anonymise ${report.staffAnonymised} staff members`);
    expect(stdout).toContain("Dry run: nothing was changed.");
    expect(await scalar("SELECT COUNT(*) FROM Exposure WHERE notesEncrypted IS NOT NULL")).toBe(notesBefore);
  });

  test("the rule removes notes before the cutoff and anonymises people with nothing after it, and every trend stays exactly as it was", async () => {
    const before = await trendInputs();
    const planned = await retention.applyRetention(ORG, { dryRun: true });
    const cutoff = planned.cutoff.toISOString();
    const recentNotes = await scalar("SELECT COUNT(*) FROM Exposure WHERE notesEncrypted IS NOT NULL AND occurredAt >= ?", cutoff);
    expect(recentNotes).toBeGreaterThan(0);

    const report = await retention.applyRetention(ORG);
    expect({ notes: report.notesRemoved, staff: report.staffAnonymised }).toEqual({ notes: planned.notesRemoved, staff: planned.staffAnonymised });

    // Old records have no free text left; recent ones keep theirs.
    expect(await scalar("SELECT COUNT(*) FROM Exposure WHERE notesEncrypted IS NOT NULL AND occurredAt < ?", cutoff)).toBe(0);
    expect(await scalar("SELECT COUNT(*) FROM SupportContact WHERE notesEncrypted IS NOT NULL AND contactedAt < ?", cutoff)).toBe(0);
    expect(await scalar("SELECT COUNT(*) FROM Exposure WHERE notesEncrypted IS NOT NULL AND occurredAt >= ?", cutoff)).toBe(recentNotes);

    // Anonymised people: no reference, no name, no supporter holds them; nobody with a recent record was touched.
    expect(await scalar("SELECT COUNT(*) FROM StaffMember WHERE anonymisedAt IS NOT NULL")).toBe(report.staffAnonymised);
    expect(await scalar("SELECT COUNT(*) FROM StaffMember WHERE anonymisedAt IS NOT NULL AND (reference NOT LIKE 'ANONYMISED-%' OR displayNameEncrypted IS NOT NULL OR createdById IS NOT NULL)")).toBe(0);
    expect(await scalar("SELECT COUNT(*) FROM CaseAssignment a JOIN StaffMember s ON s.id = a.staffMemberId WHERE s.anonymisedAt IS NOT NULL")).toBe(0);
    expect(await scalar("SELECT COUNT(*) FROM StaffMember s WHERE s.anonymisedAt IS NOT NULL AND EXISTS (SELECT 1 FROM Exposure e WHERE e.staffMemberId = s.id AND e.occurredAt >= ?)", cutoff)).toBe(0);
    expect(await scalar("SELECT COUNT(*) FROM StaffMember WHERE anonymisedAt IS NULL AND displayNameEncrypted IS NULL")).toBe(0);

    expect(await trendInputs()).toEqual(before);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "retention.run" }, orderBy: { id: "desc" } });
    expect(JSON.parse(audit.detail!)).toMatchObject({ notesRemoved: report.notesRemoved, staffAnonymised: report.staffAnonymised });
    expect((await prisma.organisation.findUniqueOrThrow({ where: { id: ORG } })).retentionRunAt).not.toBeNull();
  });

  test("running it again changes nothing", async () => {
    const again = await retention.applyRetention(ORG);
    expect({ notes: again.notesRemoved, staff: again.staffAnonymised, followUps: again.followUpsClosed }).toEqual({ notes: 0, staff: 0, followUps: 0 });
  });
});
