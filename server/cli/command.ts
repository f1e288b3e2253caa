// What the command-line tools share: one plain line when they cannot do their work, the checks of
// their database before they touch it, and the project's folder.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeFailureOf, type WriteFailure } from "../../app/db/write-failure";
import { resolveDatabaseUrl } from "../../app/env.server";
import { databaseFacts, type DatabaseFacts, type DatabaseUse } from "../database-checks";
import { MigrationFailed } from "../database-setup";
import { keepNewFilesPrivate } from "../file-modes";
import { projectRootAbove } from "../project-root";

// Every command writes owner-only files: a new database, a backup, the keys (and the Prisma CLI it runs inherits it).
keepNewFilesPrivate();

export const projectRoot = projectRootAbove(path.dirname(fileURLToPath(import.meta.url)));

/** Ends a command with one line naming it and saying why, and exit code 1. */
export function failCommand(command: string, message: string): never {
  console.error(`${command}: ${message}`);
  process.exit(1);
}

/** The database DATABASE_URL names (relative paths from the working directory), checked for this use: refused in one line if it cannot serve it. */
export async function checkedDatabase(command: string, use: DatabaseUse): Promise<DatabaseFacts & { url: string }> {
  const url = resolveDatabaseUrl(process.env.DATABASE_URL);
  const facts = await databaseFacts(url, projectRoot, use);
  if (facts.problem) failCommand(command, facts.problem);
  return { ...facts, url };
}

const DATABASE_FAILURES: Record<WriteFailure, string> = {
  busy: "the database was held by another program for longer than Debrief waits (5 s). Try again when it has finished",
  full: "the disk holding the database is full. Free some space, then try again",
  unavailable: "the database could not be reached or written. Check that it is there and writable (or that the PostgreSQL server is up), then try again",
};

/**
 * From here on, a database that fails the command partway (held too long by another program, a full
 * disk, a server gone away, migrations that would not apply) ends it in one line and exit code 1.
 * Any other error is a fault of Debrief's, and is reported as Node would, with its stack trace.
 */
export function reportDatabaseFailuresPlainly(command: string) {
  process.on("uncaughtException", (error) => {
    if (error instanceof MigrationFailed) failCommand(command, error.message);
    const failure = writeFailureOf(error);
    if (!failure) {
      console.error(error);
      process.exit(1);
    }
    const detail = error.message.split("\n").find((line) => line.trim())?.trim();
    failCommand(command, `${DATABASE_FAILURES[failure]}${detail ? ` (${detail})` : ""}`);
  });
}
