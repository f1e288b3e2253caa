import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { copyOfTemplate, type TempDatabase } from "../support/database";
import { HttpSession } from "../support/http";
import { projectRoot, tsxBin } from "../support/paths";
import { startServer, type RunningServer } from "../support/server";

const run = promisify(execFile);
let db: TempDatabase;
let server: RunningServer;
let backupFile: string;
const cli = (script: string, databaseFile: string, ...args: string[]) =>
  run(tsxBin, [`server/cli/${script}.ts`, ...args], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: `file:${databaseFile}` } });

beforeAll(async () => {
  db = copyOfTemplate(inject("demoTemplate"), "backup");
  server = await startServer(db.file);
  backupFile = path.join(path.dirname(db.file), "backup.db");
}, 60_000);
afterAll(async () => {
  await server?.stop();
  db?.remove();
});

/** Every exposure and its follow-ups, in a form two databases can be compared by. */
function exposuresUpTo(file: string, maxId: number) {
  const sqlite = new Database(file, { readonly: true });
  try {
    return {
      exposures: sqlite.prepare("SELECT * FROM Exposure WHERE id <= ? ORDER BY id").all(maxId),
      followUps: sqlite.prepare("SELECT * FROM FollowUp WHERE exposureId <= ? ORDER BY id").all(maxId),
    };
  } finally {
    sqlite.close();
  }
}

describe("backup and restore", () => {
  test("a backup taken while supporters save is a consistent snapshot: the source as it was at one moment", async () => {
    const supporter = new HttpSession(server.url);
    await supporter.signIn("supporter@demo.test");
    const created = await supporter.post("/staff/new", { reference: "BK-0001", teamId: "demo-team-response-north" });
    const staffPath = created.headers.get("location")!;
    let writing = true;
    let saved = 0;
    const writer = async () => {
      while (writing) {
        const response = await supporter.post(`${staffPath}/exposures/new`, {
          idempotencyKey: randomUUID(),
          "occurred.day": "1",
          "occurred.month": "11",
          "occurred.year": "2026",
          incidentType: "other",
          involvement: "attended",
          informationReached: "na",
          initialDistress: "4",
        });
        expect(response.status).toBe(302);
        saved += 1;
      }
    };
    const writers = Array.from({ length: 4 }, writer);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { stdout } = await cli("backup", db.file, backupFile);
    writing = false;
    await Promise.all(writers);
    expect(stdout).toMatch(/Backing up .* MB/);
    expect(stdout).toContain(`Backup written to ${backupFile}`);
    expect(saved).toBeGreaterThan(0);

    const copy = new Database(backupFile, { readonly: true });
    const integrity = copy.pragma("integrity_check", { simple: true });
    const maxInBackup = (copy.prepare("SELECT MAX(id) AS m FROM Exposure").get() as { m: number }).m;
    copy.close();
    expect(integrity).toBe("ok");
    // Everything up to the snapshot is there, identical, with its follow-ups; nothing after it.
    expect(exposuresUpTo(backupFile, maxInBackup)).toEqual(exposuresUpTo(db.file, maxInBackup));
    await expect(cli("backup", db.file, backupFile)).rejects.toMatchObject({ stderr: expect.stringContaining("already exists") });
  }, 120_000);

  test("restore refuses while a server runs on the database", async () => {
    await expect(cli("restore", db.file, backupFile)).rejects.toMatchObject({ stderr: expect.stringMatching(/a Debrief server \(process \d+\) is running/) });
  });

  test("restore into a new place gives exactly the backup, and the server starts on it", async () => {
    const target = path.join(path.dirname(db.file), "restored.db");
    const { stdout } = await cli("restore", target, backupFile);
    expect(stdout).toContain(`Restored ${target}`);
    const maxId = (new Database(backupFile, { readonly: true }).prepare("SELECT MAX(id) AS m FROM Exposure").get() as { m: number }).m;
    expect(exposuresUpTo(target, maxId)).toEqual(exposuresUpTo(backupFile, maxId));
    const restored = await startServer(target);
    try {
      expect((await fetch(`${restored.url}/healthz`)).status).toBe(200);
    } finally {
      await restored.stop();
    }
  }, 60_000);

  test("restore refuses a damaged file and a backup from a newer Debrief, and leaves the database alone", async () => {
    const target = path.join(path.dirname(db.file), "untouched.db");
    const damaged = path.join(path.dirname(db.file), "damaged.db");
    writeFileSync(damaged, "SQLite format 3\u0000 but not really");
    await expect(cli("restore", target, damaged)).rejects.toMatchObject({ stderr: expect.stringMatching(/cannot be opened|damaged|cannot be read/) });

    const newer = path.join(path.dirname(db.file), "newer.db");
    const source = new Database(backupFile, { readonly: true });
    source.prepare("VACUUM INTO ?").run(newer);
    source.close();
    const future = new Database(newer);
    future
      .prepare("INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES (?, 'x', '29990101000000_future', 0, 1, 1)")
      .run(randomUUID());
    future.close();
    await expect(cli("restore", target, newer)).rejects.toMatchObject({ stderr: expect.stringContaining("comes from a newer version of Debrief") });
    expect(existsSync(target)).toBe(false);
  });
});
