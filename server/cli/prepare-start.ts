// What npm start does before it serves (prestart): checks the database first, so a server already
// running on it or a database held, unwritable or unreachable is refused in one line before
// anything is rebuilt under it; then builds if the sources changed since the last build; then sets
// the database up (new file, pending migrations, the demo into a database with none).
import { build } from "./build";
import { checkedDatabase, reportDatabaseFailuresPlainly } from "./command";
import { checkAndSetUpDatabase } from "./db-setup";

const COMMAND = "Debrief cannot start";
reportDatabaseFailuresPlainly(COMMAND);
await checkedDatabase(COMMAND, { createsDatabase: true, exclusive: true });
build({ ifStale: true });
await checkAndSetUpDatabase(COMMAND);
