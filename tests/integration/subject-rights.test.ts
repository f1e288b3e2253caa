import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession, pageText } from "../support/http";
import type { RunningServer } from "../support/server";
import type { TestSql } from "../support/sql";

let demo: DemoWithServer;
let server: RunningServer;
let sql: TestSql;
let admin: HttpSession;
let supporter: HttpSession;
let staffId: string;
const NOTE = "Stayed with the crew at the bridge until relieved";
const NAME = "Sam Example";

/** One row, by the test's own connection to the database. */
const query = async <T>(statement: string, ...args: unknown[]) => (await sql.get<T>(statement, ...args))!;

beforeAll(async () => {
  demo = await demoWithServer("rights");
  ({ server, sql } = demo);
  admin = new HttpSession(server.url);
  await admin.signIn("admin@demo.test");
  supporter = new HttpSession(server.url);
  await supporter.signIn("supporter@demo.test");
  const created = await supporter.post("/staff/new", { reference: "SAR-0001", teamId: "demo-team-response-north", displayName: NAME });
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
    notes: NOTE,
  });
  expect(saved.status).toBe(302);
}, 60_000);
afterAll(async () => {
  await demo?.stop();
});

describe("subject access", () => {
  test("an administrator finds a staff member by reference, and is told plainly when no one has it", async () => {
    const found = await admin.get("/admin/staff?reference=sar-0001");
    expect(found.status).toBe(302);
    expect(found.headers.get("location")).toBe(`/admin/staff/${staffId}`);
    const missing = pageText(await (await admin.get("/admin/staff?reference=NOPE-1")).text());
    expect(missing).toContain("No staff member has the reference NOPE-1");
    const page = pageText(await (await admin.get(`/admin/staff/${staffId}`)).text());
    expect(page).toContain("Response Team North");
    // The rights page itself shows neither notes nor name, nor how many records the person has
    // (before a release that would tell the administrator about the person for nothing).
    expect(page).not.toContain(NOTE);
    expect(page).not.toContain(NAME);
    expect(page).not.toMatch(/\d+ exposures|\d+ support contacts|\d+ follow-ups/);
  });

  test("the copy is released only after a supporter of the case confirms the request; then it holds everything, as a document and as JSON", async () => {
    expect((await admin.get(`/admin/staff/${staffId}/access`)).status).toBe(403);
    expect((await admin.post(`/admin/staff/${staffId}`, { intent: "request-access" })).status).toBe(302);
    expect(pageText(await (await admin.get(`/admin/staff/${staffId}`)).text())).toContain("Waiting for a supporter of this case to confirm");
    expect((await admin.get(`/admin/staff/${staffId}/access.json`)).status).toBe(403);

    // A supporter who does not hold the case cannot confirm it.
    const requestId = (await query<{ id: string }>("SELECT id FROM SubjectAccessRequest WHERE staffMemberId = ?", staffId)).id;
    const colleague = new HttpSession(server.url);
    await colleague.signIn("s.okafor@demo.test");
    expect((await colleague.post(`/staff/${staffId}`, { intent: "confirm-access-request", requestId })).status).toBe(404);
    expect((await admin.get(`/admin/staff/${staffId}/access`)).status).toBe(403);

    // The supporter's caseload says a request waits for them, and links to the case; the colleague's does not.
    const caseload = pageText(await (await supporter.get("/caseload")).text());
    expect(caseload).toContain("Subject access: 1 request waits for you to confirm");
    expect(caseload).toMatch(/SAR-0001\s*, asked on/);
    expect(pageText(await (await colleague.get("/caseload")).text())).not.toContain("Subject access:");

    const casePage = pageText(await (await supporter.get(`/staff/${staffId}`)).text());
    expect(casePage).toContain("an administrator asked for a copy of everything Debrief holds about this person");
    expect((await supporter.post(`/staff/${staffId}`, { intent: "confirm-access-request", requestId })).status).toBe(302);
    expect(pageText(await (await supporter.get("/caseload")).text())).not.toContain("Subject access:");

    const document = await admin.get(`/admin/staff/${staffId}/access`);
    expect(document.status).toBe(200);
    const text = pageText(await document.text());
    expect(text).toContain("What Debrief holds about staff member SAR-0001");
    expect(text).toContain(NAME);
    expect(text).toContain(NOTE);
    expect(text).toContain("Serious injury");

    const json = await admin.get(`/admin/staff/${staffId}/access.json`);
    expect(json.headers.get("content-disposition")).toContain("debrief-subject-access-SAR-0001.json");
    const copy = (await json.json()) as { staffMember: { name: string }; exposures: { notes: string }[]; followUps: unknown[] };
    expect(copy.staffMember.name).toBe(NAME);
    expect(copy.exposures.map((e) => e.notes)).toEqual([NOTE]);
    expect(copy.followUps.length).toBe((await query<{ n: number }>("SELECT COUNT(*) AS n FROM FollowUp WHERE staffMemberId = ?", staffId)).n);
    expect((await query<{ n: number }>("SELECT COUNT(*) AS n FROM AuditEvent WHERE action = 'subject_access.export' AND entityId = ?", staffId)).n).toBe(2);
    expect((await query<{ n: number }>("SELECT COUNT(*) AS n FROM AuditEvent WHERE action = 'subject_access.confirm' AND actorUserId = 'demo-user-supporter'")).n).toBe(1);
    // The copy is stored encrypted, like notes.
    const stored = await query<{ copyEncrypted: string }>("SELECT copyEncrypted FROM SubjectAccessRequest WHERE id = ?", requestId);
    expect(stored.copyEncrypted).not.toContain(NOTE);
    expect(stored.copyEncrypted).not.toContain("SAR-0001");
  });

  test("the copy is fixed when the supporter confirms: a note added afterwards is not in it, nor in the page's counts", async () => {
    const later = "Added after the confirmation, not part of the copy";
    const saved = await supporter.post(`/staff/${staffId}/exposures/new`, {
      idempotencyKey: randomUUID(),
      "occurred.day": "20",
      "occurred.month": "11",
      "occurred.year": "2026",
      incidentType: "verbal_abuse",
      involvement: "attended",
      informationReached: "3",
      initialDistress: "4",
      notes: later,
    });
    expect(saved.status).toBe(302);
    const copy = (await (await admin.get(`/admin/staff/${staffId}/access.json`)).json()) as { exposures: { notes: string }[] };
    expect(copy.exposures.map((e) => e.notes)).toEqual([NOTE]);
    expect(pageText(await (await admin.get(`/admin/staff/${staffId}/access`)).text())).not.toContain(later);
  });

  test("the copy can be read five times in all, then it is gone and the page says so", async () => {
    // Four readings so far (two in each earlier test); one is left.
    expect(pageText(await (await admin.get(`/admin/staff/${staffId}`)).text())).toContain("1 more time");
    expect((await admin.get(`/admin/staff/${staffId}/access.json`)).status).toBe(200);
    const spent = await admin.get(`/admin/staff/${staffId}/access.json`);
    expect(spent.status).toBe(410);
    expect(await spent.text()).toContain("Ask for a new copy");
    expect((await admin.get(`/admin/staff/${staffId}/access`)).status).toBe(410);
    expect((await query<{ n: number }>("SELECT COUNT(*) AS n FROM SubjectAccessRequest WHERE staffMemberId = ? AND copyEncrypted IS NOT NULL", staffId)).n).toBe(0);
    expect(pageText(await (await admin.get(`/admin/staff/${staffId}`)).text())).toContain("That copy has expired or been read as many times as allowed");
  });

  test("a new copy can be read for the organisation's number of days, then it is refused and the hourly clean-up deletes it", async () => {
    await sql.run("UPDATE Organisation SET subjectAccessDays = 14 WHERE id = 'demo-organisation'");
    expect((await admin.post(`/admin/staff/${staffId}`, { intent: "request-access" })).status).toBe(302);
    const requestId = (await query<{ id: string }>("SELECT id FROM SubjectAccessRequest WHERE staffMemberId = ? AND confirmedAt IS NULL", staffId)).id;
    expect((await supporter.post(`/staff/${staffId}`, { intent: "confirm-access-request", requestId })).status).toBe(302);
    const row = await query<{ confirmedAt: string; copyExpiresAt: string; copyReadsLeft: number }>(
      "SELECT confirmedAt, copyExpiresAt, copyReadsLeft FROM SubjectAccessRequest WHERE id = ?",
      requestId,
    );
    expect(Date.parse(row.copyExpiresAt) - Date.parse(row.confirmedAt)).toBe(14 * 24 * 60 * 60 * 1000);
    expect(row.copyReadsLeft).toBe(5);
    expect((await admin.get(`/admin/staff/${staffId}/access`)).status).toBe(200);

    // Fifteen days later (the clock moved by moving the expiry back).
    await sql.run("UPDATE SubjectAccessRequest SET copyExpiresAt = ? WHERE id = ?", new Date(Date.now() - 60_000).toISOString(), requestId);
    expect((await admin.get(`/admin/staff/${staffId}/access.json`)).status).toBe(410);
    process.env.DATABASE_URL = demo.url;
    vi.resetModules();
    const { deleteSpentAccessCopies } = await import("~/models/subject-access.server");
    const { prisma } = await import("~/db.server");
    try {
      expect(await deleteSpentAccessCopies()).toBe(1);
    } finally {
      await prisma.$disconnect();
    }
    expect((await query<{ copyEncrypted: string | null }>("SELECT copyEncrypted FROM SubjectAccessRequest WHERE id = ?", requestId)).copyEncrypted).toBeNull();
  });
});

