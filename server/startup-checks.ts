import { accessSync, constants, existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { DatabaseEngine } from "../app/env.server";

/**
 * The committed migrations not yet applied to the database file (all of them when it does not
 * exist), so the server can refuse to start on an out-of-date schema instead of failing per page.
 */
export function pendingMigrations(databaseFile: string, migrationsDir: string): string[] {
  const committed = committedMigrations(migrationsDir);
  if (!existsSync(databaseFile)) return committed;
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return committed;
    const applied = new Set(
      (db.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all() as {
        migration_name: string;
      }[]).map((row) => row.migration_name),
    );
    return committed.filter((name) => !applied.has(name));
  } finally {
    db.close();
  }
}

/** The migrations this version of Debrief ships, oldest first. */
export function committedMigrations(migrationsDir: string) {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function migrationsDirectory(root: string, engine: DatabaseEngine = "sqlite") {
  return engine === "postgresql" ? path.join(root, "prisma", "postgresql", "migrations") : path.join(root, "prisma", "migrations");
}

/** A PostgreSQL server's answers to the start-up questions: what pendingMigrations and organisationsIn ask of a file. */
export async function postgresqlStartupFacts(databaseUrl: string, migrationsDir: string) {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    return { problem: postgresqlConnectionProblem(error), pending: [], organisations: NO_ORGANISATIONS };
  }
  try {
    const tables = new Set(
      (await client.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()")).rows.map((row) => row.name),
    );
    const applied = tables.has("_prisma_migrations")
      ? new Set(
          (await client.query<{ name: string }>("SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")).rows.map(
            (row) => row.name,
          ),
        )
      : new Set<string>();
    const organisations = tables.has("Organisation")
      ? (await client.query<Organisations>('SELECT COUNT(*) > 0 AS "any", COALESCE(bool_or(NOT "isDemo"), FALSE) AS "real" FROM "Organisation"')).rows[0]!
      : NO_ORGANISATIONS;
    return { problem: null, pending: committedMigrations(migrationsDir).filter((name) => !applied.has(name)), organisations };
  } finally {
    await client.end();
  }
}

/** Why a PostgreSQL server would not let us in, in one line, with what to do where that is clear. */
function postgresqlConnectionProblem(error: unknown) {
  const reason = `the PostgreSQL server in DATABASE_URL cannot be reached: ${(error as Error).message}`;
  // 3D000: no such database. Debrief creates tables, not databases (that needs rights it should not have).
  if ((error as { code?: unknown }).code === "3D000") {
    return `${reason}. Create it first: CREATE DATABASE <name> TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C';`;
  }
  return reason;
}

/** Whether a database holds any organisation, and any real (non-demo) one. */
export type Organisations = { any: boolean; real: boolean };
const NO_ORGANISATIONS: Organisations = { any: false, real: false };

/**
 * Which organisations the database file holds. The demo is seeded only into a database with none,
 * and a new encryption key may be generated only where nothing real is encrypted yet.
 */
export function organisationsIn(databaseFile: string): Organisations {
  if (!existsSync(databaseFile)) return NO_ORGANISATIONS;
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'Organisation'").get();
    if (!table) return NO_ORGANISATIONS;
    const { any, real } = db.prepare("SELECT COUNT(*) > 0 AS any, COALESCE(MAX(isDemo = 0), 0) AS real FROM Organisation").get() as { any: number; real: number };
    return { any: any === 1, real: real === 1 };
  } finally {
    db.close();
  }
}

/**
 * Why Debrief cannot use this database file, in one line, or null: missing, not a database, locked
 * by another program, or not writable. Checked before anything else opens the file, so the person
 * starting Debrief or one of its commands reads a reason instead of a stack trace. A use that only
 * reads (a backup, a dry run) needs neither the write lock nor a writable file.
 */
export function databaseFileProblem(databaseFile: string, { writes = true }: { writes?: boolean } = {}): string | null {
  if (!existsSync(databaseFile)) {
    return `the database file ${databaseFile} does not exist. npm start creates and sets it up; if you meant an existing database, check DATABASE_URL`;
  }
  if (!statSync(databaseFile).isFile()) return `${databaseFile} is not a file: DATABASE_URL must name the SQLite database file`;
  let db: Database.Database | undefined;
  try {
    if (writes) {
      // SQLite would open a file it cannot write read-only without a word, and in WAL mode even a
      // first write can succeed; the file and its folder (for the -wal and -shm files) must be writable.
      accessSync(databaseFile, constants.R_OK | constants.W_OK);
      accessSync(path.dirname(databaseFile), constants.W_OK);
    }
    db = new Database(databaseFile, { fileMustExist: true, readonly: !writes, timeout: 2000 });
    db.pragma("schema_version"); // reads the header: fails on a file that is not a database
    if (writes) {
      // Takes and releases the write lock: fails when another program holds it, or the file cannot be written.
      db.prepare("BEGIN IMMEDIATE").run();
      db.prepare("ROLLBACK").run();
    }
    return null;
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? "");
    if (/^SQLITE_(BUSY|LOCKED)/.test(code)) {
      return `the database file ${databaseFile} is locked by another program. Is another Debrief server, an import or a restore running on it? Stop it, then try again`;
    }
    if (/^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(code) || /^(EACCES|EPERM|EROFS)$/.test(code)) {
      return `the database file ${databaseFile} cannot be ${writes ? "written" : "read"} (${code}). Debrief needs to ${writes ? "write to it and to create files beside it" : "read it and the files beside it"} in ${path.dirname(databaseFile)}: check the file's and the folder's permissions${writes ? " and that the disk is not read-only" : ""}`;
    }
    if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
      return `${databaseFile} is not a readable SQLite database (${code}). If it is damaged, restore the latest backup: npm run restore -- <file>`;
    }
    return `the database file ${databaseFile} cannot be opened: ${(error as Error).message}`;
  } finally {
    db?.close();
  }
}

/**
 * Why a new database file (or a backup: `what` names it) cannot be created here, or null: SQLite
 * creates the file, and its -wal and -shm files, in its folder, so the nearest folder that exists
 * must be writable.
 */
export function newDatabaseFileProblem(databaseFile: string, what = `the database file ${databaseFile}`): string | null {
  let folder = path.dirname(databaseFile);
  while (!existsSync(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  try {
    if (!statSync(folder).isDirectory()) return `${what} cannot be created: ${folder} is not a folder`;
    accessSync(folder, constants.W_OK);
    return null;
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? "");
    return `${what} cannot be created: the folder ${folder} cannot be written (${code}). Check its permissions and that the disk is not read-only, or choose another place`;
  }
}
