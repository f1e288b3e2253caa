// What every command asks of its database before it touches it (npm start and its set-up, db:setup,
// create-admin, import, retention, backup, restore), so a database held by another program or
// server, missing, unwritable or out of date is refused in one line saying why and what to do.
import { existsSync } from "node:fs";
import { databaseEngineOf, sqliteFilePath, storedSecretPath } from "../app/env.server";
import { runningServer } from "./database-files";
import {
  databaseFileProblem,
  migrationsDirectory,
  newDatabaseFileProblem,
  organisationsIn,
  pendingMigrations,
  postgresqlStartupFacts,
  type Organisations,
} from "./startup-checks";

/** How a command uses its database, which decides what stops it. */
export type DatabaseUse = {
  /** A missing SQLite file is created (npm start, db:setup, create-admin) rather than refused. */
  createsDatabase?: boolean;
  /**
   * It serves the database, migrates it or replaces the file, so no Debrief server may be running on
   * the SQLite file meanwhile. (Imports, retention and backups may run beside the server: its writes
   * wait for theirs, as for any other program.)
   */
  exclusive?: boolean;
  /** It only reads (a backup, a dry run): neither the write lock nor a writable file is needed. */
  readsOnly?: boolean;
  /** It works through the app's models, so every migration must have been applied. */
  needsCurrentSchema?: boolean;
};

export type DatabaseFacts = {
  /** Why the command cannot go on, in one line, or null. */
  problem: string | null;
  /** Committed migrations not yet applied (all of them on a new database). */
  pending: string[];
  organisations: Organisations;
};

/** The answers for the database DATABASE_URL names, on either engine. */
export async function databaseFacts(databaseUrl: string, root: string, use: DatabaseUse): Promise<DatabaseFacts> {
  const engine = databaseEngineOf(databaseUrl);
  const facts =
    engine === "postgresql"
      ? await postgresqlStartupFacts(databaseUrl, migrationsDirectory(root, engine))
      : sqliteFacts(sqliteFilePath(databaseUrl), migrationsDirectory(root), use);
  if (!facts.problem && use.needsCurrentSchema && facts.pending.length > 0) {
    const { pending } = facts;
    return { ...facts, problem: `the database needs ${pending.length} migration(s) (${pending.join(", ")}): run npm run db:setup, or npm start` };
  }
  return facts;
}

function sqliteFacts(databaseFile: string, migrationsDir: string, use: DatabaseUse): DatabaseFacts {
  const refused = (problem: string) => ({ problem, pending: [], organisations: { any: false, real: false } });
  if (use.exclusive) {
    const server = runningServer(databaseFile);
    if (server !== null && server !== process.pid) {
      return refused(`a Debrief server (process ${server}) is running on ${databaseFile}: one server owns a database. Stop it first, then try again`);
    }
  }
  const problem =
    !existsSync(databaseFile) && use.createsDatabase ? newDatabaseFileProblem(databaseFile) : databaseFileProblem(databaseFile, { writes: !use.readsOnly });
  if (problem) return refused(problem);
  return { problem: null, pending: pendingMigrations(databaseFile, migrationsDir), organisations: organisationsIn(databaseFile) };
}

/**
 * A database holding a real organisation while its encryption key is neither set nor stored: a new
 * key must not be made for it, or what is encrypted in it could never be read again.
 */
export function lostEncryptionKeyProblem(organisations: Organisations): string | null {
  if (!organisations.real || process.env.ENCRYPTION_KEY || existsSync(storedSecretPath("ENCRYPTION_KEY"))) return null;
  return "ENCRYPTION_KEY is not set and no stored key was found. Set it to the key this database was encrypted with.";
}
