import { mkdirSync } from "node:fs";
import path from "node:path";
import { Prisma, PrismaClient } from "~/generated/prisma/client";
import { BUSY_TIMEOUT_MS, applyAndVerifyPragmas, type PragmaReadings } from "~/db/pragmas";
import { createPostgresDatabase } from "~/db/postgres.server";
import type { SqlSteps } from "~/db/sql-steps";
import { runStepsInSqliteTransaction, runStepsOnSqlite } from "~/db/sqlite-steps.server";
import { queuedSqliteAdapter, type BulkWrite, type GroupWrite } from "~/db/write-queue.server";
import { databaseEngineOf, resolveDatabaseUrl, sqliteFilePath, type DatabaseEngine } from "~/env.server";
import { singleton } from "~/utils/singleton.server";

// The app's type is the SQLite client's; the PostgreSQL client has the same models and fields.
export type { PrismaClient };

/**
 * How long a write may wait in the write queue (behind an import, say), or for a connection, before
 * it answers "not saved": Prisma's transactions, and raw writes that pass it as `maxWaitMs`.
 */
export const WRITE_MAX_WAIT_MS = 15_000;

/** A short raw write committed with the others waiting at that moment on SQLite (GroupWrite), in its own transaction on PostgreSQL. */
export type SaveTogether = <T>(steps: () => SqlSteps<T>, options: { maxWaitMs: number }) => Promise<T>;
/** A long raw write of many rows in one transaction, which may pause to let requests be served. */
export type WriteInBulk = <T>(steps: () => SqlSteps<T>, options?: { maxWaitMs?: number }) => Promise<T>;
/** One row by a raw read, for the statements every request runs (on SQLite, SqliteRawRead). */
export type RawRead = <Row>(sql: string, ...parameters: unknown[]) => Promise<Row | undefined>;

type Database = {
  engine: DatabaseEngine;
  client: PrismaClient;
  rawRead: RawRead;
  saveTogether: SaveTogether;
  writeInBulk: WriteInBulk;
  /** SQLite only: the write queue's raw connection (tests and the disk-full check reach it). */
  sqlite: { bulkWrite: BulkWrite; groupWrite: GroupWrite } | null;
};

/** A client on the given SQLite file, and its raw paths through its write queue. */
function createSqliteDatabase(databaseUrl: string, transactionTimeoutMs: number): Database {
  const adapter = queuedSqliteAdapter({ url: databaseUrl, timeout: BUSY_TIMEOUT_MS });
  // A transaction may wait in the write queue behind others; the wait is bounded by the queue, not by Prisma's 2 s default.
  const client = new PrismaClient({ adapter, transactionOptions: { maxWait: WRITE_MAX_WAIT_MS, timeout: transactionTimeoutMs } });
  return {
    engine: "sqlite",
    client,
    rawRead: (sql, ...parameters) => Promise.resolve(adapter.rawRead(sql, ...parameters)),
    saveTogether: (steps, options) => adapter.groupWrite((db) => runStepsOnSqlite(db, steps()), options),
    writeInBulk: (steps, options) => adapter.bulkWrite((db) => runStepsInSqliteTransaction(db, steps()), options),
    sqlite: { bulkWrite: adapter.bulkWrite, groupWrite: adapter.groupWrite },
  };
}

function createPostgresqlDatabase(databaseUrl: string, transactionTimeoutMs: number): Database {
  const database = createPostgresDatabase(databaseUrl, { maxWaitMs: WRITE_MAX_WAIT_MS, transactionTimeoutMs, lockWaitMs: BUSY_TIMEOUT_MS });
  return {
    engine: "postgresql",
    client: database.client,
    rawRead: database.rawRead,
    saveTogether: (steps) => database.transaction(steps),
    writeInBulk: async (steps) => {
      const result = await database.transaction(steps);
      await database.refreshPlannerStatistics();
      return result;
    },
    sqlite: null,
  };
}

const engineOfClient = new WeakMap<PrismaClient, DatabaseEngine>();

/** How long a transaction of the app may take: one that takes longer is rolled back. */
const TRANSACTION_TIMEOUT_MS = 15_000;

function createDatabase(databaseUrl: string, transactionTimeoutMs = TRANSACTION_TIMEOUT_MS) {
  const create = databaseEngineOf(databaseUrl) === "postgresql" ? createPostgresqlDatabase : createSqliteDatabase;
  const database = create(databaseUrl, transactionTimeoutMs);
  engineOfClient.set(database.client, database.engine);
  return database;
}

