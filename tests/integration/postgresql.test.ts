// Debrief on PostgreSQL (issue #9): the same seeded data gives the same figures as on SQLite,
// byte for byte, and two app servers writing to one database at once lose and double nothing.
// Runs when TEST_POSTGRES_URL names a server where the user may create databases (.ci/run starts one).
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPrismaClient, preparePrismaClient } from "../../app/db.server";
import { SEED_TRANSACTION_TIMEOUT_MS, seedDemoOrganisation } from "../../prisma/seed";
import { migrate, tempDatabase, type TempDatabase } from "../support/database";
import { HttpSession, pageText } from "../support/http";
import { exposureForm, supportersSaving } from "../support/load";
import { connectTo, tempPostgresDatabase, testPostgresUrl, type TempPostgresDatabase } from "../support/postgresql";
import { startServer, startServerOn, type RunningServer } from "../support/server";

const onPostgresql = describe.skipIf(!testPostgresUrl);

async function seed(databaseUrl: string, now: Date) {
  const client = createPrismaClient(databaseUrl, { transactionTimeoutMs: SEED_TRANSACTION_TIMEOUT_MS });
  try {
    await preparePrismaClient(client);
    await seedDemoOrganisation(client, { now });
  } finally {
    await client.$disconnect();
  }
}

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
    await Promise.all([seed(sqliteDatabase.url, now), seed(postgresDatabase.url, now)]);
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
    await seed(postgresDatabase.url, new Date());
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
