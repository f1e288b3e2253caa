import { mkdirSync } from "node:fs";
import path from "node:path";
import { Prisma, PrismaClient } from "~/generated/prisma/client";
import { BUSY_TIMEOUT_MS, applyAndVerifyPragmas, type PragmaReadings } from "~/db/pragmas";
import { queuedSqliteAdapter, type BulkWrite, type GroupWrite, type RawRead } from "~/db/write-queue.server";
import { resolveDatabaseUrl, sqliteFilePath } from "~/env.server";
import { singleton } from "~/utils/singleton.server";

export type { PrismaClient };

/**
 * How long a write may wait in the write queue (behind an import, say) before it answers "not
 * saved": Prisma's transactions, and raw writes that pass it as `maxWaitMs`.
 */
export const WRITE_MAX_WAIT_MS = 15_000;

/** A client on the given SQLite file, and bulk writes through its write queue. */
function createDatabase(databaseUrl: string) {
  const adapter = queuedSqliteAdapter({ url: databaseUrl, timeout: BUSY_TIMEOUT_MS });
  // A transaction may wait in the write queue behind others; the wait is bounded by the queue, not by Prisma's 2 s default.
  const client = new PrismaClient({ adapter, transactionOptions: { maxWait: WRITE_MAX_WAIT_MS, timeout: 15_000 } });
  return { client, bulkWrite: adapter.bulkWrite, groupWrite: adapter.groupWrite, rawRead: adapter.rawRead };
}

/** A client on the given SQLite file. The app uses the one `prisma` below; scripts and tests make their own. */
export function createPrismaClient(databaseUrl: string) {
  return createDatabase(databaseUrl).client;
}

/** Creates the folder a database file lives in (SQLite creates the file, not its folder). */
export function ensureDatabaseDirectory(databaseUrl: string) {
  mkdirSync(path.dirname(sqliteFilePath(databaseUrl)), { recursive: true });
}

/** Sets WAL, synchronous=FULL, foreign keys and busy_timeout, and fails loudly if they did not take. */
export function preparePrismaClient(client: PrismaClient): Promise<PragmaReadings> {
  return applyAndVerifyPragmas((sql) => client.$queryRawUnsafe<Record<string, unknown>[]>(sql));
}

// Read DATABASE_URL directly (not through getEnv) so that importing the client has no
// side effects; start-up validates the whole environment before anything is served.
const databaseUrl = resolveDatabaseUrl(process.env.DATABASE_URL);
const database = singleton(`database:${databaseUrl}`, () => createDatabase(databaseUrl));
export const prisma = database.client;
/** Raw writes of many rows, in turn with the client's writes (see BulkWrite). */
export const bulkWrite: BulkWrite = database.bulkWrite;
/** A short raw write committed together with the others waiting (see GroupWrite). */
export const groupWrite: GroupWrite = database.groupWrite;
/** One row by a raw read, for the statements every request runs (see RawRead). */
export const rawRead: RawRead = database.rawRead;

let ready: Promise<PragmaReadings> | undefined;
/** Resolves once the one client is connected with verified pragmas. */
export function databaseReady() {
  ready ??= Promise.resolve().then(() => {
    ensureDatabaseDirectory(databaseUrl);
    return preparePrismaClient(prisma);
  });
  return ready;
}

/** A write refused because a unique value (an idempotency key, a code) is taken already. */
/** A unique constraint refused the write: through Prisma, or on the raw connection (BulkWrite). */
export function isUniqueViolation(error: unknown) {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2002";
  return error instanceof Error && "code" in error && (error.code === "SQLITE_CONSTRAINT_UNIQUE" || error.code === "SQLITE_CONSTRAINT_PRIMARYKEY");
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
