// Replaces the database with a backup, after checking it:
//   npm run restore -- <file>
// Refuses while a server is running on the database, and refuses a damaged file or one from a
// newer Debrief. An older backup is brought up to date by the next start (migrations).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { resolveDatabaseUrl, sqliteFilePath } from "../../app/env.server";
import { restoreDatabase, restoreProblem, runningServer } from "../database-files";
import { migrationsDirectory } from "../startup-checks";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
function fail(message: string): never {
  console.error(`restore: ${message}`);
  process.exit(1);
}

const backup = process.argv[2];
if (!backup) fail("give the backup file: npm run restore -- backups/debrief-2026-11-23.db");
const databaseFile = sqliteFilePath(resolveDatabaseUrl(process.env.DATABASE_URL));
const pid = runningServer(databaseFile);
if (pid !== null) fail(`a Debrief server (process ${pid}) is running on ${databaseFile}: stop it first, then restore.`);
const problem = restoreProblem(path.resolve(backup), migrationsDirectory(root));
if (problem) fail(problem);
restoreDatabase(path.resolve(backup), databaseFile);
console.log(`Restored ${databaseFile} from ${backup}. Start the server as usual.`);
