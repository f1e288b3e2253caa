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

/** A PostgreSQL server's answers to the start-up questions: what pendingMigrations and holdsRealOrganisation ask of a file. */
export async function postgresqlStartupFacts(databaseUrl: string, migrationsDir: string) {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    return { problem: `the PostgreSQL server in DATABASE_URL cannot be reached: ${(error as Error).message}`, pending: [], holdsRealOrganisation: false };
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
    const holdsReal = tables.has("Organisation") && (await client.query('SELECT 1 FROM "Organisation" WHERE "isDemo" = FALSE LIMIT 1')).rowCount! > 0;
    return { problem: null, pending: committedMigrations(migrationsDir).filter((name) => !applied.has(name)), holdsRealOrganisation: holdsReal };
  } finally {
    await client.end();
  }
}

/**
 * Whether the database holds a real (non-demo) organisation. A new encryption key may be generated
 * only where nothing real is encrypted yet: an empty database or the demo.
 */
export function holdsRealOrganisation(databaseFile: string) {
  if (!existsSync(databaseFile)) return false;
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'Organisation'").get();
    if (!table) return false;
    return (db.prepare("SELECT count(*) AS n FROM Organisation WHERE isDemo = 0").get() as { n: number }).n > 0;
  } finally {
    db.close();
  }
}

/**
 * Why the server cannot use this database file, in one line, or null: missing, not a database,
 * locked by another program, or not writable. Checked before anything else opens the file, so the
 * person starting Debrief reads a reason instead of a stack trace.
 */
export function databaseFileProblem(databaseFile: string): string | null {
  if (!existsSync(databaseFile)) {
    return `the database file ${databaseFile} does not exist. npm start creates and sets it up; if you meant an existing database, check DATABASE_URL`;
  }
  if (!statSync(databaseFile).isFile()) return `${databaseFile} is not a file: DATABASE_URL must name the SQLite database file`;
  let db: Database.Database | undefined;
  try {
    // SQLite would open a file it cannot write read-only without a word, and in WAL mode even a
    // first write can succeed; the file and its folder (for the -wal and -shm files) must be writable.
    accessSync(databaseFile, constants.R_OK | constants.W_OK);
    accessSync(path.dirname(databaseFile), constants.W_OK);
    db = new Database(databaseFile, { fileMustExist: true, timeout: 2000 });
    db.pragma("schema_version"); // reads the header: fails on a file that is not a database
    // Takes and releases the write lock: fails when another program holds it, or the file cannot be written.
    db.prepare("BEGIN IMMEDIATE").run();
    db.prepare("ROLLBACK").run();
    return null;
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? "");
    if (/^SQLITE_(BUSY|LOCKED)/.test(code)) {
      return `the database file ${databaseFile} is locked by another program. Is another Debrief server, an import or a restore running on it? Stop it, then start again`;
    }
    if (/^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(code) || /^(EACCES|EPERM|EROFS)$/.test(code)) {
      return `the database file ${databaseFile} cannot be written (${code}). Debrief needs to write to it and to create files beside it in ${path.dirname(databaseFile)}: check the file's and the folder's permissions and that the disk is not read-only`;
    }
    if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
      return `${databaseFile} is not a readable SQLite database (${code}). If it is damaged, restore the latest backup: npm run restore -- <file>`;
    }
    return `the database file ${databaseFile} cannot be opened: ${(error as Error).message}`;
  } finally {
    db?.close();
  }
}
