import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { copyOfTemplate } from "./database";
import { administerPostgresql, databaseUrlOn } from "./postgresql";
import { startServerOn, type RunningServer } from "./server";
import { openSql, type TestSql } from "./sql";

/** A test's own database, on the engine its suite runs on. */
export type TestDatabase = { url: string; remove: () => Promise<void> | void };

/**
 * A private copy of the demo organisation's database, on the engine under test: SQLite, or
 * PostgreSQL in the suite `integration-postgresql` (TEST_ENGINE=postgresql), which runs the tests
 * that reach the database only through the app, the server or Prisma.
 */
export async function demoDatabase(label: string): Promise<TestDatabase> {
  if (process.env.TEST_ENGINE !== "postgresql") return copyOfTemplate(inject("demoTemplate"), label);
  const name = `debrief_test_${label.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`;
  await administerPostgresql(`CREATE DATABASE "${name}" TEMPLATE "${inject("postgresqlDemoTemplate")}"`);
  return { url: databaseUrlOn(name), remove: () => administerPostgresql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
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
