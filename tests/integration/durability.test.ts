import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { copyOfTemplate, type TempDatabase } from "../support/database";
import { HttpSession, pageText } from "../support/http";
import { exposureForm, supportersSaving } from "../support/load";
import { startServer, type RunningServer } from "../support/server";

const CLIENTS = 50;
const LOAD_SECONDS = 30;

function keysPresent(databaseFile: string, keys: string[]) {
  const sqlite = new Database(databaseFile, { readonly: true });
  try {
    const present = new Set<string>();
    const lookup = sqlite.prepare("SELECT idempotencyKey FROM Exposure WHERE idempotencyKey = ?").pluck();
    for (const key of keys) if (lookup.get(key)) present.add(key);
    return present;
  } finally {
    sqlite.close();
  }
}

function staffPresent(databaseFile: string, ids: string[]) {
  const sqlite = new Database(databaseFile, { readonly: true });
  try {
    const lookup = sqlite.prepare("SELECT id FROM StaffMember WHERE id = ?").pluck();
    return ids.filter((id) => lookup.get(id)).length;
  } finally {
    sqlite.close();
  }
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function integrity(databaseFile: string) {
  const sqlite = new Database(databaseFile, { readonly: true });
  try {
    return sqlite.pragma("integrity_check", { simple: true });
  } finally {
    sqlite.close();
  }
}

describe("under load", () => {
  let db: TempDatabase;
  let server: RunningServer;
  beforeAll(async () => {
    db = copyOfTemplate(inject("demoTemplate"), "load");
    server = await startServer(db.file);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    db?.remove();
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
    expect(keysPresent(db.file, outcome.acknowledgedExposures).size).toBe(outcome.acknowledgedExposures.length);
    expect(staffPresent(db.file, outcome.acknowledgedStaff)).toBe(CLIENTS);
  }, (LOAD_SECONDS + 90) * 1000);
});

describe("a crash", () => {
  let db: TempDatabase;
  beforeAll(() => {
    db = copyOfTemplate(inject("demoTemplate"), "crash");
  });
  afterAll(() => db?.remove());

  test("the server killed (SIGKILL) while supporters save: after a restart every acknowledged save is there and the database is intact", async () => {
    const server = await startServer(db.file);
    let killed = false;
    const saving = supportersSaving(server.url, CLIENTS, () => killed);
    // Kill only once saves are flowing (sign-ins and staff creation come first).
    const exposureCount = () => {
      const sqlite = new Database(db.file, { readonly: true });
      try {
        return sqlite.prepare("SELECT COUNT(*) FROM Exposure").pluck().get() as number;
      } finally {
        sqlite.close();
      }
    };
    const before = exposureCount();
    const started = Date.now();
    while (Date.now() - started < 60_000 && exposureCount() < before + CLIENTS * 3) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // The server itself (tsx runs it as a child process), not only its launcher.
    const serverPid = Number(readFileSync(`${db.file}.server`, "utf8"));
    process.kill(serverPid, "SIGKILL");
    server.process.kill("SIGKILL");
    killed = true;
    await new Promise((resolve) => server.process.once("exit", resolve));
    while (alive(serverPid)) await new Promise((resolve) => setTimeout(resolve, 50));
    const outcome = await saving;
    expect(outcome.acknowledgedExposures.length).toBeGreaterThan(CLIENTS);

    expect(integrity(db.file)).toBe("ok");
    expect(keysPresent(db.file, outcome.acknowledgedExposures).size).toBe(outcome.acknowledgedExposures.length);
    expect(staffPresent(db.file, outcome.acknowledgedStaff)).toBe(outcome.acknowledgedStaff.length);

    const restarted = await startServer(db.file);
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
  let db: TempDatabase;
  let server: RunningServer;
  beforeAll(async () => {
    db = copyOfTemplate(inject("demoTemplate"), "busy");
    server = await startServer(db.file);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    db?.remove();
  });

  test("while another process holds the write lock, a save answers 503 'Not saved', keeps what was typed, and writes nothing", async () => {
    const supporter = new HttpSession(server.url);
    await supporter.signIn("supporter@demo.test");
    const created = await supporter.post("/staff/new", { reference: "BUSY-0001", teamId: "demo-team-response-north" });
    const staffPath = created.headers.get("location")!;
    // Opening the form first: reads carry on while another process writes.
    expect((await supporter.get(`${staffPath}/exposures/new`)).status).toBe(200);

    const other = new Database(db.file);
    other.pragma("busy_timeout = 10000");
    other.prepare("BEGIN IMMEDIATE").run();
    const key = randomUUID();
    let response: Response;
    try {
      response = await supporter.post(`${staffPath}/exposures/new`, exposureForm(key, "Call from the control room about the bridge"));
    } finally {
      other.prepare("ROLLBACK").run();
      other.close();
    }
    expect(response.status).toBe(503);
    const html = await response.text();
    expect(pageText(html)).toContain("Not saved: Debrief was too busy to save this just now");
    expect(html).toContain("Call from the control room about the bridge");
    expect(html).toMatch(/name="initialDistress"[^>]*value="6"[^>]*checked|value="6"[^>]*name="initialDistress"[^>]*checked|checked=""[^>]*value="6"/);
    expect(keysPresent(db.file, [key]).size).toBe(0);

    // The same form sent again, with the lock gone, saves once.
    const again = await supporter.post(`${staffPath}/exposures/new`, exposureForm(key, "Call from the control room about the bridge"));
    expect(again.status).toBe(302);
    expect(keysPresent(db.file, [key]).size).toBe(1);
  }, 60_000);

  test("a lock held a little longer than the 5-second wait: the new exposure (keyed by its form) is tried again and saved once", async () => {
    const supporter = new HttpSession(server.url);
    await supporter.signIn("supporter@demo.test");
    const created = await supporter.post("/staff/new", { reference: "BUSY-0002", teamId: "demo-team-response-north" });
    const staffPath = created.headers.get("location")!;
    const other = new Database(db.file);
    other.prepare("BEGIN IMMEDIATE").run();
    const release = setTimeout(() => {
      other.prepare("ROLLBACK").run();
      other.close();
    }, 6_000);
    const key = randomUUID();
    try {
      const response = await supporter.post(`${staffPath}/exposures/new`, exposureForm(key));
      expect(response.status).toBe(302);
    } finally {
      clearTimeout(release);
      if (other.open) {
        other.prepare("ROLLBACK").run();
        other.close();
      }
    }
    expect(keysPresent(db.file, [key]).size).toBe(1);
  }, 60_000);

  test("signing in while the database cannot take a write: 503 with the reason on the form, not an error page", async () => {
    const person = new HttpSession(server.url);
    const other = new Database(db.file);
    other.prepare("BEGIN IMMEDIATE").run();
    let response: Response;
    try {
      response = await person.post("/login", { email: "supporter@demo.test", password: "demo-password-1" });
    } finally {
      other.prepare("ROLLBACK").run();
      other.close();
    }
    expect(response.status).toBe(503);
    const html = await response.text();
    expect(pageText(html)).toContain("You are not signed in: Debrief was too busy");
    expect(html).toContain('value="supporter@demo.test"');
    expect((await person.post("/login", { email: "supporter@demo.test", password: "demo-password-1" })).status).toBe(302);
  }, 90_000);
});
