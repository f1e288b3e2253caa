// Replaces the database with a backup, after checking it:
//   npm run restore -- <file>
// Refuses while a server is running on the database or another program holds it, and refuses a
// damaged file or one from a newer Debrief. An older backup is brought up to date by the next start
// (migrations).
import path from "node:path";
import { databaseEngineOf, resolveDatabaseUrl, sqliteFilePath } from "../../app/env.server";
import { restoreDatabase, restoreProblem } from "../database-files";
import { migrationsDirectory } from "../startup-checks";
import { checkedDatabase, failCommand, projectRoot } from "./command";

const COMMAND = "restore";
const backup = process.argv[2];
if (!backup) failCommand(COMMAND, "give the backup file: npm run restore -- backups/debrief-2026-11-23.db");
if (databaseEngineOf(resolveDatabaseUrl(process.env.DATABASE_URL)) === "postgresql") {
  failCommand(COMMAND, "this restores a SQLite database file; restore PostgreSQL with its own tools (pg_restore, or psql for a plain dump)");
}
// A new place is fine (the file is created); an existing database must be free and writable.
const database = await checkedDatabase(COMMAND, { createsDatabase: true, exclusive: true });
const problem = restoreProblem(path.resolve(backup), migrationsDirectory(projectRoot));
if (problem) failCommand(COMMAND, problem);
const databaseFile = sqliteFilePath(database.url);
restoreDatabase(path.resolve(backup), databaseFile);
console.log(`Restored ${databaseFile} from ${backup}. Start the server as usual.`);
