import Database from "better-sqlite3";
import { afterEach, expect, test } from "vitest";
import { migrate, tempDatabase, type TempDatabase } from "../support/database";

let db: TempDatabase | undefined;
afterEach(() => db?.remove());

test("the committed migrations apply to an empty database with the Prisma CLI", async () => {
  db = tempDatabase("migrate");
  await migrate(db.url);
  const sqlite = new Database(db.file, { readonly: true });
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((row) => (row as { name: string }).name);
  for (const table of [
    "Organisation", "Service", "Team", "TeamHeadcount", "User", "UserRole", "ManagerRemit", "StaffMember",
    "Exposure", "SupportContact", "FollowUp", "Initiative", "PulseResponse", "AuditEvent",
  ]) {
    expect(tables).toContain(table);
  }
  const applied = sqlite.prepare("SELECT migration_name, finished_at FROM _prisma_migrations").all() as {
    migration_name: string;
    finished_at: string | null;
  }[];
  expect(applied.length).toBeGreaterThan(0);
  expect(applied.every((m) => m.finished_at !== null)).toBe(true);
  // Pulse responses are stored without identity: no user, staff or timestamp column.
  const pulseColumns = sqlite.prepare("PRAGMA table_info('PulseResponse')").all().map((c) => (c as { name: string }).name);
  expect(pulseColumns).not.toContain("userId");
  expect(pulseColumns).not.toContain("staffMemberId");
  expect(pulseColumns).not.toContain("createdAt");
  sqlite.close();
});

test("applying the migrations again changes nothing", async () => {
  db = tempDatabase("migrate-twice");
  await migrate(db.url);
  const { stdout } = await migrate(db.url);
  expect(stdout).toMatch(/No pending migrations to apply/);
});
