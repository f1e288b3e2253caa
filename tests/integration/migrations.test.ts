import { execFile } from "node:child_process";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterEach, expect, test } from "vitest";
import { migrate, tempDatabase, type TempDatabase } from "../support/database";
import { prismaBin, projectRoot } from "../support/paths";

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

/** Columns, indexes and foreign keys of every table, in a comparable form (column order ignored). */
function schemaShape(sqlite: Database.Database) {
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'")
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      {
        columns: (sqlite.pragma(`table_info("${name}")`) as Record<string, unknown>[])
          .map((c) => [c.name, c.type, c.notnull, c.dflt_value, c.pk].join("|"))
          .sort(),
        indexes: (sqlite.pragma(`index_list("${name}")`) as Record<string, unknown>[]).map((i) => `${i.name}:${i.unique}`).sort(),
        foreignKeys: (sqlite.pragma(`foreign_key_list("${name}")`) as Record<string, unknown>[])
          .map((f) => [f.table, f.from, f.to, f.on_delete].join("|"))
          .sort(),
      },
    ]),
  );
}

test("the migrations build exactly the schema that schema.prisma describes (no drift)", async () => {
  db = tempDatabase("drift");
  await migrate(db.url);
  const { stdout: expectedSql } = await promisify(execFile)(
    prismaBin,
    ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
    { cwd: projectRoot, env: { ...process.env, DATABASE_URL: db.url } },
  );
  const reference = new Database(":memory:");
  reference.exec(expectedSql);
  const migrated = new Database(db.file, { readonly: true });
  expect(schemaShape(migrated)).toEqual(schemaShape(reference));
  migrated.close();
  reference.close();
});

test("the audit log is append-only in the database itself", async () => {
  db = tempDatabase("audit-append-only");
  await migrate(db.url);
  const sqlite = new Database(db.file);
  sqlite.prepare("INSERT INTO AuditEvent (action, createdAt) VALUES ('test.event', '2026-01-01T00:00:00Z')").run();
  expect(() => sqlite.prepare("UPDATE AuditEvent SET action = 'rewritten'").run()).toThrow(/append-only/);
  expect(() => sqlite.prepare("DELETE FROM AuditEvent").run()).toThrow(/append-only/);
  expect(sqlite.prepare("SELECT action FROM AuditEvent").all()).toEqual([{ action: "test.event" }]);
  sqlite.close();
});
