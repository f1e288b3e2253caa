// Debrief on PostgreSQL (issue #9): the same seeded data gives the same figures as on SQLite,
// byte for byte, and two app servers writing to one database at once lose and double nothing.
// Runs when TEST_POSTGRES_URL names a server where the user may create databases (.ci/run starts one).
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { DEMO_ORGANISATION_ID } from "../../prisma/seed/demo-organisation";
import { migrate, tempDatabase, type TempDatabase } from "../support/database";
import { HttpSession, pageText } from "../support/http";
import { exposureForm, supportersSaving } from "../support/load";
import { projectRoot, tsxBin } from "../support/paths";
import { connectTo, seedDemo, tempPostgresDatabase, testPostgresUrl, type TempPostgresDatabase } from "../support/postgresql";
import { startServer, startServerOn, type RunningServer } from "../support/server";

const onPostgresql = describe.skipIf(!testPostgresUrl);

/** Rows where the tallies the triggers keep differ from a count of the records: none when they are exact. */
async function talliesOff(database: pg.Client) {
  const { rows } = await database.query(`
    WITH counted AS (SELECT "teamId", "staffMemberId", "incidentType", COUNT(*)::int AS n FROM "Exposure" WHERE "deletedAt" IS NULL GROUP BY 1, 2, 3),
         agencies AS (SELECT e."teamId", e."staffMemberId", p."agency", COUNT(*)::int AS n FROM "ExposurePartnerAgency" p JOIN "Exposure" e ON e."id" = p."exposureId"
                      WHERE e."deletedAt" IS NULL GROUP BY 1, 2, 3)
    (SELECT 'type' AS kind, "teamId", "staffMemberId", "incidentType" AS key, n FROM counted
     EXCEPT SELECT 'type', "teamId", "staffMemberId", "incidentType", "exposures" FROM "ExposureTally")
    UNION ALL (SELECT 'type', "teamId", "staffMemberId", "incidentType", "exposures" FROM "ExposureTally"
     EXCEPT SELECT 'type', "teamId", "staffMemberId", "incidentType", n FROM counted)
    UNION ALL (SELECT 'agency', "teamId", "staffMemberId", "agency", n FROM agencies
     EXCEPT SELECT 'agency', "teamId", "staffMemberId", "agency", "exposures" FROM "AgencyTally")
    UNION ALL (SELECT 'agency', "teamId", "staffMemberId", "agency", "exposures" FROM "AgencyTally"
     EXCEPT SELECT 'agency', "teamId", "staffMemberId", "agency", n FROM agencies)`);
  return rows;
}

