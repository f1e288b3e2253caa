// An online, consistent backup of the database while the server runs:
//   npm run backup -- <file>
import path from "node:path";
import { resolveDatabaseUrl, sqliteFilePath } from "../../app/env.server";
import { backupDatabase } from "../database-files";

const target = process.argv[2];
if (!target) {
  console.error("backup: give the backup file to write: npm run backup -- backups/debrief-2026-11-23.db");
  process.exit(1);
}
const databaseFile = sqliteFilePath(resolveDatabaseUrl(process.env.DATABASE_URL));
const started = Date.now();
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
try {
  await backupDatabase(databaseFile, path.resolve(target), (written, total) => {
    process.stdout.write(`\rBacking up ${path.basename(databaseFile)}: ${mb(written)} of about ${mb(total)} MB`);
  });
  process.stdout.write(`\nBackup written to ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s. Check it with npm run restore on a spare copy.\n`);
} catch (error) {
  console.error(`\nbackup: ${(error as Error).message}`);
  process.exit(1);
}
