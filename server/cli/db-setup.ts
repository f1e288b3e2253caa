// Sets up the database DATABASE_URL names: creates a new SQLite file, applies any pending
// migrations, and seeds the demo organisation into a database with none.
//   npm run db:setup
// Refused in one line when a Debrief server is running on the database, another program holds it,
// or it cannot be written (or, on PostgreSQL, reached).
import { setUpDatabase } from "../database-setup";
import { checkedDatabase, projectRoot, reportDatabaseFailuresPlainly } from "./command";

/** Checks the database, then sets it up; `command` names the caller in its one-line refusals. */
export async function checkAndSetUpDatabase(command: string) {
  const database = await checkedDatabase(command, { createsDatabase: true, exclusive: true });
  await setUpDatabase(projectRoot, database.url, database, console.info);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  reportDatabaseFailuresPlainly("db:setup");
  await checkAndSetUpDatabase("db:setup");
}
