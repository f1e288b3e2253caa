// The database, its WAL, backups and what the server writes beside them hold health data or its
// keys: only the user running Debrief can read them (files 600, folders 700). SQLite files only.
import { execFile } from "node:child_process";
import { chmodSync, existsSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { copyOfTemplate, type TempDatabase } from "../support/database";
import { HttpSession } from "../support/http";
import { projectRoot, tsxBin } from "../support/paths";
import { startServer, type RunningServer } from "../support/server";

const run = promisify(execFile);
const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8);
const cli = (script: string, databaseFile: string, ...args: string[]) =>
  run(tsxBin, [`server/cli/${script}.ts`, ...args], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: `file:${databaseFile}` } });

let db: TempDatabase;
let server: RunningServer | undefined;
beforeAll(() => {
  db = copyOfTemplate(inject("demoTemplate"), "file-modes");
});
afterAll(async () => {
  await server?.stop();
  db?.remove();
});

describe("files at rest are owner-only", () => {
  test("at start-up a database readable by others is made owner-only, with a plain warning; its WAL is owner-only too", async () => {
    chmodSync(db.file, 0o644);
    chmodSync(db.dir, 0o755);
    server = await startServer(db.file);
    const session = new HttpSession(server.url);
    await session.signIn("supporter@demo.test"); // a write, so the WAL holds data
    expect(server.output()).toContain(`Warning: ${db.file} was readable by other users on this machine (mode 644); Debrief made it owner-only (600).`);
    expect(server.output()).toContain(`Warning: the folder ${db.dir} can be opened by other users on this machine (mode 755): run chmod 700 ${db.dir}`);
    for (const file of [db.file, `${db.file}-wal`, `${db.file}-shm`, `${db.file}.server`]) {
      expect(existsSync(file), file).toBe(true);
      expect(modeOf(file), file).toBe("600");
    }
    chmodSync(db.dir, 0o700);
  }, 60_000);

  test("a backup, and a new folder for it, are owner-only from the start", async () => {
    const backupFile = path.join(db.dir, "backups", "nightly.db");
    await cli("backup", db.file, backupFile);
    expect(modeOf(backupFile)).toBe("600");
    expect(modeOf(path.dirname(backupFile))).toBe("700");
  }, 60_000);

  test("a restored database is owner-only, even from a backup others could read, and the next start-up finds nothing to warn about", async () => {
    await server?.stop();
    server = undefined;
    const backupFile = path.join(db.dir, "backups", "nightly.db");
    chmodSync(backupFile, 0o644);
    await cli("restore", db.file, backupFile);
    expect(modeOf(db.file)).toBe("600");
    server = await startServer(db.file);
    expect(server.output()).not.toContain("Warning:");
    for (const file of [db.file, `${db.file}-wal`, `${db.file}-shm`]) expect(modeOf(file), file).toBe("600");
  }, 60_000);
});
