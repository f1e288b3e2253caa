import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { demoDatabase, type TestDatabase } from "../support/engines";

let db: TestDatabase;
type SessionModule = typeof import("~/auth/session.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports
type AdminModule = typeof import("~/models/admin-users.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports
type DbModule = typeof import("~/db.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports

// Imported after DATABASE_URL points at this test's own database.
let auth: SessionModule;
let admin: AdminModule;
let prisma: DbModule["prisma"];

const SUPPORTER = "demo-user-supporter";
const MINUTE = 60_000;

beforeAll(async () => {
  db = await demoDatabase("sessions");
  process.env.DATABASE_URL = db.url;
  vi.resetModules();
  auth = await import("~/auth/session.server");
  admin = await import("~/models/admin-users.server");
  prisma = (await import("~/db.server")).prisma;
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.remove();
});

/** A request carrying the session cookie that a sign-in at `at` would have set. */
async function signedInRequest(at: Date, previous?: Request) {
  const setCookie = await auth.newSessionCookie(previous ?? new Request("http://localhost/"), SUPPORTER, "active", at);
  return new Request("http://localhost/caseload", { headers: { Cookie: setCookie.split(";")[0]! } });
}

test("a session id is 128 random bits, new at every sign-in, and the previous session ends", async () => {
  const t0 = new Date();
  const first = await signedInRequest(t0);
  const firstSession = await auth.getSession(first, t0);
  expect(firstSession?.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  const second = await signedInRequest(t0, first);
  const secondSession = await auth.getSession(second, t0);
  expect(secondSession?.id).not.toBe(firstSession?.id);
  expect(await auth.getSession(first, t0)).toBeNull();
});

test("a session ends after 30 minutes without a request", async () => {
  const t0 = new Date();
  const request = await signedInRequest(t0);
  expect(await auth.getCurrentUser(request, new Date(t0.getTime() + 29 * MINUTE))).not.toBeNull();
  // 29 minutes later again: still alive, because the last request refreshed it.
  expect(await auth.getCurrentUser(request, new Date(t0.getTime() + 58 * MINUTE))).not.toBeNull();
  expect(await auth.getCurrentUser(request, new Date(t0.getTime() + 58 * MINUTE + 31 * MINUTE))).toBeNull();
});

test("a session ends 12 hours after sign-in however active it is", async () => {
  const t0 = new Date();
  const request = await signedInRequest(t0);
  let now = t0.getTime();
  while (now < t0.getTime() + 12 * 60 * MINUTE - 20 * MINUTE) {
    now += 20 * MINUTE;
    expect(await auth.getCurrentUser(request, new Date(now))).not.toBeNull();
  }
  expect(await auth.getCurrentUser(request, new Date(t0.getTime() + 12 * 60 * MINUTE + 1000))).toBeNull();
});

test("disabling a user ends their sessions on the server at once", async () => {
  const t0 = new Date();
  const request = await signedInRequest(t0);
  expect(await auth.getCurrentUser(request, t0)).not.toBeNull();
  await admin.setDisabled(SUPPORTER, true);
  expect(await prisma.session.count({ where: { userId: SUPPORTER } })).toBe(0);
  expect(await auth.getCurrentUser(request, t0)).toBeNull();
  await admin.setDisabled(SUPPORTER, false);
});

test("stages: a user with MFA owes a code; a required-but-missing MFA must be set up; demo accounts are exempt", () => {
  expect(auth.stageAfterPassword({ totpEnabledAt: new Date(), isDemoAccount: false, mfaRequired: true })).toBe("mfa_verify");
  expect(auth.stageAfterPassword({ totpEnabledAt: null, isDemoAccount: false, mfaRequired: true })).toBe("mfa_enrol");
  expect(auth.stageAfterPassword({ totpEnabledAt: null, isDemoAccount: true, mfaRequired: true })).toBe("active");
  expect(auth.stageAfterPassword({ totpEnabledAt: null, isDemoAccount: false, mfaRequired: false })).toBe("active");
});