onPostgresql("the same data on SQLite and on PostgreSQL", () => {
  let sqliteDatabase: TempDatabase;
  let postgresDatabase: TempPostgresDatabase;
  let onSqlite: RunningServer;
  let onPostgres: RunningServer;
  let database: pg.Client;

  beforeAll(async () => {
    // One moment for both seeds: the demo's records are placed relative to it.
    const now = new Date();
    sqliteDatabase = tempDatabase("engines");
    [postgresDatabase] = await Promise.all([tempPostgresDatabase("engines"), migrate(sqliteDatabase.url)]);
    // In turn: SQLite's seed holds the event loop while it writes, and the other's connection would time out meanwhile.
    await seedDemo(sqliteDatabase.url, now);
    await seedDemo(postgresDatabase.url, now);
    [onSqlite, onPostgres] = await Promise.all([startServer(sqliteDatabase.file), startServerOn(postgresDatabase.url)]);
    database = await connectTo(postgresDatabase.url);
  }, 300_000);
  afterAll(async () => {
    await database?.end();
    await Promise.all([onSqlite?.stop(), onPostgres?.stop()]);
    await postgresDatabase?.remove();
    sqliteDatabase?.remove();
  });

  /** The same request, signed in as the same person, to both servers: status and body of each. */
  async function bothAnswer(email: string, paths: string[]) {
    const answers = async (server: RunningServer) => {
      const session = new HttpSession(server.url);
      await session.signIn(email);
      const bodies: string[] = [];
      for (const path of paths) {
        const response = await session.get(path);
        bodies.push(`${response.status} ${response.headers.get("content-type")}\n${await response.text()}`);
      }
      return bodies;
    };
    const [sqlite, postgresql] = await Promise.all([answers(onSqlite), answers(onPostgres)]);
    return { sqlite, postgresql };
  }

  const focusOptions = async (email: string) => {
    const session = new HttpSession(onSqlite.url);
    await session.signIn(email);
    const html = await (await session.get("/dashboard")).text();
    return [...html.matchAll(/<option[^>]*value="([^"]*)"/g)].map((match) => match[1]!).filter((value) => value.includes(":") || value === "all");
  };

  test.each(["manager@demo.test", "m.hughes@demo.test"])(
    "every dashboard CSV %s can ask for is byte-identical on both engines, and so is the page",
    async (email) => {
      const focuses = await focusOptions(email);
      expect(focuses.length).toBeGreaterThan(10); // services, teams, incident types and agencies
      const paths = ["/dashboard", ...focuses.flatMap((focus) => [`/dashboard.csv?focus=${focus}`, `/dashboard.csv?focus=${focus}&from=2026-01&to=2026-06`])];
      const { sqlite, postgresql } = await bothAnswer(email, paths);
      // The page: its words and figures (the markup carries per-request nonces and tokens).
      expect(pageText(postgresql[0]!)).toBe(pageText(sqlite[0]!));
      for (const [index, path] of paths.entries()) {
        if (index === 0) continue;
        expect(sqlite[index]).toMatch(/^200 text\/csv/);
        expect(postgresql[index], path).toBe(sqlite[index]);
      }
    },
    240_000,
  );

  test("the research export and an initiative's evaluation are identical on both engines", async () => {
    const { sqlite, postgresql } = await bothAnswer("researcher@demo.test", ["/research/export.csv", "/research/export.csv?from=2026-03&to=2026-08"]);
    expect(sqlite[0]).toMatch(/^200 text\/csv/);
    expect(postgresql).toEqual(sqlite);
    const evaluation = await bothAnswer("manager@demo.test", ["/initiatives/demo-initiative-street-triage"]);
    expect(evaluation.sqlite[0]).toMatch(/^200 text\/html/);
    expect(pageText(evaluation.postgresql[0]!)).toBe(pageText(evaluation.sqlite[0]!));
  });

  test("what the dashboard keeps between visits (figures, and what is withheld) is kept on PostgreSQL as on SQLite", async () => {
    const sqlite = new Database(sqliteDatabase.file, { readonly: true });
    try {
      // The months' figures kept for publishing, and the published months with something withheld.
      const months = `SELECT COUNT(*) AS n FROM TrendMonthCache`;
      const published = `SELECT COUNT(*) AS n, SUM(CASE WHEN figures NOT LIKE '%"hidden":[]%' THEN 1 ELSE 0 END) AS withheld FROM PublishedMonth`;
      const kept = { months: sqlite.prepare(months).get() as { n: number }, published: sqlite.prepare(published).get() as { n: number; withheld: number } };
      const onPostgresql = {
        months: (await database.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM "TrendMonthCache"`)).rows[0],
        published: (
          await database.query<{ n: number; withheld: number }>(
            `SELECT COUNT(*)::int AS n, SUM(CASE WHEN figures NOT LIKE '%"hidden":[]%' THEN 1 ELSE 0 END)::int AS withheld FROM "PublishedMonth"`,
          )
        ).rows[0],
      };
      expect(kept.months.n).toBeGreaterThan(0);
      expect(kept.published.withheld).toBeGreaterThan(0);
      expect(onPostgresql).toEqual(kept);
    } finally {
      sqlite.close();
    }
  });

  test("an import and the retention rule do the same on both engines, and the figures stay identical", async () => {
    const csv = path.join(os.tmpdir(), `debrief-engines-${process.pid}.csv`);
    writeFileSync(
      csv,
      [
        "Staff reference,Team,Exposure date,Incident type,Involvement,Partner agencies,Information reached,Barriers,Initiative,Initial distress,First contact type,First contact date,First contact distress,First contact outcome",
        'ENG-0001,Response Team North,14/05/2026,"Fatality, including suicide",attended,"Police; Mental-health services",,,,7,defusing,14/05/2026 20:00,6,no further action',
        "ENG-0002,Response Team North,2026-05-15,violence,Attended in person,Police,2,Systems don't connect,,5,,,,",
        "ENG-0003,Response Team South,16/05/2026 09:30,distressing_call,remote,,,,,3,,,,",
      ].join("\n"),
    );
    const command = (script: string, url: string, ...args: string[]) =>
      promisify(execFile)(tsxBin, [script, ...args], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: url } }).then((result) => result.stdout);
    const imported = await Promise.all([sqliteDatabase.url, postgresDatabase.url].map((url) => command("server/cli/import.ts", url, csv)));
    expect(imported[0]).toMatch(/Imported 3 rows/);
    expect(imported[1]!.replace(/import [\w-]+/, "")).toBe(imported[0]!.replace(/import [\w-]+/, ""));
    expect(await talliesOff(database)).toEqual([]);

    // Notes before the cutoff go and people with nothing after it are anonymised (a list of ids, spelled
    // per engine). As in retention.test.ts: a 12-month period, notes on every tenth record, and three
    // people whose every record is from December 2024. The same statements on both engines.
    // (Of the demo's people: the ids the import gave its people are random, and would sort differently on each.)
    const lapsed = `SELECT "id" FROM "StaffMember" WHERE "id" LIKE 'demo-staff-%' ORDER BY "id" LIMIT 3`;
    const setUp = [
      `UPDATE "Organisation" SET "retentionMonths" = 12`,
      `UPDATE "Exposure" SET "notesEncrypted" = 'v1:note' WHERE "id" % 10 = 0`,
      `UPDATE "Exposure" SET "occurredAt" = '2024-12-02T10:00:00.000+00:00', "occurredMonth" = '2024-12', "occurredWeek" = '2024-W49' WHERE "staffMemberId" IN (${lapsed})`,
      `UPDATE "SupportContact" SET "contactedAt" = '2024-12-03T10:00:00.000+00:00', "contactedMonth" = '2024-12', "contactedWeek" = '2024-W49' WHERE "staffMemberId" IN (${lapsed})`,
      `UPDATE "FollowUp" SET "dueAt" = '2024-12-05T09:00:00.000+00:00' WHERE "staffMemberId" IN (${lapsed})`,
    ];
    const sqlite = new Database(sqliteDatabase.file);
    for (const statement of setUp) sqlite.prepare(statement).run();
    sqlite.close();
    for (const statement of setUp) await database.query(statement);
    // The rule as the server runs it daily, at one moment for both (the cutoff is that moment less 12 months).
    const now = new Date();
    const retentionOn = async (url: string) => {
      process.env.DATABASE_URL = url;
      vi.resetModules();
      const [{ applyRetention }, { prisma }] = await Promise.all([import("~/models/retention.server"), import("~/db.server")]);
      try {
        const { notesRemoved, staffAnonymised, followUpsClosed } = await applyRetention(DEMO_ORGANISATION_ID, { now });
        return { notesRemoved, staffAnonymised, followUpsClosed };
      } finally {
        await prisma.$disconnect();
      }
    };
    const onSqliteReport = await retentionOn(sqliteDatabase.url);
    expect(onSqliteReport.notesRemoved).toBeGreaterThan(100);
    // The three made lapsed, and any demo person whose last record falls before the cutoff on the day
    // the suite runs (the demo is generated back from today; retention.test.ts counts them exactly).
    expect(onSqliteReport.staffAnonymised).toBeGreaterThanOrEqual(3);
    expect(await retentionOn(postgresDatabase.url)).toEqual(onSqliteReport);
    const anonymised = await database.query(`SELECT 1 FROM "StaffMember" WHERE "reference" LIKE 'ANONYMISED-%' AND "anonymisedAt" IS NOT NULL`);
    expect(anonymised.rowCount).toBe(onSqliteReport.staffAnonymised);

    const paths = ["/dashboard.csv?focus=all&from=2024-11&to=2026-06", "/dashboard.csv?focus=team:demo-team-response-north&from=2026-04&to=2026-06"];
    const { sqlite: onSqliteCsv, postgresql: onPostgresCsv } = await bothAnswer("manager@demo.test", paths);
    expect(onSqliteCsv[0]).toMatch(/^200 text\/csv/);
    expect(onPostgresCsv).toEqual(onSqliteCsv);
  });

  test("an exposure saved on PostgreSQL is there once with its follow-ups and audit line, sent twice or not, and the tallies count it", async () => {
    const supporter = new HttpSession(onPostgres.url);
    await supporter.signIn("supporter@demo.test");
    const created = await supporter.post("/staff/new", { reference: `PG-${randomUUID().slice(0, 8)}`, teamId: "demo-team-response-north" });
    expect(created.status).toBe(302);
    const staffPath = created.headers.get("location")!;
    const key = randomUUID();
    const form = { ...exposureForm(key, "Call about the bridge"), partnerAgencies: ["police", "ambulance"] };
    const [first, second] = await Promise.all([supporter.post(`${staffPath}/exposures/new`, form), supporter.post(`${staffPath}/exposures/new`, form)]);
    expect([first.status, second.status]).toEqual([302, 302]);

    const { rows } = await database.query<{ id: number; notesEncrypted: string; followUps: number; agencies: string }>(
      `SELECT e."id", e."notesEncrypted", (SELECT COUNT(*)::int FROM "FollowUp" f WHERE f."exposureId" = e."id") AS "followUps",
         (SELECT string_agg(p."agency", ',' ORDER BY p."agency") FROM "ExposurePartnerAgency" p WHERE p."exposureId" = e."id") AS agencies
       FROM "Exposure" e WHERE e."idempotencyKey" = $1`,
      [key],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.notesEncrypted).not.toContain("bridge");
    expect(rows[0]!.followUps).toBeGreaterThan(0);
    expect(rows[0]!.agencies).toBe("ambulance,police");
    const audit = await database.query(`SELECT 1 FROM "AuditEvent" WHERE "action" = 'exposure.create' AND "entityId" = $1`, [String(rows[0]!.id)]);
    expect(audit.rowCount).toBe(1);
    expect(await talliesOff(database)).toEqual([]);

    // The saved exposure is on the supporter's page, read back through the PostgreSQL client.
    const page = pageText(await (await supporter.get(staffPath)).text());
    expect(page).toContain("Distressing call");
  });

  test("the audit log cannot be changed or deleted on PostgreSQL either", async () => {
    await expect(database.query(`UPDATE "AuditEvent" SET "action" = 'x'`)).rejects.toThrow(/append-only/);
    await expect(database.query(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
  });
});

onPostgresql("two app servers on one PostgreSQL database", () => {
  let postgresDatabase: TempPostgresDatabase;
  let servers: RunningServer[] = [];
  let database: pg.Client;

  beforeAll(async () => {
    postgresDatabase = await tempPostgresDatabase("two_servers");
    await seedDemo(postgresDatabase.url, new Date());
    servers = await Promise.all([startServerOn(postgresDatabase.url), startServerOn(postgresDatabase.url)]);
    database = await connectTo(postgresDatabase.url);
  }, 300_000);
  afterAll(async () => {
    await database?.end();
    await Promise.all(servers.map((server) => server.stop()));
    await postgresDatabase?.remove();
  });

  test("50 supporters saving through both at once for 20 s: every acknowledged save is there exactly once, none is doubled, the tallies are exact", async () => {
    const before = Number((await database.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "Exposure"`)).rows[0]!.n);
    const until = Date.now() + 20_000;
    const outcome = await supportersSaving(
      servers.map((server) => server.url),
      50,
      () => Date.now() > until,
    );
    expect(outcome.networkErrors).toBe(0);
    expect([...outcome.statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    expect(outcome.acknowledgedExposures.length).toBeGreaterThan(100);

    const keys = outcome.acknowledgedExposures;
    const { rows } = await database.query<{ key: string; copies: number }>(
      `SELECT "idempotencyKey" AS key, COUNT(*)::int AS copies FROM "Exposure" WHERE "idempotencyKey" = ANY($1) GROUP BY 1`,
      [keys],
    );
    expect(rows).toHaveLength(keys.length); // none lost
    expect(rows.filter((row) => row.copies !== 1)).toEqual([]); // none doubled
    const after = Number((await database.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "Exposure"`)).rows[0]!.n);
    expect(after - before).toBe(keys.length); // nothing saved that was not acknowledged as saved
    expect(await talliesOff(database)).toEqual([]);
  }, 120_000);
});
