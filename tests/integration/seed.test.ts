import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, expect, inject, test } from "vitest";
import { createPrismaClient, preparePrismaClient, type PrismaClient } from "~/db.server";
import { seedDemoOrganisation } from "../../prisma/seed";
import { copyOfTemplate, type TempDatabase } from "../support/database";
import { projectRoot, tsxBin } from "../support/paths";

const run = promisify(execFile);
const NOW = new Date("2026-11-22T09:00:00Z");

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openCopy(template: string, label: string): Promise<{ db: TempDatabase; prisma: PrismaClient }> {
  const db = copyOfTemplate(template, label);
  const prisma = createPrismaClient(db.url);
  await preparePrismaClient(prisma);
  cleanups.push(() => db.remove(), () => prisma.$disconnect());
  return { db, prisma };
}

async function tableCounts(prisma: PrismaClient) {
  const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await prisma.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT count(*) AS n FROM "${name}"`);
    counts[name] = Number(row?.n ?? 0);
  }
  return counts;
}

test("seeding is deterministic: two runs give the same counts and the same records", async () => {
  const first = await openCopy(inject("emptyTemplate"), "seed-a");
  const second = await openCopy(inject("emptyTemplate"), "seed-b");
  await seedDemoOrganisation(first.prisma, { now: NOW });
  await seedDemoOrganisation(second.prisma, { now: NOW });

  const counts = await tableCounts(first.prisma);
  expect(await tableCounts(second.prisma)).toEqual(counts);
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
  const { db, prisma } = await openCopy(inject("demoTemplate"), "seed-if-empty");
  const before = await tableCounts(prisma);
  const { stdout } = await run(tsxBin, ["prisma/seed.ts", "--if-empty"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: db.url },
  });
  expect(stdout).toMatch(/already holds data: not seeding/);
  expect(await tableCounts(prisma)).toEqual(before);
});

test("seeding a database that holds data is refused", async () => {
  const { db } = await openCopy(inject("demoTemplate"), "seed-refuse");
  const result = run(tsxBin, ["prisma/seed.ts"], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: db.url } });
  await expect(result).rejects.toMatchObject({ stderr: expect.stringMatching(/only seeded into an empty database/) });
});
