import Database from "better-sqlite3";
import pg from "pg";
import { databaseEngineOf } from "../../app/env.server";
import { toPostgresSql } from "../../app/db/postgres-dialect";

/**
 * A test's own SQL on its database, on either engine: for looking behind the app (what was
 * stored) and for arranging data the app would not write. Statements are written once, as for the
 * app's raw SQL (`?` parameters, bare mixed-case names), and values come back as SQLite gives
 * them, so one assertion holds on both: counts and ids as numbers, a timestamp as the text
 * `2026-01-02T03:04:05.000+00:00`, a boolean as 1 or 0.
 */
export type TestSql = {
  all: <Row = Record<string, unknown>>(sql: string, ...parameters: unknown[]) => Promise<Row[]>;
  get: <Row = Record<string, unknown>>(sql: string, ...parameters: unknown[]) => Promise<Row | undefined>;
  /** The first column of the first row. */
  value: <Value = unknown>(sql: string, ...parameters: unknown[]) => Promise<Value>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run: (sql: string, ...parameters: unknown[]) => Promise<number>;
  /** The app's tables (not the engine's own, nor Prisma's migration record). */
  tables: () => Promise<string[]>;
  /** The names of a table's columns. */
  columns: (table: string) => Promise<string[]>;
  /** Runs an INSERT into a table with an integer id; resolves to the new row's id. */
  insert: (sql: string, ...parameters: unknown[]) => Promise<number>;
  close: () => Promise<void>;
};

export async function openSql(databaseUrl: string): Promise<TestSql> {
  return databaseEngineOf(databaseUrl) === "postgresql" ? openPostgresql(databaseUrl) : openSqlite(databaseUrl);
}

function openSqlite(databaseUrl: string): TestSql {
  const db = new Database(databaseUrl.replace(/^file:/, ""), { timeout: 10_000 });
  // As the app's connections: a delete cascades, as it does on PostgreSQL.
  db.pragma("foreign_keys = ON");
  // Async like PostgreSQL's, so a refused statement is a rejection there too.
  const all = async <Row>(sql: string, ...parameters: unknown[]) => db.prepare(sql).all(...parameters) as Row[];
  return {
    all,
    get: async (sql, ...parameters) => (await all<never>(sql, ...parameters))[0],
    value: async <Value>(sql: string, ...parameters: unknown[]) => db.prepare(sql).pluck().get(...parameters) as Value,
    run: async (sql, ...parameters) => db.prepare(sql).run(...parameters).changes,
    insert: async (sql, ...parameters) => Number(db.prepare(sql).run(...parameters).lastInsertRowid),
    columns: async (table) => db.prepare("SELECT name FROM pragma_table_info(?)").pluck().all(table) as string[],
    tables: async () => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name != '_prisma_migrations' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[],
    close: () => Promise.resolve(void db.close()),
  };
}

/** SQLite keeps a DateTime as this text; PostgreSQL's timestamp(3), UTC without a zone, is read back as it. */
const sqliteTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`).toISOString().replace("Z", "+00:00");

const sqliteLikeTypes = {
  getTypeParser: (oid: number, format?: "text" | "binary") => {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return Number;
    if (oid === pg.types.builtins.TIMESTAMP) return sqliteTimestamp;
    if (oid === pg.types.builtins.BOOL) return (value: string) => (value === "t" ? 1 : 0);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

async function openPostgresql(databaseUrl: string): Promise<TestSql> {
  const client = new pg.Client({ connectionString: databaseUrl, types: sqliteLikeTypes });
  await client.connect();
  const all = async <Row>(sql: string, ...parameters: unknown[]) => (await client.query(toPostgresSql(sql), parameters)).rows as Row[];
  return {
    all,
    get: async (sql, ...parameters) => (await all<never>(sql, ...parameters))[0],
    value: async <Value>(sql: string, ...parameters: unknown[]) => {
      const row = (await all<Record<string, unknown>>(sql, ...parameters))[0];
      return (row ? Object.values(row)[0] : undefined) as Value;
    },
    run: async (sql, ...parameters) => (await client.query(toPostgresSql(sql), parameters)).rowCount ?? 0,
    insert: async (sql, ...parameters) => (await client.query<{ id: number }>(`${toPostgresSql(sql)} RETURNING "id"`, parameters)).rows[0]!.id,
    columns: async (table) =>
      (
        await client.query<{ name: string }>("SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1", [table])
      ).rows.map((row) => row.name),
    tables: async () =>
      (
        await client.query<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name != '_prisma_migrations' ORDER BY table_name COLLATE \"C\"",
        )
      ).rows.map((row) => row.name),
    close: () => client.end(),
  };
}

/** Opens the database for one piece of work and closes it after, whatever happens. */
export async function withSql<T>(databaseUrl: string, use: (sql: TestSql) => Promise<T>): Promise<T> {
  const sql = await openSql(databaseUrl);
  try {
    return await use(sql);
  } finally {
    await sql.close();
  }
}

/**
 * Another program holding up writes, as a backup tool or a long report might: SQLite's write lock
 * on the whole file, or on PostgreSQL an EXCLUSIVE lock on the tables named (reads go on). Resolves
 * once the lock is held, to a function that lets go.
 */
export async function holdWrites(databaseUrl: string, tables: string[]): Promise<() => Promise<void>> {
  const other = await openSql(databaseUrl);
  if (databaseEngineOf(databaseUrl) === "sqlite") await other.run("BEGIN IMMEDIATE");
  else {
    await other.run("BEGIN");
    await other.run(`LOCK TABLE ${tables.map((table) => `"${table}"`).join(", ")} IN EXCLUSIVE MODE`);
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await other.run("ROLLBACK");
    await other.close();
  };
}
