import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { copyOfTemplate, tempDatabase } from "./database";
import { tempPostgresDatabase } from "./postgresql";
import { startServerOn, type RunningServer } from "./server";
import { openSql, type TestSql } from "./sql";

/** A test's own database, on the engine its suite runs on. */
export type TestDatabase = { url: string; remove: () => Promise<void> | void };

/**
 * A private copy of the demo organisation's database, on the engine under test: SQLite, or
 * PostgreSQL in the suite `integration-postgresql` (TEST_ENGINE=postgresql). Each suite's global
 * setup builds the templates once.
 */
export async function demoDatabase(label: string): Promise<TestDatabase> {
  return onPostgresql() ? tempPostgresDatabase(label, { template: inject("postgresqlDemoTemplate") }) : copyOfTemplate(inject("demoTemplate"), label);
}

/** Whether this suite runs on PostgreSQL (integration-postgresql) rather than SQLite. */
export const onPostgresql = () => process.env.TEST_ENGINE === "postgresql";

/** A new database with nothing in it, not even the tables, on the engine under test (what an operator starts from). */
export async function newDatabase(label: string): Promise<TestDatabase> {
  return onPostgresql() ? tempPostgresDatabase(label, { migrated: false }) : tempDatabase(label);
}

/** A migrated database with no organisation in it, on the engine under test. */
export async function emptyDatabase(label: string): Promise<TestDatabase> {
  return onPostgresql() ? tempPostgresDatabase(label, { template: inject("postgresqlEmptyTemplate") }) : copyOfTemplate(inject("emptyTemplate"), label);
}

/** An address of a database on the engine under test that cannot be opened. */
export function unreachableDatabaseUrl(): string {
  // Nothing listens on port 1; SQLite cannot create a file in a folder that does not exist.
  return onPostgresql() ? "postgresql://postgres@127.0.0.1:1/debrief" : `file:${path.join(tmpdir(), `debrief-missing-${randomBytes(4).toString("hex")}`, "debrief.db")}`;
}

export type DemoWithServer = { url: string; server: RunningServer; sql: TestSql; stop: () => Promise<void> };

/** A private copy of the demo on the engine under test, the built server on it, and the test's own SQL handle on it. */
export async function demoWithServer(label: string, env: Record<string, string> = {}): Promise<DemoWithServer> {
  const db = await demoDatabase(label);
  const server = await startServerOn(db.url, env);
  const sql = await openSql(db.url);
  const stop = async () => {
    await sql.close();
    await server.stop();
    await db.remove();
  };
  return { url: db.url, server, sql, stop };
}
