import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { databaseEngineOf } from "~/env.server";
import { demoDatabase, type TestDatabase } from "../support/engines";
import { HttpSession, pageText } from "../support/http";
import { exposureForm, supportersSaving } from "../support/load";
import { startServerOn, type RunningServer } from "../support/server";
import { holdWrites, withSql } from "../support/sql";

const CLIENTS = 50;
const LOAD_SECONDS = 30;

/** Which of the keys are on saved exposures: one read of every key, not one per key. */
function keysPresent(databaseUrl: string, keys: string[]) {
  return withSql(databaseUrl, async (sql) => {
    const stored = new Set((await sql.all<{ key: string }>("SELECT idempotencyKey AS key FROM Exposure WHERE idempotencyKey IS NOT NULL")).map((row) => row.key));
    return new Set(keys.filter((key) => stored.has(key)));
  });
}

function staffPresent(databaseUrl: string, ids: string[]) {
  return withSql(databaseUrl, async (sql) => {
    const stored = new Set((await sql.all<{ id: string }>("SELECT id FROM StaffMember")).map((row) => row.id));
    return ids.filter((id) => stored.has(id)).length;
  });
}

function exposureCount(databaseUrl: string) {
  return withSql(databaseUrl, (sql) => sql.value<number>("SELECT COUNT(*) FROM Exposure"));
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SQLite's own check of the file; PostgreSQL recovers from its log by itself, and is only asked to answer. */
async function intact(databaseUrl: string) {
  if (databaseEngineOf(databaseUrl) === "postgresql") return (await exposureCount(databaseUrl)) > 0;
  const sqlite = new Database(databaseUrl.slice("file:".length), { readonly: true });
  try {
    return sqlite.pragma("integrity_check", { simple: true }) === "ok";
  } finally {
    sqlite.close();
  }
}

describe("under load", () => {
  let db: TestDatabase;
  let server: RunningServer;
  beforeAll(async () => {
    db = await demoDatabase("load");
    server = await startServerOn(db.url);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await db?.remove();
  });

  test(`${CLIENTS} supporters saving at once for ${LOAD_SECONDS} s: no server error, and every acknowledged save is in the database`, async () => {
    const until = Date.now() + LOAD_SECONDS * 1000;
    const outcome = await supportersSaving(server.url, CLIENTS, () => Date.now() > until);
    const serverErrors = [...outcome.statuses].filter(([status]) => status >= 500);
    expect(serverErrors, server.output()).toEqual([]);
    expect(outcome.networkErrors).toBe(0);
    expect(outcome.acknowledgedStaff).toHaveLength(CLIENTS);
    // Enough saves that they really overlapped.
    expect(outcome.acknowledgedExposures.length).toBeGreaterThan(CLIENTS * 5);
    expect((await keysPresent(db.url, outcome.acknowledgedExposures)).size).toBe(outcome.acknowledgedExposures.length);
    expect((await staffPresent(db.url, outcome.acknowledgedStaff))).toBe(CLIENTS);
  }, (LOAD_SECONDS + 90) * 1000);
});

describe("a crash", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await demoDatabase("crash");
  });
  afterAll(() => db?.remove());

  test("the server killed (SIGKILL) while supporters save: after a restart every acknowledged save is there and the database is intact", async () => {
    const server = await startServerOn(db.url);
    let killed = false;
    const saving = supportersSaving(server.url, CLIENTS, () => killed);
    // Kill only once saves are flowing (sign-ins and staff creation come first).
    const before = await exposureCount(db.url);
    const started = Date.now();
    while (Date.now() - started < 60_000 && (await exposureCount(db.url)) < before + CLIENTS * 3) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // The child is the server itself (Node runs the built entry).
    const serverPid = server.process.pid!;
    server.process.kill("SIGKILL");
    killed = true;
    await new Promise((resolve) => server.process.once("exit", resolve));
    while (alive(serverPid)) await new Promise((resolve) => setTimeout(resolve, 50));
    const outcome = await saving;
    expect(outcome.acknowledgedExposures.length).toBeGreaterThan(CLIENTS);

    expect(await intact(db.url)).toBe(true);
    expect((await keysPresent(db.url, outcome.acknowledgedExposures)).size).toBe(outcome.acknowledgedExposures.length);
    expect((await staffPresent(db.url, outcome.acknowledgedStaff))).toBe(outcome.acknowledgedStaff.length);

    const restarted = await startServerOn(db.url);
    try {
      expect((await fetch(`${restarted.url}/healthz`)).status).toBe(200);
      const supporter = new HttpSession(restarted.url);
      await supporter.signIn("supporter@demo.test");
      expect((await supporter.get("/caseload")).status).toBe(200);
    } finally {
      await restarted.stop();
    }
  }, 180_000);
});

