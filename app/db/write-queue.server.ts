import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { Mutex, withTimeout } from "async-mutex";
import Database from "better-sqlite3";
import { backOff } from "exponential-backoff";
import { applyAndVerifyPragmas, betterSqliteRows } from "~/db/pragmas";
import { preparedStatement } from "~/db/sqlite-steps.server";
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

/**
 * Runs `write` (a short transaction of a few statements, prepared on `db`) on the write queue's raw
 * connection, committed together with the other group writes waiting at that moment: one
 * transaction and one fsync for all of them, each in a savepoint of its own, so one that throws is
 * undone alone and its caller gets its error. Every caller's promise settles only after the
 * commit; when the commit fails, all of them fail with its error and none was saved. A write still
 * waiting after `maxWaitMs` (behind an import, say) fails with WriteQueueWaitExceeded.
 */
export type GroupWrite = <T>(write: (db: Database.Database) => T, options: { maxWaitMs: number }) => Promise<T>;

/** At most this many writes share a commit, so one commit never keeps its first caller waiting long. */
const GROUP_COMMIT_LIMIT = 64;

/**
 * One row from a raw, read-only better-sqlite3 connection to the same file, each statement prepared
 * once: for the few reads every request makes (the session, the case check), where Prisma's plan
 * for the statement would cost twenty times the read. WAL shows it committed data only.
 */
export type SqliteRawRead = <Row>(sql: string, ...parameters: unknown[]) => Row | undefined;

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
export function queuedSqliteAdapter(config: { url: string; timeout: number }): SqlDriverAdapterFactory & { bulkWrite: BulkWrite; groupWrite: GroupWrite; rawRead: SqliteRawRead } {
  const writerFactory = new PrismaBetterSQLite3(config);
  const readerFactory = new PrismaBetterSQLite3({ ...config, readonly: true });
  const queue = new Mutex();
  let bulkConnection: Database.Database | undefined;
  let readConnection: Database.Database | undefined;
  const openBulkConnection = async () => {
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
    return bulkConnection;
  };
  const closeRawConnections = () => {
    bulkConnection?.close();
    bulkConnection = undefined;
    readConnection?.close();
    readConnection = undefined;
  };
  return {
    provider: writerFactory.provider,
    adapterName: writerFactory.adapterName,
    async connect() {
      const writer = await writerFactory.connect();
      const reader = await readerFactory.connect();
      return new QueuedAdapter(writer, reader, queue, closeRawConnections);
    },
    bulkWrite: (write, { maxWaitMs } = {}) =>
      (maxWaitMs === undefined ? queue : withTimeout(queue, maxWaitMs, new WriteQueueWaitExceeded())).runExclusive(async () => write(await openBulkConnection())),
    groupWrite: groupCommitter(queue, openBulkConnection),
    rawRead: <Row>(sql: string, ...parameters: unknown[]) => {
      readConnection ??= new Database(sqliteFilePath(config.url), { readonly: true, timeout: config.timeout });
      return preparedStatement(readConnection, sql).get(...parameters) as Row | undefined;
    },
  };
}

type GroupedWrite = {
  write: (db: Database.Database) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
};

/**
 * GroupWrite on the queue. A commit is started on the next turn of the event loop after a write
 * arrives, so the writes of requests handled in the same turn, and any that arrive while it waits
 * for the queue, share it. better-sqlite3 is synchronous: while a commit's fsync runs, nothing else
 * in the process does, so fewer commits is time given back to every request.
 */
function groupCommitter(queue: Mutex, connection: () => Promise<Database.Database>): GroupWrite {
  const waiting: GroupedWrite[] = [];
  let commitPending = false;

  const commitWaiting = async () => {
    const db = await connection();
    commitPending = false;
    const group = waiting.splice(0, GROUP_COMMIT_LIMIT);
    if (waiting.length > 0) scheduleCommit();
    if (group.length === 0) return;
    for (const entry of group) clearTimeout(entry.timer);
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      db.transaction(() => {
        for (const entry of group) {
          try {
            outcomes.push({ ok: true, value: db.transaction(entry.write)(db) });
          } catch (error) {
            // A failure that ended the whole transaction (SQLite rolls back on some I/O errors) fails the group.
            if (!db.inTransaction) throw error;
            outcomes.push({ ok: false, error });
          }
        }
      }).immediate();
    } catch (error) {
      for (const entry of group) entry.reject(error);
      return;
    }
    group.forEach((entry, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) entry.resolve(outcome.value);
      else entry.reject(outcome.error);
    });
  };

  function scheduleCommit() {
    if (commitPending) return;
    commitPending = true;
    setImmediate(() => {
      queue.runExclusive(commitWaiting).catch((error: unknown) => {
        // Opening the connection failed: every write waiting fails with it.
        commitPending = false;
        for (const entry of waiting.splice(0)) {
          clearTimeout(entry.timer);
          entry.reject(error);
        }
      });
    });
  }

  return <T>(write: (db: Database.Database) => T, { maxWaitMs }: { maxWaitMs: number }) =>
    new Promise<T>((resolve, reject) => {
      const entry: GroupedWrite = {
        write,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer: setTimeout(() => {
          const index = waiting.indexOf(entry);
          if (index === -1) return;
          waiting.splice(index, 1);
          reject(new WriteQueueWaitExceeded());
        }, maxWaitMs),
      };
      waiting.push(entry);
      scheduleCommit();
    });
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
