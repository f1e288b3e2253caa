import { PrismaPg } from "@prisma/adapter-pg";
import { setImmediate as nextTurn } from "node:timers/promises";
import pg from "pg";
import { PrismaClient as PostgresPrismaClient } from "~/generated/prisma-postgresql/client";
import type { PrismaClient } from "~/generated/prisma/client";
import { toPostgresSql } from "~/db/postgres-dialect";
import { driveStepsAsync, type SqlStep, type SqlSteps } from "~/db/sql-steps";
import { WriteQueueWaitExceeded } from "~/db/write-failure";

/**
 * A pg client whose every statement, the app's raw SQL and Prisma's own, passes through
 * toPostgresSql (Prisma's comes back unchanged), so the raw SQL is written once for both engines.
 */
class DialectClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's query has a dozen overloads; this only rewrites the text
  override query(...args: any[]): any {
    const [config] = args as [unknown];
    if (typeof config === "string") args[0] = translated(config);
    else if (config && typeof config === "object" && "text" in config && typeof config.text === "string" && !("submit" in config)) {
      args[0] = { ...config, text: translated(config.text) };
    }
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }
}

// Statements repeat; an IN list of each length is one more entry, so the memo is bounded.
const translations = new Map<string, string>();
function translated(sql: string) {
  let text = translations.get(sql);
  if (text === undefined) {
    if (translations.size >= 2_000) translations.clear();
    text = toPostgresSql(sql);
    translations.set(sql, text);
  }
  return text;
}

// What the raw paths read back, as the SQLite connection gives it: counts as numbers, and a
// timestamp column (UTC, without a zone) as that instant, whatever the server's time zone.
const rawTypes = {
  getTypeParser: (oid: number, format?: "text" | "binary") => {
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    if (oid === pg.types.builtins.TIMESTAMP) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** A failure PostgreSQL asks the client to retry the whole transaction after. */
function isRetryable(error: unknown) {
  const code = (error as { code?: unknown }).code;
  return code === "40001" || code === "40P01"; // serialization failure, deadlock
}

async function executeStep(client: pg.PoolClient, step: SqlStep): Promise<unknown> {
  switch (step.kind) {
    case "pause":
      return nextTurn();
    case "insert": {
      const { rows } = await client.query<{ id: number }>(`${step.sql} RETURNING "id"`, step.parameters);
      return rows[0]!.id;
    }
    case "get":
      return (await client.query(step.sql, step.parameters)).rows[0];
    case "all":
      return (await client.query(step.sql, step.parameters)).rows;
    case "run":
      await client.query(step.sql, step.parameters);
      return undefined;
  }
}

/**
 * Debrief on a PostgreSQL server: Prisma through @prisma/adapter-pg, and the raw paths on the same
 * pool. No write queue: several app processes may write at once, each write a transaction at READ
 * COMMITTED, PostgreSQL's default. That is enough here because every write the app makes either
 * inserts, or changes a counter in one statement (the tallies' and months' upserts), which takes
 * the row's lock and reads the committed value; uniqueness is kept by the unique indexes (an
 * idempotency key, a code), not by reading first; the one count made before a write, of sign-in
 * attempts, takes an advisory lock first (app/models/auth-failure.server.ts). A deadlock or
 * serialization failure, which PostgreSQL resolves by ending one transaction, is retried.
 */
export function createPostgresDatabase(
  databaseUrl: string,
  { maxWaitMs, transactionTimeoutMs, lockWaitMs }: { maxWaitMs: number; transactionTimeoutMs: number; lockWaitMs: number },
) {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    Client: DialectClient,
    types: rawTypes,
    max: 10,
    connectionTimeoutMillis: maxWaitMs,
    // As SQLite's busy timeout: a write that waits this long for a lock another process holds gives
    // up (55P03, "busy"), so the form answers "Not saved" and keeps what was typed instead of hanging.
    options: `-c lock_timeout=${lockWaitMs}`,
  });
  // An idle connection the server closed (a restart, say) is replaced by the pool; it must not end the process.
  pool.on("error", (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  const client = new PostgresPrismaClient({
    // Closing the client also closes the pool the raw paths share with it.
    adapter: new PrismaPg(pool, { disposeExternalPool: true }),
    transactionOptions: { maxWait: maxWaitMs, timeout: transactionTimeoutMs },
  }) as unknown as PrismaClient; // the same models and fields (tests/integration/provider-schemas.test.ts)

  const connect = async () => {
    try {
      return await pool.connect();
    } catch (error) {
      if (error instanceof Error && /timeout/i.test(error.message)) throw new WriteQueueWaitExceeded();
      throw error;
    }
  };

  /** The steps in one transaction, run again from the start after a deadlock. */
  const transaction = async <T>(steps: () => SqlSteps<T>): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      const connection = await connect();
      try {
        await connection.query("BEGIN ISOLATION LEVEL READ COMMITTED");
        const value = await driveStepsAsync(steps(), (step) => executeStep(connection, step));
        await connection.query("COMMIT");
        return value;
      } catch (error) {
        await connection.query("ROLLBACK").catch(() => undefined);
        if (attempt < 4 && isRetryable(error)) continue;
        throw error;
      } finally {
        connection.release();
      }
    }
  };

  return {
    client,
    transaction,
    /**
     * Has PostgreSQL sample the tables again after a bulk load (an import). Until autovacuum gets
     * round to it (a minute or more) the planner would take freshly loaded tables for nearly empty
     * ones, and the dashboard's queries took 30 s instead of half a second. The load has committed
     * by then, so a failure here (another import analysing the same tables) is only logged.
     */
    refreshPlannerStatistics: async () => {
      try {
        await pool.query("ANALYZE");
      } catch (error) {
        console.error(`Planner statistics were not refreshed after a bulk load: ${(error as Error).message}`);
      }
    },
    rawRead: async <Row>(sql: string, ...parameters: unknown[]) => (await pool.query(sql, parameters)).rows[0] as Row | undefined,
  };
}