describe("a database that cannot take a write", () => {
  let db: TestDatabase;
  let server: RunningServer;
  beforeAll(async () => {
    db = await demoDatabase("busy");
    server = await startServerOn(db.url);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await db?.remove();
  });

  test("while another process holds the write lock, a save answers 503 'Not saved', keeps what was typed, and writes nothing", async () => {
    const supporter = new HttpSession(server.url);
    await supporter.signIn("supporter@demo.test");
    const created = await supporter.post("/staff/new", { reference: "BUSY-0001", teamId: "demo-team-response-north" });
    const staffPath = created.headers.get("location")!;
    // Opening the form first: reads carry on while another process writes.
    expect((await supporter.get(`${staffPath}/exposures/new`)).status).toBe(200);

    const release = await holdWrites(db.url, ["Exposure"]);
    const key = randomUUID();
    let response: Response;
    try {
      response = await supporter.post(`${staffPath}/exposures/new`, exposureForm(key, "Call from the control room about the bridge"));
    } finally {
      await release();
    }
    expect(response.status).toBe(503);
    const html = await response.text();
    expect(pageText(html)).toContain("Not saved: Debrief was too busy to save this just now");
    expect(html).toContain("Call from the control room about the bridge");
    expect(html).toMatch(/name="initialDistress"[^>]*value="6"[^>]*checked|value="6"[^>]*name="initialDistress"[^>]*checked|checked=""[^>]*value="6"/);
    expect((await keysPresent(db.url, [key])).size).toBe(0);

    // The same form sent again, with the lock gone, saves once.
    const again = await supporter.post(`${staffPath}/exposures/new`, exposureForm(key, "Call from the control room about the bridge"));
    expect(again.status).toBe(302);
    expect((await keysPresent(db.url, [key])).size).toBe(1);
  }, 60_000);

  test("a lock held a little longer than the 5-second wait: the new exposure (keyed by its form) is tried again and saved once", async () => {
    const supporter = new HttpSession(server.url);
    await supporter.signIn("supporter@demo.test");
    const created = await supporter.post("/staff/new", { reference: "BUSY-0002", teamId: "demo-team-response-north" });
    const staffPath = created.headers.get("location")!;
    const release = await holdWrites(db.url, ["Exposure"]);
    const releaseLater = setTimeout(() => void release(), 6_000);
    const key = randomUUID();
    try {
      const response = await supporter.post(`${staffPath}/exposures/new`, exposureForm(key));
      expect(response.status).toBe(302);
    } finally {
      clearTimeout(releaseLater);
      await release();
    }
    expect((await keysPresent(db.url, [key])).size).toBe(1);
  }, 60_000);

  test("signing in while the database cannot take a write: 503 with the reason on the form, not an error page", async () => {
    const person = new HttpSession(server.url);
    // Everything a sign-in writes.
    const release = await holdWrites(db.url, ["Session", "User", "AuthFailure", "AuditEvent"]);
    let response: Response;
    try {
      response = await person.post("/login", { email: "supporter@demo.test", password: "demo-password-1" });
    } finally {
      await release();
    }
    expect(response.status).toBe(503);
    const html = await response.text();
    expect(pageText(html)).toContain("You are not signed in: Debrief was too busy");
    expect(html).toContain('value="supporter@demo.test"');
    expect((await person.post("/login", { email: "supporter@demo.test", password: "demo-password-1" })).status).toBe(302);
  }, 90_000);
});
