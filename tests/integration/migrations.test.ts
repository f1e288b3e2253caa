import { execFile } from "node:child_process";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterEach, expect, test } from "vitest";
import { migrate } from "../support/database";
import { newDatabase, onPostgresql, type TestDatabase } from "../support/engines";
import { prismaBin, projectRoot } from "../support/paths";
import { withSql, type TestSql } from "../support/sql";

let db: TestDatabase | undefined;
let other: TestDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  await other?.remove();
  db = other = undefined;
});

test("the committed migrations apply to an empty database with the Prisma CLI", async () => {
  db = await newDatabase("migrate");
  await migrate(db.url);
  await withSql(db.url, async (sql) => {
    const tables = await sql.tables();
    for (const table of [
      "Organisation", "Service", "Team", "TeamHeadcount", "User", "UserRole", "ManagerRemit", "StaffMember",
      "Exposure", "SupportContact", "FollowUp", "Initiative", "PulseResponse", "AuditEvent",
    ]) {
      expect(tables).toContain(table);
    }
    const applied = await sql.all<{ migration_name: string; finished_at: string | null }>("SELECT migration_name, finished_at FROM _prisma_migrations");
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.every((m) => m.finished_at !== null)).toBe(true);
    // Pulse responses are stored without identity: no user, staff or timestamp column.
    const pulseColumns = await sql.columns("PulseResponse");
    expect(pulseColumns).toContain("who5Percent");
    expect(pulseColumns).not.toContain("userId");
    expect(pulseColumns).not.toContain("staffMemberId");
    expect(pulseColumns).not.toContain("createdAt");
  });
});

test("applying the migrations again changes nothing", async () => {
  db = await newDatabase("migrate-twice");
  await migrate(db.url);
  const { stdout } = await migrate(db.url);
  expect(stdout).toMatch(/No pending migrations to apply/);
});

/** Columns, indexes and foreign keys of every table of a SQLite database, in a comparable form (column order ignored). */
function sqliteSchemaShape(sqlite: Database.Database) {
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

/** The same of a PostgreSQL database, from its catalogue. */
async function postgresqlSchemaShape(sql: TestSql) {
  const lines = async (query: string) => (await sql.all<{ line: string }>(query)).map((row) => row.line).sort();
  return {
    columns: await lines(
      `SELECT concat_ws('|', table_name, column_name, data_type, is_nullable, column_default) AS line FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`,
    ),
    indexes: await lines(`SELECT indexdef AS line FROM pg_indexes WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`),
    constraints: await lines(
      `SELECT concat_ws('|', conrelid::regclass::text, conname, pg_get_constraintdef(oid)) AS line FROM pg_constraint
       WHERE connamespace = current_schema()::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'`,
    ),
  };
}

test("the migrations build exactly the schema that the schema file describes (no drift)", async () => {
  db = await newDatabase("drift");
  await migrate(db.url);
  const schemaFile = onPostgresql() ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma";
  const { stdout: expectedSql } = await promisify(execFile)(prismaBin, ["migrate", "diff", "--from-empty", "--to-schema-datamodel", schemaFile, "--script"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: db.url },
  });
  if (onPostgresql()) {
    other = await newDatabase("drift-reference");
    await withSql(other.url, (sql) => sql.run(expectedSql));
    const reference = await withSql(other.url, postgresqlSchemaShape);
    expect(reference.columns.length).toBeGreaterThan(100);
    expect(await withSql(db.url, postgresqlSchemaShape)).toEqual(reference);
    return;
  }
  const reference = new Database(":memory:");
  reference.exec(expectedSql);
  const migrated = new Database(db.url.slice("file:".length), { readonly: true });
  expect(sqliteSchemaShape(migrated)).toEqual(sqliteSchemaShape(reference));
  migrated.close();
  reference.close();
});

test("the audit log is append-only in the database itself", async () => {
  db = await newDatabase("audit-append-only");
  await migrate(db.url);
  await withSql(db.url, async (sql) => {
    await sql.run("INSERT INTO AuditEvent (action, createdAt) VALUES ('test.event', '2026-01-01T00:00:00Z')");
    await expect(sql.run("UPDATE AuditEvent SET action = 'rewritten'")).rejects.toThrow(/append-only/);
    await expect(sql.run("DELETE FROM AuditEvent")).rejects.toThrow(/append-only/);
    expect(await sql.all("SELECT action FROM AuditEvent")).toEqual([{ action: "test.event" }]);
  });
});
