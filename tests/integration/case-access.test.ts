import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { demoDatabase, type TestDatabase } from "../support/engines";

type SessionModule = typeof import("~/auth/session.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports
type DbModule = typeof import("~/db.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports

let db: TestDatabase;
let auth: SessionModule;
let prisma: DbModule["prisma"];

beforeAll(async () => {
  db = await demoDatabase("case-access");
  process.env.DATABASE_URL = db.url;
  vi.resetModules();
  auth = await import("~/auth/session.server");
  prisma = (await import("~/db.server")).prisma;
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.remove();
});

async function requestAs(userId: string) {
  const setCookie = await auth.newSessionCookie(new Request("http://localhost/"), userId, "active");
  return new Request("http://localhost/staff/x", { headers: { Cookie: setCookie.split(";")[0]! } });
}

async function statusOf(promise: Promise<unknown>) {
  try {
    await promise;
    return 200;
  } catch (thrown) {
    return thrown instanceof Response ? thrown.status : 500;
  }
}

test("requireCaseAccess: a supporter reaches cases they created or were assigned, and no other", async () => {
  const own = await prisma.staffMember.findFirstOrThrow({ where: { createdById: "demo-user-supporter" } });
  const assigned = await prisma.caseAssignment.findFirstOrThrow({ where: { supporterId: "demo-user-supporter" } });
  const someoneElses = await prisma.staffMember.findFirstOrThrow({
    where: { createdById: "demo-user-supporter-3", assignments: { none: { supporterId: "demo-user-supporter" } } },
  });
  const supporter = await requestAs("demo-user-supporter");
  expect(await statusOf(auth.requireCaseAccess(supporter, own.id))).toBe(200);
  expect(await statusOf(auth.requireCaseAccess(supporter, assigned.staffMemberId))).toBe(200);
  // Someone else's case and a made-up id look the same.
  expect(await statusOf(auth.requireCaseAccess(supporter, someoneElses.id))).toBe(404);
  expect(await statusOf(auth.requireCaseAccess(supporter, "no-such-case"))).toBe(404);
  // Managers and admins never reach a case, not even one in their remit.
  expect(await statusOf(auth.requireCaseAccess(await requestAs("demo-user-manager"), own.id))).toBe(403);
  expect(await statusOf(auth.requireCaseAccess(await requestAs("demo-user-admin"), own.id))).toBe(403);
  const denied = await prisma.auditEvent.count({ where: { action: "permission_denied", actorUserId: "demo-user-supporter" } });
  expect(denied).toBe(2);
});
