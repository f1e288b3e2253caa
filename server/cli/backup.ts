// An online, consistent backup of the database while the server runs:
//   npm run backup -- <file>
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { databaseEngineOf, resolveDatabaseUrl, sqliteFilePath } from "../../app/env.server";
import { backupDatabase } from "../database-files";
import { newDatabaseFileProblem } from "../startup-checks";
import { checkedDatabase, failCommand } from "./command";

const COMMAND = "backup";
const target = process.argv[2];
if (!target) failCommand(COMMAND, "give the backup file to write: npm run backup -- backups/debrief-2026-11-23.db");
if (databaseEngineOf(resolveDatabaseUrl(process.env.DATABASE_URL)) === "postgresql") {
  failCommand(COMMAND, "this copies a SQLite database file; back up PostgreSQL with its own tools (pg_dump, or continuous archiving)");
}
// Reading is enough: a server may be running, and another program may hold the write lock (WAL lets readers on).
const database = await checkedDatabase(COMMAND, { readsOnly: true });
const backupFile = path.resolve(target);
if (existsSync(backupFile)) failCommand(COMMAND, `${target} already exists: choose a new file name`);
const targetProblem = newDatabaseFileProblem(backupFile, `the backup ${backupFile}`);
if (targetProblem) failCommand(COMMAND, targetProblem);
mkdirSync(path.dirname(backupFile), { recursive: true });

const databaseFile = sqliteFilePath(database.url);
const started = Date.now();
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
try {
  await backupDatabase(databaseFile, backupFile, (written, total) => {
    process.stdout.write(`\rBacking up ${path.basename(databaseFile)}: ${mb(written)} of about ${mb(total)} MB`);
  });
  process.stdout.write(`\nBackup written to ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s. Check it with npm run restore on a spare copy.\n`);
} catch (error) {
  console.error(`\n${COMMAND}: ${(error as Error).message}`);
  process.exit(1);
}
