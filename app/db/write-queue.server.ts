import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { Mutex, withTimeout } from "async-mutex";
import Database from "better-sqlite3";
import { backOff } from "exponential-backoff";
import { applyAndVerifyPragmas, betterSqliteRows } from "~/db/pragmas";
import { WriteQueueWaitExceeded, writeFailureOf } from "~/db/write-failure";
import { sqliteFilePath } from "~/env.server";

/**
 * Runs `write` with a raw better-sqlite3 connection to the same file, holding the write queue, so
 * no other write of this process runs meanwhile. For writes where Prisma would spend most of the
 * time compiling each statement: an import of many thousands of rows, and the save of a new
 * exposure, the busiest form. The caller opens and ends its own transaction. With `maxWaitMs`, a
 * write that cannot have the queue in time fails with WriteQueueWaitExceeded ("busy": not saved).
 */
export type BulkWrite = <T>(write: (db: Database.Database) => T | Promise<T>, options?: { maxWaitMs?: number }) => Promise<T>;

/** Timestamps as Prisma's SQLite adapter writes them, so raw rows compare and sort with its own. */
export const sqliteTimestamp = (instant: Date) => instant.toISOString().replace("Z", "+00:00");

/**
 * Why this exists: Prisma's better-sqlite3 adapter has one connection, and only its transactions take
 * a lock. A query sent while another request's interactive transaction is open runs *inside* that
 * transaction: it reads uncommitted rows, and its write is rolled back with the transaction after
 * the user was told "saved". So every write (a transaction, or a single statement) goes through one
 * queue on the writing connection, one at a time, and reads go to a second, read-only connection,
 * where WAL lets them run alongside a write and see only committed data.
 */
export function queuedSqliteAdapter(config: { url: string; timeout: number }): SqlDriverAdapterFactory & { bulkWrite: BulkWrite } {
  const writerFactory = new PrismaBetterSQLite3(config);
  const readerFactory = new PrismaBetterSQLite3({ ...config, readonly: true });
  const queue = new Mutex();
  let bulkConnection: Database.Database | undefined;
  const closeBulkConnection = () => {
    bulkConnection?.close();
    bulkConnection = undefined;
  };
  return {
    provider: writerFactory.provider,
    adapterName: writerFactory.adapterName,
    async connect() {
      const writer = await writerFactory.connect();
      const reader = await readerFactory.connect();
      return new QueuedAdapter(writer, reader, queue, closeBulkConnection);
    },
    bulkWrite: (write, { maxWaitMs } = {}) =>
      (maxWaitMs === undefined ? queue : withTimeout(queue, maxWaitMs, new WriteQueueWaitExceeded())).runExclusive(async () => {
        if (!bulkConnection) {
          const db = new Database(sqliteFilePath(config.url), { timeout: config.timeout });
          try {
            await applyAndVerifyPragmas(betterSqliteRows(db));
          } catch (error) {
            db.close();
            throw error;
          }
          bulkConnection = db;
        }
        return write(bulkConnection);
      }),
  };
}

/** A statement that only reads: the SELECTs Prisma and the app's aggregates send. Anything else queues. */
export function isReadOnlyStatement(sql: string) {
  return /^\s*(SELECT|WITH)\b/i.test(sql) && !/\b(INSERT|UPDATE|DELETE|REPLACE|PRAGMA)\b/i.test(sql);
}

// A single statement that failed with SQLITE_BUSY did not happen, so it is safe to run again.
const retryWhileBusy = <T>(write: () => Promise<T>) =>
  backOff(write, { numOfAttempts: 3, startingDelay: 100, timeMultiple: 4, retry: (error) => writeFailureOf(error) === "busy" });

class QueuedAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter["provider"];
  readonly adapterName: string;
  constructor(
    private readonly writer: SqlDriverAdapter,
    private readonly reader: SqlDriverAdapter,
    /** shared with bulk writes on the same file */
    private readonly queue: Mutex,
    private readonly onDispose: () => void,
  ) {
    this.provider = writer.provider;
    this.adapterName = writer.adapterName;
  }

  queryRaw(query: SqlQuery) {
    if (isReadOnlyStatement(query.sql)) return this.reader.queryRaw(query);
    return this.queue.runExclusive(() => retryWhileBusy(() => this.writer.queryRaw(query)));
  }

  executeRaw(query: SqlQuery) {
    if (isReadOnlyStatement(query.sql)) return this.reader.executeRaw(query);
    return this.queue.runExclusive(() => retryWhileBusy(() => this.writer.executeRaw(query)));
  }

  executeScript(script: string) {
    return this.queue.runExclusive(() => this.writer.executeScript(script));
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const release = await this.queue.acquire();
    try {
      return releasingOnEnd(await this.writer.startTransaction(isolationLevel), release);
    } catch (error) {
      release();
      throw error;
    }
  }

  getConnectionInfo() {
    return this.writer.getConnectionInfo?.() ?? { supportsRelationJoins: false };
  }

  async dispose() {
    await this.queue.waitForUnlock();
    this.onDispose();
    await Promise.all([this.writer.dispose(), this.reader.dispose()]);
  }
}

/** The transaction, holding the queue until it commits or rolls back. */
function releasingOnEnd(transaction: Transaction, release: () => void): Transaction {
  let released = false;
  const end = async (finish: () => Promise<void>) => {
    try {
      await finish();
    } finally {
      if (!released) {
        released = true;
        release();
      }
    }
  };
  return {
    provider: transaction.provider,
    adapterName: transaction.adapterName,
    options: transaction.options,
    queryRaw: (query) => transaction.queryRaw(query),
    executeRaw: (query) => transaction.executeRaw(query),
    commit: () => end(() => transaction.commit()),
    rollback: () => end(() => transaction.rollback()),
  };
}
