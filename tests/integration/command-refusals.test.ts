// Every command that touches the database answers in one plain line (its name, the reason, what to
// do), with no stack trace and a non-zero exit code, when it cannot use the database: held by another
// program or by a Debrief server, missing where it must exist, or not writable; on PostgreSQL, a
// server that cannot be reached. npm start's own part (prestart) is checked here; the server's in
// startup.test.ts. Each case runs its commands side by side: one process per command.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, inject, test } from "vitest";
import { expectOneLineRefusal, runScript, type CommandResult } from "../support/cli";
import { copyOfTemplate, tempDatabase, type TempDatabase } from "../support/database";
import { demoDatabase, emptyDatabase, onPostgresql, unreachableDatabaseUrl, type TestDatabase } from "../support/engines";
import { databaseUrlOn } from "../support/postgresql";
import { holdWrites, withSql } from "../support/sql";

let scratch: string;
let csvFile: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "debrief-refusals-"));
  csvFile = path.join(scratch, "records.csv");
  // A row the demo would take (a team it knows), so an import that gets as far as writing does write.
  writeFileSync(csvFile, "Staff reference,Team,Exposure date,Incident type,Involvement,Initial distress\nREF-0001,Response Team North,05/05/2021,other,attended,4\n");
  return () => rmSync(scratch, { recursive: true, force: true });
});

let databases: (TempDatabase | TestDatabase)[] = [];
let undoReadOnly: (() => void)[] = [];
afterEach(async () => {
  for (const undo of undoReadOnly) undo();
  undoReadOnly = [];
  for (const db of databases) await db.remove();
  databases = [];
});

/** Each command as its npm script runs it, with the arguments of an ordinary use; keyed by the name its refusals begin with. */
const COMMANDS = {
  "Debrief cannot start": ["server/cli/prepare-start.ts"], // npm start, before it serves
  "db:setup": ["server/cli/db-setup.ts"],
  "create-admin": ["server/cli/create-admin.ts", "--email", "new.admin@example.org"],
  import: ["server/cli/import.ts", "CSV"],
  retention: ["server/cli/retention.ts"],
  backup: ["server/cli/backup.ts", "BACKUP"],
  restore: ["server/cli/restore.ts", "RESTORE_FROM"],
} satisfies Record<string, string[]>;
type CommandName = keyof typeof COMMANDS;

/** Runs the named commands at once on `databaseUrl`; a backup goes to a new file, a restore reads a copy of the demo. */
async function runOn(databaseUrl: string, names: CommandName[]): Promise<Record<string, CommandResult>> {
  const results = await Promise.all(
    names.map((name) => {
      const [script, ...args] = COMMANDS[name];
      const concrete = args.map((arg) =>
        arg === "CSV" ? csvFile : arg === "BACKUP" ? path.join(scratch, `backup-${Math.random().toString(36).slice(2)}.db`) : arg === "RESTORE_FROM" ? inject("demoTemplate") : arg,
      );
      return runScript(script!, concrete, { DATABASE_URL: databaseUrl });
    }),
  );
  return Object.fromEntries(names.map((name, index) => [name, results[index]!]));
}

function expectRefusals(results: Record<string, CommandResult>, reason: RegExp) {
  for (const [name, result] of Object.entries(results)) expect(expectOneLineRefusal(result, name), name).toMatch(reason);
}

/** Makes a file or folder read-only for this process, even for root (who may write whatever the mode): immutable there. */
function makeReadOnly(target: string) {
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chattr", ["+i", target]);
  else chmodSync(target, 0o555);
  undoReadOnly.push(() => (asRoot ? execFileSync("chattr", ["-i", target]) : chmodSync(target, 0o755)));
}

