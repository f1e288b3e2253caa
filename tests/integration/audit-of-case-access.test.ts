import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession, pageText } from "../support/http";

/**
 * Administrators never learn case information, and which person a supporter opened is case
 * information (docs/decisions/0012): the audit log an administrator reads says that a case record
 * was opened or changed, never whose, while the database keeps the whole line.
 */

let demo: DemoWithServer;
let admin: HttpSession;
let supporter: HttpSession;
let staffId: string;
let exposureId: string;
const REFERENCE = "AUD-0417";

beforeAll(async () => {
  demo = await demoWithServer("audit-of-case-access");
  admin = new HttpSession(demo.server.url);
  await admin.signIn("admin@demo.test");
  supporter = new HttpSession(demo.server.url);
  await supporter.signIn("supporter@demo.test");
  const created = await supporter.post("/staff/new", { reference: REFERENCE, teamId: "demo-team-response-north", displayName: "Robin Example" });
  staffId = created.headers.get("location")!.split("/").pop()!;
  const saved = await supporter.post(`/staff/${staffId}/exposures/new`, {
    idempotencyKey: randomUUID(),
    "occurred.day": "10",
    "occurred.month": "11",
    "occurred.year": "2026",
    incidentType: "serious_injury",
    involvement: "attended",
    informationReached: "2",
    initialDistress: "7",
  });
  expect(saved.status).toBe(302);
  exposureId = String(await demo.sql.value<number>("SELECT MAX(id) FROM Exposure WHERE staffMemberId = ?", staffId));
}, 60_000);
afterAll(async () => {
  await demo?.stop();
});

/** Every page of the audit log an administrator can reach with these filters, as HTML. */
async function auditPages(query: string) {
  const first = await admin.get(`/admin/audit?${query}`);
  expect(first.status).toBe(200);
  const pages = [await first.text()];
  const count = Number(/Page \d+ of (\d+)/.exec(pageText(pages[0]!))?.[1] ?? 1);
  for (let page = 2; page <= count; page += 1) pages.push(await (await admin.get(`/admin/audit?${query}&page=${page}`)).text());
  return pages.join("\n");
}

test("after a supporter opens and changes a case, the administrator's audit log names no person, reference or record of it", async () => {
  expect((await supporter.get(`/staff/${staffId}`)).status).toBe(200);
  expect((await supporter.get(`/staff/${staffId}/exposures/${exposureId}`)).status).toBe(200);
  // A supporter who does not hold the case is refused; the refusal's line must not name the case either.
  const colleague = new HttpSession(demo.server.url);
  await colleague.signIn("s.okafor@demo.test");
  expect((await colleague.get(`/staff/${staffId}/exposures/${exposureId}`)).status).toBe(404);
  // A subject access request the supporter confirms.
  expect((await admin.post(`/admin/staff/${staffId}`, { intent: "request-access" })).status).toBe(302);
  const requestId = await demo.sql.value<string>("SELECT id FROM SubjectAccessRequest WHERE staffMemberId = ?", staffId);
  expect((await supporter.post(`/staff/${staffId}`, { intent: "confirm-access-request", requestId })).status).toBe(302);

  for (const query of ["actor=supporter%40demo.test", "actor=s.okafor", "", "action=subject_access", "action=view", "action=permission_denied"]) {
    const html = await auditPages(query);
    const text = pageText(html);
    expect(html).not.toContain(staffId);
    expect(text).not.toContain(REFERENCE);
    expect(text).not.toMatch(new RegExp(`exposure ${exposureId}\\b|exposures/${exposureId}\\b`));
  }
  // What the supporter did is still there, as "a case record".
  const bySupporter = pageText(await auditPages("actor=supporter%40demo.test"));
  expect(bySupporter).toMatch(/supporter@demo\.test view a case record/);
  expect(bySupporter).toMatch(/supporter@demo\.test exposure\.create a case record/);
  // Who confirmed the subject access request would say who supports the person the administrator asked about.
  const confirmations = (await auditPages("action=subject_access.confirm")).match(/<tr[^>]*>[\s\S]*?<\/tr>/g)!.filter((row) => row.includes("subject_access.confirm"));
  expect(confirmations).toHaveLength(1);
  expect(pageText(confirmations[0]!)).not.toContain("supporter@demo.test");
  expect(pageText(confirmations[0]!)).toContain("a supporter of the case");
  // (the list of actions to filter by still offers it)
  expect(pageText((await auditPages("actor=supporter%40demo.test")).replace(/<select[\s\S]*?<\/select>/g, ""))).not.toContain("subject_access.confirm");

  // The database keeps the whole line for a lawful investigation.
  const supporterId = await demo.sql.value<string>("SELECT id FROM User WHERE email = 'supporter@demo.test'");
  expect(await demo.sql.value<number>("SELECT COUNT(*) FROM AuditEvent WHERE actorUserId = ? AND action = 'view' AND entityType = 'staff_member' AND entityId = ?", supporterId, staffId)).toBe(1);
  expect(await demo.sql.value<number>("SELECT COUNT(*) FROM AuditEvent WHERE actorUserId = ? AND action = 'subject_access.confirm' AND entityId = ?", supporterId, staffId)).toBe(1);
});
