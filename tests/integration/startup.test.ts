import { execFileSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, inject, test } from "vitest";
import { copyOfTemplate, tempDatabase, type TempDatabase } from "../support/database";
import { demoDatabase, emptyDatabase, onPostgresql, unreachableDatabaseUrl, type TestDatabase } from "../support/engines";
import { databaseUrlOn } from "../support/postgresql";
import { spawnServer, startServer, startServerOn, type RunningServer } from "../support/server";
import { withSql } from "../support/sql";

// The first tests hold on both engines; then what only a database file can get wrong (SQLite), and
// what only a database server can (PostgreSQL).
let db: TempDatabase | TestDatabase | undefined;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
  if (db && "file" in db && process.getuid?.() === 0) {
    try {
      execFileSync("chattr", ["-i", db.file], { stdio: "ignore" }); // in case the read-only test stopped half-way
    } catch {
      // not immutable, or no file
    }
  }
  await db?.remove();
  db = undefined;
});


function runToExit(env: Record<string, string>) {
  const child = spawnServer(env);
  let stderr = "";
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, stderr })),
  );
}

test("the server refuses to start with a bad environment, one clear line per bad value", async () => {
  db = await emptyDatabase("startup-bad-env");
  const { code, stderr } = await runToExit({ DATABASE_URL: db.url, PORT: "eighty", SESSION_SECRET: "too-short" });
  expect(code).toBe(1);
  expect(stderr).toMatch(/Debrief cannot start/);
  expect(stderr).toMatch(/^\s*PORT must be a whole number$/m);
  expect(stderr).toMatch(/^\s*SESSION_SECRET must be at least 32 characters/m);
});

test("in production, a missing encryption key stops start-up when the database holds real data", async () => {
  db = await emptyDatabase("startup-no-key");
  await withSql(db.url, (sql) => sql.run("INSERT INTO Organisation (id, name, isDemo, updatedAt) VALUES ('real', 'Real service', FALSE, '2026-01-01T00:00:00Z')"));
  const { code, stderr } = await runToExit({ DATABASE_URL: db.url, SESSION_SECRET: "s".repeat(40), ENCRYPTION_KEY: "" });
  expect(code).toBe(1);
  expect(stderr).toMatch(/ENCRYPTION_KEY is not set and no stored key was found/);
});

test("the server refuses to start on a database that is not migrated, and says what to run", async () => {
  db = await emptyDatabase("startup-unmigrated");
  await withSql(db.url, (sql) => sql.run("DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)"));
  const { code, stderr } = await runToExit({ DATABASE_URL: db.url, SESSION_SECRET: "s".repeat(40), ENCRYPTION_KEY: "ab".repeat(32) });
  expect(code).toBe(1);
  expect(stderr).toMatch(/the database needs 1 migration\(s\) .*run npm run db:setup/);
});