/**
 * A client on the database DATABASE_URL names. The app uses the one `prisma` below; scripts and
 * tests make their own, and a script writing much in one transaction (the seed) may allow it longer.
 */
export function createPrismaClient(databaseUrl: string, { transactionTimeoutMs }: { transactionTimeoutMs?: number } = {}) {
  return createDatabase(databaseUrl, transactionTimeoutMs).client;
}

/** Creates the folder a SQLite database file lives in (SQLite creates the file, not its folder). */
export function ensureDatabaseDirectory(databaseUrl: string) {
  if (databaseEngineOf(databaseUrl) === "sqlite") mkdirSync(path.dirname(sqliteFilePath(databaseUrl)), { recursive: true });
}

/**
 * On SQLite: sets WAL, synchronous=FULL, foreign keys and busy_timeout, and fails loudly if they did
 * not take. On PostgreSQL (durable by its own settings): checks that the server answers. Null there.
 */
export async function preparePrismaClient(client: PrismaClient): Promise<PragmaReadings | null> {
  if (engineOfClient.get(client) === "postgresql") {
    await client.$queryRawUnsafe("SELECT 1");
    return null;
  }
  return applyAndVerifyPragmas((sql) => client.$queryRawUnsafe<Record<string, unknown>[]>(sql));
}

/**
 * After rows were written with their own ids (the demo's seed), on PostgreSQL: moves each table's
 * id sequence past the largest id, so the next row the app adds does not take one of theirs, and
 * has the planner sample the loaded tables (see refreshPlannerStatistics). SQLite always continues
 * after the largest id, and plans without statistics.
 */
export async function settleAfterSeed(client: PrismaClient) {
  if (engineOfClient.get(client) !== "postgresql") return;
  await client.$executeRawUnsafe("ANALYZE");
  await client.$executeRawUnsafe(`DO $$
    DECLARE serial record;
    BEGIN
      FOR serial IN SELECT table_name, column_name FROM information_schema.columns
                    WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%' LOOP
        EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), COALESCE((SELECT MAX(%I) FROM %I), 0) + 1, false)',
          quote_ident(serial.table_name), serial.column_name, serial.column_name, serial.table_name);
      END LOOP;
    END $$`);
}

/**
 * On SQLite, after values were replaced in place (a one-time upgrade of how they are stored):
 * rewrites the file without its free pages and empties the WAL, so no copy of an old value stays
 * in either. Nothing to do on PostgreSQL, whose storage is the server's.
 */
export async function compactDatabaseFile(client: PrismaClient) {
  if (engineOfClient.get(client) === "postgresql") return false;
  await client.$executeRawUnsafe("VACUUM");
  await client.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  return true;
}

// Read DATABASE_URL directly (not through getEnv) so that importing the client has no
// side effects; start-up validates the whole environment before anything is served.
const databaseUrl = resolveDatabaseUrl(process.env.DATABASE_URL);
const database = singleton(`database:${databaseUrl}`, () => createDatabase(databaseUrl));
export const prisma = database.client;
/** Which engine this process runs on, for the few statements written once per engine. */
export const databaseEngine: DatabaseEngine = database.engine;
export const rawRead: RawRead = database.rawRead;
export const saveTogether: SaveTogether = database.saveTogether;
export const writeInBulk: WriteInBulk = database.writeInBulk;

/** SQLite's write queue, raw: for the checks of it that only make sense there. Throws on PostgreSQL. */
export function sqliteWriteQueue() {
  if (!database.sqlite) throw new Error("The write queue exists only on SQLite");
  return database.sqlite;
}

let ready: Promise<PragmaReadings | null> | undefined;
/** Resolves once the one client is connected (on SQLite, with verified pragmas). */
export function databaseReady() {
  ready ??= Promise.resolve().then(() => {
    ensureDatabaseDirectory(databaseUrl);
    return preparePrismaClient(prisma);
  });
  return ready;
}

/** A unique constraint refused the write (a value such as an idempotency key or a code is taken): through Prisma, or on a raw path. */
export function isUniqueViolation(error: unknown) {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2002";
  return error instanceof Error && "code" in error && (error.code === "SQLITE_CONSTRAINT_UNIQUE" || error.code === "SQLITE_CONSTRAINT_PRIMARYKEY" || error.code === "23505");
}

/** True when the database answers a query. */
export async function databaseIsQueryable(client: PrismaClient = prisma) {
  try {
    await client.$queryRawUnsafe("SELECT 1");
    return true;
  } catch {
    return false;
  }
}
