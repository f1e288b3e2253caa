import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, expect, test } from "vitest";
import { createPrismaClient, preparePrismaClient, type PrismaClient } from "~/db.server";
import { SEED_TRANSACTION_TIMEOUT_MS, seedDemoOrganisation } from "../../prisma/seed";
import { demoDatabase, emptyDatabase, type TestDatabase } from "../support/engines";
import { projectRoot, tsxBin } from "../support/paths";
import { withSql } from "../support/sql";

const run = promisify(execFile);
const NOW = new Date("2026-11-22T09:00:00Z");

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(database: Promise<TestDatabase>): Promise<{ db: TestDatabase; prisma: PrismaClient }> {
  const db = await database;
  const prisma = createPrismaClient(db.url, { transactionTimeoutMs: SEED_TRANSACTION_TIMEOUT_MS });
  await preparePrismaClient(prisma);
  cleanups.push(() => db.remove(), () => prisma.$disconnect());
  return { db, prisma };
}

function tableCounts(db: TestDatabase) {
  return withSql(db.url, async (sql) => {
    const counts: Record<string, number> = {};
    for (const table of await sql.tables()) counts[table] = await sql.value<number>(`SELECT count(*) AS n FROM "${table}"`);
    return counts;
  });
}

test("seeding is deterministic: two runs give the same counts and the same records", async () => {
  const first = await open(emptyDatabase("seed-a"));
  const second = await open(emptyDatabase("seed-b"));
  await seedDemoOrganisation(first.prisma, { now: NOW });
  await seedDemoOrganisation(second.prisma, { now: NOW });

  const counts = await tableCounts(first.db);
  expect(await tableCounts(second.db)).toEqual(counts);
  expect(counts.Team).toBeGreaterThanOrEqual(12);
  expect(counts.StaffMember).toBeGreaterThanOrEqual(400);
  expect(counts.Initiative).toBe(2);
  expect(counts.Exposure).toBeGreaterThan(1000);

  const records = (prisma: PrismaClient) =>
    Promise.all([
      prisma.exposure.findMany({ orderBy: { id: "asc" }, include: { barriers: true, partnerAgencies: true } }),
      prisma.supportContact.findMany({ orderBy: { id: "asc" }, include: { riskIndicators: true, referrals: true } }),
      prisma.followUp.findMany({ orderBy: { id: "asc" } }),
      prisma.staffMember.findMany({ orderBy: { id: "asc" } }),
      prisma.pulseResponse.findMany({ orderBy: { id: "asc" } }),
    ]);
  expect(await records(second.prisma)).toEqual(await records(first.prisma));
}, 180_000); // two whole demo seeds, about 30 s each on a busy two-CPU machine

test("npm start's seed step leaves an existing database alone", async () => {
  const { db } = await open(demoDatabase("seed-if-empty"));
  const before = await tableCounts(db);
  const { stdout } = await run(tsxBin, ["prisma/seed.ts", "--if-empty"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: db.url },
  });
  expect(stdout).toMatch(/already holds data: not seeding/);
  expect(await tableCounts(db)).toEqual(before);
});

test("seeding a database that holds data is refused", async () => {
  const { db } = await open(demoDatabase("seed-refuse"));
  const result = run(tsxBin, ["prisma/seed.ts"], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: db.url } });
  await expect(result).rejects.toMatchObject({ stderr: expect.stringMatching(/only seeded into an empty database/) });
});