describe.skipIf(onPostgresql())("on a SQLite file", () => {
  test("held by another program (its write lock): every command that writes refuses; a backup only reads, and runs", async () => {
    const db = copyOfTemplate(inject("demoTemplate"), "refusal-held");
    databases.push(db);
    const release = await holdWrites(db.url, []);
    try {
      const results = await runOn(db.url, ["Debrief cannot start", "db:setup", "create-admin", "import", "retention", "restore", "backup"]);
      const { backup, ...writers } = results;
      expectRefusals(writers, /the database file .*debrief\.db is locked by another program\. Is another Debrief server, an import or a restore running on it\? Stop it, then try again$/);
      expect(backup!.code, backup!.stderr).toBe(0);
    } finally {
      await release();
    }
  });

  test("served by a Debrief server (its marker): what migrates or replaces the database refuses", async () => {
    const db = copyOfTemplate(inject("demoTemplate"), "refusal-served");
    databases.push(db);
    // The marker a running server leaves, naming a live process (this one). Imports, retention and
    // backups run beside a server, as import.test.ts and backup.test.ts show.
    writeFileSync(`${db.file}.server`, String(process.pid));
    const results = await runOn(db.url, ["Debrief cannot start", "db:setup", "create-admin", "restore"]);
    expectRefusals(results, new RegExp(`a Debrief server \\(process ${process.pid}\\) is running on .*debrief\\.db: one server owns a database\\. Stop it first, then try again$`));
  });

  test("missing: what needs an existing database refuses (npm start, db:setup and create-admin create it)", async () => {
    const results = await runOn(unreachableDatabaseUrl(), ["import", "retention", "backup"]);
    expectRefusals(results, /the database file .*debrief\.db does not exist\. npm start creates and sets it up; if you meant an existing database, check DATABASE_URL$/);
    const restore = await runScript("server/cli/restore.ts", [path.join(scratch, "no-such-backup.db")], { DATABASE_URL: unreachableDatabaseUrl() });
    expect(expectOneLineRefusal(restore, "restore")).toMatch(/no-such-backup\.db does not exist$/);
  });

  test("a read-only file: every command that writes refuses; a backup only reads, and runs", async () => {
    const db = copyOfTemplate(inject("demoTemplate"), "refusal-read-only");
    databases.push(db);
    makeReadOnly(db.file);
    const results = await runOn(db.url, ["Debrief cannot start", "db:setup", "create-admin", "import", "retention", "restore", "backup"]);
    const { backup, ...writers } = results;
    expectRefusals(writers, /the database file .*debrief\.db cannot be written \((EPERM|EACCES)\)\. Debrief needs to write to it and to create files beside it/);
    expect(backup!.code, backup!.stderr).toBe(0);
  });

  test("a read-only folder: no new database in it, no use of one in it, no backup into it", async () => {
    const db = copyOfTemplate(inject("demoTemplate"), "refusal-read-only-folder");
    databases.push(db);
    const newFile = tempDatabase("refusal-read-only-folder-new");
    const backupSource = copyOfTemplate(inject("emptyTemplate"), "refusal-backup-source");
    databases.push(newFile, backupSource);
    makeReadOnly(db.dir);
    makeReadOnly(newFile.dir);
    const [onNew, onExisting, backup] = await Promise.all([
      runOn(newFile.url, ["Debrief cannot start", "db:setup", "create-admin", "restore"]),
      runOn(db.url, ["import", "retention"]),
      runScript("server/cli/backup.ts", [path.join(newFile.dir, "backup.db")], { DATABASE_URL: backupSource.url }),
    ]);
    expectRefusals(onNew, /the database file .*debrief\.db cannot be created: the folder .* cannot be written \((EPERM|EACCES)\)/);
    expectRefusals(onExisting, /the database file .*debrief\.db cannot be written \((EPERM|EACCES)\)/);
    expect(expectOneLineRefusal(backup, "backup")).toMatch(/the backup .*backup\.db cannot be created: the folder .* cannot be written \((EPERM|EACCES)\)/);
  });
});

describe.runIf(onPostgresql())("on PostgreSQL", () => {
  test("a server that cannot be reached: every command refuses; backup and restore are for a SQLite file", async () => {
    const results = await runOn(unreachableDatabaseUrl(), ["Debrief cannot start", "db:setup", "create-admin", "import", "retention", "backup", "restore"]);
    const { backup, restore, ...users } = results;
    expectRefusals(users, /the PostgreSQL server in DATABASE_URL cannot be reached: .*ECONNREFUSED/);
    expect(expectOneLineRefusal(backup!, "backup")).toMatch(/copies a SQLite database file; back up PostgreSQL with its own tools/);
    expect(expectOneLineRefusal(restore!, "restore")).toMatch(/restores a SQLite database file; restore PostgreSQL with its own tools/);
  });

  test("no such database: refused with how to create it (Debrief creates tables, not databases)", async () => {
    const results = await runOn(databaseUrlOn("debrief_no_such_database"), ["Debrief cannot start", "db:setup", "create-admin"]);
    expectRefusals(results, /database "debrief_no_such_database" does not exist\. Create it first: CREATE DATABASE <name> TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C';$/);
  });

  test("held by another program (locks on its tables): what writes gives up after the lock wait, in one line", async () => {
    const [demo, empty] = await Promise.all([demoDatabase("refusal-held-demo"), emptyDatabase("refusal-held-empty")]);
    databases.push(demo, empty);
    const releases = await Promise.all([demo, empty].map(async (db) => holdWrites(db.url, await withSql(db.url, (sql) => sql.tables()))));
    try {
      const [onDemo, onEmpty] = await Promise.all([runOn(demo.url, ["import", "retention"]), runOn(empty.url, ["create-admin"])]);
      expectRefusals({ ...onDemo, ...onEmpty }, /the database was held by another program for longer than Debrief waits \(5 s\)\. Try again when it has finished/);
    } finally {
      await Promise.all(releases.map((release) => release()));
    }
  });
});
