import { randomBytes } from "node:crypto";
import pg from "pg";
import { createPrismaClient, preparePrismaClient } from "../../app/db.server";
import { SEED_TRANSACTION_TIMEOUT_MS, seedDemoOrganisation } from "../../prisma/seed";
import { publishDueFigures } from "./publication";
import { migrate } from "./database";

/** The PostgreSQL server the tests may use (a user allowed to create databases), or undefined: those tests are skipped. */
export const testPostgresUrl = process.env.TEST_POSTGRES_URL || undefined;

export type TempPostgresDatabase = { name: string; url: string; remove: () => Promise<void> };

/**
 * A new database on the test server, dropped by `remove`: a copy of `template` (a database the
 * suite built), or else empty and migrated as npm start would (unless told not to).
 */
export async function tempPostgresDatabase(label: string, { migrated = true, template }: { migrated?: boolean; template?: string } = {}): Promise<TempPostgresDatabase> {
  if (!testPostgresUrl) throw new Error("TEST_POSTGRES_URL is not set");
  const name = `debrief_test_${label.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`;
  // Text sorts by its bytes, as on SQLite, whatever the server's locale (a copy keeps its template's).
  await administerPostgresql(`CREATE DATABASE "${name}" TEMPLATE ${template ? `"${template}"` : "template0 ENCODING 'UTF8' LC_COLLATE 'C'"}`);
  const url = databaseUrlOn(name);
  if (migrated && !template) await migrate(url);
  return { name, url, remove: () => administerPostgresql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** The URL of another database on the test server. */
export function databaseUrlOn(name: string) {
  const url = new URL(testPostgresUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One statement on the test server's own database (creating and dropping databases). */
export async function administerPostgresql(sql: string) {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A client for reading a test database directly. */
export async function connectTo(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Seeds the demo organisation into the (migrated, empty) database at `url`, on either engine, placed relative to `now`. */
export async function seedDemo(url: string, now?: Date) {
  const client = createPrismaClient(url, { transactionTimeoutMs: SEED_TRANSACTION_TIMEOUT_MS });
  try {
    await preparePrismaClient(client);
    await seedDemoOrganisation(client, { now });
  } finally {
    await client.$disconnect();
  }
  await publishDueFigures(url);
}