describe("erasure", () => {
  test("a mistyped reference erases nothing and says what to type", async () => {
    const response = await admin.post(`/admin/staff/${staffId}`, { intent: "erase", confirmReference: "SAR-0002" });
    expect(response.status).toBe(400);
    expect(pageText(await response.text())).toContain("Type the staff reference SAR-0001 exactly to confirm the erasure");
    expect((await query<{ reference: string }>("SELECT reference FROM StaffMember WHERE id = ?", staffId)).reference).toBe("SAR-0001");
  });

  test("erasure removes what identifies the person, the supporter loses the case, trends do not change, and the audit says only that it happened", async () => {
    const manager = new HttpSession(server.url);
    await manager.signIn("manager@demo.test");
    const trendsBefore = await (await manager.get("/dashboard.csv")).text();

    const response = await admin.post(`/admin/staff/${staffId}`, { intent: "erase", confirmReference: "sar-0001" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/admin/staff?erased=1");

    const row = (await query<{ reference: string; displayNameEncrypted: string | null; createdById: string | null; anonymisedAt: string | null }>(
      "SELECT reference, displayNameEncrypted, createdById, anonymisedAt FROM StaffMember WHERE id = ?",
      staffId,
    ));
    expect(row).toEqual({ reference: `ANONYMISED-${staffId}`, displayNameEncrypted: null, createdById: null, anonymisedAt: expect.any(String) });
    expect((await query<{ n: number }>("SELECT COUNT(*) AS n FROM Exposure WHERE staffMemberId = ? AND notesEncrypted IS NOT NULL", staffId)).n).toBe(0);
    expect((await query<{ n: number }>("SELECT COUNT(*) AS n FROM Exposure WHERE staffMemberId = ?", staffId)).n).toBe(2); // the one logged first, and the one after the copy was taken
    expect((await query<{ n: number }>("SELECT COUNT(*) AS n FROM FollowUp WHERE staffMemberId = ? AND completedAt IS NULL AND cancelledAt IS NULL", staffId)).n).toBe(0);

    expect((await supporter.get(`/staff/${staffId}`)).status).toBe(404);
    expect(pageText(await (await supporter.get("/caseload")).text())).not.toContain("SAR-0001");
    expect((await admin.get(`/admin/staff/${staffId}/access`)).status).toBe(404);
    expect((await admin.get("/admin/staff?reference=SAR-0001")).status).toBe(200);

    expect(await (await manager.get("/dashboard.csv")).text()).toBe(trendsBefore);

    const audit = (await query<{ detail: string; actorUserId: string }>("SELECT detail, actorUserId FROM AuditEvent WHERE action = 'staff_member.erase' AND entityId = ?", staffId));
    expect(audit.actorUserId).toBe("demo-user-admin");
    expect(audit.detail).not.toContain("SAR-0001");
    expect(JSON.parse(audit.detail)).toEqual({ notesRemoved: 2, staffAnonymised: 1, followUpsClosed: expect.any(Number) });
  });
});

describe("the record of processing", () => {
  test("everyone can read it, signed in or not; only an administrator changes it, field by field with errors", async () => {
    const anonymous = pageText(await (await fetch(`${server.url}/privacy`)).text());
    expect(anonymous).toContain("How Debrief uses personal data");
    expect(anonymous).toContain("Lawful basis");
    expect(anonymous).toContain("72 months (6 years) after each record");
    expect(anonymous).toContain("the organisation has not reviewed it yet");

    const editForm = await admin.get("/admin/privacy");
    expect(editForm.status).toBe(200);
    const fields = {
      controller: "Demo Ambulance and Police Wellbeing Partnership",
      contact: "Data Protection Officer, dpo@demo.test",
      purposes: "Supporting staff after distressing incidents.",
      lawfulBasis: "Article 6(1)(e) public task.",
      specialCategoryBasis: "Article 9(2)(b) employment.",
      dataHeld: "Staff references and support records.",
      recipients: "Supporters of the case only.",
      safeguards: "Encryption, audit, small-number suppression.",
    };
    const missing = await admin.post("/admin/privacy", { ...fields, contact: "  " });
    expect(missing.status).toBe(400);
    const missingPage = pageText(await missing.text());
    expect(missingPage).toContain("Enter data protection contact");
    expect(missingPage).toContain("Supporting staff after distressing incidents."); // what was typed stays

    expect((await admin.post("/admin/privacy", fields)).status).toBe(302);
    const supporterView = pageText(await (await supporter.get("/privacy")).text());
    expect(supporterView).toContain("Data Protection Officer, dpo@demo.test");
    expect(supporterView).toContain("Last reviewed on");
    expect((await supporter.post("/admin/privacy", fields)).status).toBe(403);
  });
});