test("the built server starts on a migrated database and serves /healthz", async () => {
  db = await demoDatabase("startup-ok");
  server = await startServerOn(db.url);
  const response = await fetch(`${server.url}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", db: "ok" });
  if (!onPostgresql()) {
    // The pragmas were set on the file: WAL mode persists in the database header.
    const Database = (await import("better-sqlite3")).default;
    const sqlite = new Database(db.url.slice("file:".length), { readonly: true });
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    sqlite.close();
  }
});

test("the server stops cleanly on SIGTERM", async () => {
  db = await demoDatabase("startup-sigterm");
  server = await startServerOn(db.url);
  const exited = new Promise<number | null>((resolve) => server!.process.once("exit", (code) => resolve(code)));
  server.process.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(server.output()).toMatch(/SIGTERM received/);
});

const secrets = { SESSION_SECRET: "s".repeat(40), ENCRYPTION_KEY: "ab".repeat(32) };
/** The lines saying why the server did not start: one, with no stack trace, when it is a problem of the database's. */
const oneLineReason = (stderr: string) => {
  expect(stderr).not.toMatch(/^\s+at /m);
  return stderr.trim().split("\n").filter((line) => line.startsWith("Debrief cannot start"));
};

describe.skipIf(onPostgresql())("a database file the server cannot use: one line saying why, and a non-zero exit", () => {
  test("missing", async () => {
    const file = tempDatabase("startup-missing");
    db = file;
    const { code, stderr } = await runToExit({ DATABASE_URL: file.url, ...secrets });
    expect(code).toBe(1);
    expect(oneLineReason(stderr)).toEqual([expect.stringMatching(/the database file .*debrief\.db does not exist\. npm start creates and sets it up/)]);
  });

  test("not a database", async () => {
    const file = tempDatabase("startup-garbage");
    db = file;
    writeFileSync(file.file, "name,team\nA,B\n".repeat(200));
    const { code, stderr } = await runToExit({ DATABASE_URL: file.url, ...secrets });
    expect(code).toBe(1);
    expect(oneLineReason(stderr)).toEqual([expect.stringMatching(/is not a readable SQLite database \(SQLITE_NOTADB\)\. If it is damaged, restore/)]);
  });

  test("locked by another program", async () => {
    const file = copyOfTemplate(inject("demoTemplate"), "startup-locked");
    db = file;
    const Database = (await import("better-sqlite3")).default;
    const other = new Database(file.file);
    other.prepare("BEGIN EXCLUSIVE").run();
    try {
      const { code, stderr } = await runToExit({ DATABASE_URL: file.url, ...secrets });
      expect(code).toBe(1);
      expect(oneLineReason(stderr)).toEqual([expect.stringMatching(/is locked by another program\. Is another Debrief server, an import or a restore running on it\?/)]);
    } finally {
      other.prepare("ROLLBACK").run();
      other.close();
    }
  });

  test("read-only", async () => {
    const file = copyOfTemplate(inject("demoTemplate"), "startup-readonly");
    db = file;
    // The administrator (root) can write a file whatever its mode, so the file is made immutable instead.
    const makeReadOnly = process.getuid?.() === 0 ? () => execFileSync("chattr", ["+i", file.file]) : () => chmodSync(file.file, 0o444);
    const undo = process.getuid?.() === 0 ? () => execFileSync("chattr", ["-i", file.file]) : () => chmodSync(file.file, 0o644);
    makeReadOnly();
    try {
      const { code, stderr } = await runToExit({ DATABASE_URL: file.url, ...secrets });
      expect(code).toBe(1);
      expect(oneLineReason(stderr)).toEqual([expect.stringMatching(/cannot be written \((EPERM|EACCES)\)\. Debrief needs to write to it/)]);
    } finally {
      undo();
    }
  });

  test("already served by another Debrief server", async () => {
    const file = copyOfTemplate(inject("demoTemplate"), "startup-twice");
    db = file;
    server = await startServer(file.file);
    const { code, stderr } = await runToExit({ DATABASE_URL: file.url, ...secrets, PORT: "0" });
    expect(code).toBe(1);
    expect(oneLineReason(stderr)).toEqual([expect.stringMatching(/a Debrief server \(process \d+\) is running on .*: one server owns a database\. Stop it first/)]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  test("two servers started on one file at the same moment: one serves, the other is refused, and the file stays claimed", async () => {
    const file = copyOfTemplate(inject("demoTemplate"), "startup-together");
    db = file;
    const started = await Promise.allSettled([startServer(file.file), startServer(file.file)]);
    const serving = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
    expect(serving.length).toBe(1);
    server = serving[0]!;
    expect(String((started.find((result) => result.status === "rejected") as PromiseRejectedResult).reason)).toMatch(/one server owns a database/);
    // The refused one took nothing with it: a third is refused too, and the first still serves.
    const third = await runToExit({ DATABASE_URL: file.url, ...secrets, PORT: "0" });
    expect(third.code).toBe(1);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe.runIf(onPostgresql())("a PostgreSQL database the server cannot use: one line saying why, and a non-zero exit", () => {
  test("no server at the address", async () => {
    const { code, stderr } = await runToExit({ DATABASE_URL: unreachableDatabaseUrl(), ...secrets });
    expect(code).toBe(1);
    expect(oneLineReason(stderr)).toEqual([expect.stringMatching(/the PostgreSQL server in DATABASE_URL cannot be reached: .*ECONNREFUSED/)]);
  });

  test("no such database on the server", async () => {
    const { code, stderr } = await runToExit({ DATABASE_URL: databaseUrlOn("debrief_no_such_database"), ...secrets });
    expect(code).toBe(1);
    expect(oneLineReason(stderr)).toEqual([expect.stringMatching(/cannot be reached: database "debrief_no_such_database" does not exist/)]);
  });

  test("a second server on the same database is welcome: several may share one behind a load balancer", async () => {
    db = await demoDatabase("startup-shared");
    server = await startServerOn(db.url);
    const second = await startServerOn(db.url);
    try {
      expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});
