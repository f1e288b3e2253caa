import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession } from "../support/http";
import type { RunningServer } from "../support/server";
import type { TestSql } from "../support/sql";

let demo: DemoWithServer;
let server: RunningServer;
let supporter: HttpSession;
let sql: TestSql;
let staffPath = "";

const KEY_1 = "11111111-1111-4111-8111-111111111111";
const KEY_2 = "22222222-2222-4222-8222-222222222222";
const NOTE = "Quiet on the drive back; wants to talk after rest days about the delay.";

const exposure = (overrides: Record<string, string | string[]> = {}) => ({
  idempotencyKey: KEY_1,
  "occurred.day": "20",
  "occurred.month": "11",
  "occurred.year": "2026",
  "occurred.hour": "22",
  "occurred.minute": "15",
  incidentType: "attempted_suicide",
  involvement: "attended",
  partnerAgencies: ["mental_health", "ambulance"],
  informationReached: "2",
  barriers: ["systems_disconnected", "consent_legal"],
  initialDistress: "7",
  notes: NOTE,
  ...overrides,
});

/** Whether the text is anywhere in the database: in the SQLite file (and its log), or in any text column on PostgreSQL. */
async function plaintextStoredAnywhere(text: string) {
  if (demo.url.startsWith("file:")) {
    const file = demo.url.slice("file:".length);
    return [file, `${file}-wal`].some((part) => existsSync(part) && readFileSync(part).toString("latin1").includes(text));
  }
  const columns = await sql.all<{ table_name: string; column_name: string }>(
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND data_type = 'text'",
  );
  expect(columns.length).toBeGreaterThan(50);
  for (const { table_name: table, column_name: column } of columns) {
    if (await sql.value(`SELECT 1 FROM "${table}" WHERE strpos("${column}", ?) > 0 LIMIT 1`, text)) return true;
  }
  return false;
}

const count = (query: string, ...params: unknown[]) => sql.value<number>(query, ...params);

beforeAll(async () => {
  demo = await demoWithServer("supporter-records");
  ({ server, sql } = demo);
  supporter = new HttpSession(server.url);
  await supporter.signIn("supporter@demo.test");
  const created = await supporter.post("/staff/new", { reference: "np-9001", teamId: "demo-team-response-north" });
  expect(created.status).toBe(302);
  staffPath = created.headers.get("location")!;
});
afterAll(async () => {
  await demo?.stop();
});

describe("staff members", () => {
  test("a reference is stored in capitals and cannot be used twice", async () => {
    expect(await count("SELECT count(*) n FROM StaffMember WHERE reference = 'NP-9001'")).toBe(1);
    const again = await supporter.post("/staff/new", { reference: "NP-9001", teamId: "demo-team-response-north" });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("This staff reference is already in use");
  });

  test("the case search finds the supporter's own cases by reference", async () => {
    const page = await (await supporter.get("/cases?ref=np-90")).text();
    expect(page).toContain("NP-9001");
  });
});

describe("logging an exposure", () => {
  test("invalid answers store nothing and come back with messages and the values typed", async () => {
    const before = await count("SELECT count(*) n FROM Exposure");
    const response = await supporter.post(`${staffPath}/exposures/new`, exposure({ initialDistress: "11", incidentType: "", "occurred.day": "31", "occurred.month": "2" }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Choose the type of incident");
    expect(html).toContain("Choose how distressed they felt, from 0 (not at all) to 10 (extremely)");
    expect(html).toContain("The date must be a real date");
    expect(html).toContain(NOTE);
    expect(await count("SELECT count(*) n FROM Exposure")).toBe(before);
  });

  test("notes that identify a member of the public are refused, kept for editing, and nothing is stored", async () => {
    const before = await count("SELECT count(*) n FROM Exposure");
    const response = await supporter.post(`${staffPath}/exposures/new`, exposure({ notes: "Caller's NHS number 943 476 5919" }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Remove the NHS number");
    expect(html).toContain("Caller&#x27;s NHS number 943 476 5919");
    expect(await count("SELECT count(*) n FROM Exposure")).toBe(before);
  });

  test("a valid exposure is saved once, with its follow-ups, even when the POST is sent twice", async () => {
    const first = await supporter.post(`${staffPath}/exposures/new`, exposure());
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`${staffPath}?saved=exposure`);
    const resent = await supporter.post(`${staffPath}/exposures/new`, exposure());
    expect(resent.status).toBe(302);
    const rows = (await sql.all("SELECT id, occurredAt, occurredMonth, informationReached, initialDistress, notesEncrypted FROM Exposure WHERE idempotencyKey = ?", KEY_1)) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ occurredMonth: "2026-11", informationReached: 2, initialDistress: 7 });
    expect(await count("SELECT count(*) n FROM ExposurePartnerAgency WHERE exposureId = ?", row.id)).toBe(2);
    expect(await count("SELECT count(*) n FROM ExposureBarrier WHERE exposureId = ?", row.id)).toBe(2);
    expect(await count("SELECT count(*) n FROM FollowUp WHERE exposureId = ?", row.id)).toBe(2);
    const page = await (await supporter.get(`${staffPath}?saved=exposure`)).text();
    expect(page).toContain("Exposure saved");
    expect(page).toContain("next: log the first support contact");
    expect(page).toContain(NOTE);
  });

  test("the database file never holds a note's plaintext", async () => {
    expect(await plaintextStoredAnywhere("wants to talk after rest days")).toBe(false);
    const stored = (await sql.get("SELECT notesEncrypted FROM Exposure WHERE idempotencyKey = ?", KEY_1)) as { notesEncrypted: string };
    expect(stored.notesEncrypted).toMatch(/^v2:/); // bound to its row (decision 0006)
  });
});

describe("logging a support contact", () => {
  test("links the exposure, records the referral and completes the chosen follow-up", async () => {
    const exposureId = ((await sql.get("SELECT id FROM Exposure WHERE idempotencyKey = ?", KEY_1)) as { id: number }).id;
    const followUp = (await sql.get("SELECT id FROM FollowUp WHERE exposureId = ? ORDER BY dueAt LIMIT 1", exposureId)) as { id: number };
    const contact = {
      idempotencyKey: KEY_2,
      contactType: "defusing",
      "contacted.day": "21",
      "contacted.month": "11",
      "contacted.year": "2026",
      "contacted.hour": "01",
      "contacted.minute": "30",
      exposureIds: String(exposureId),
      format: "individual",
      durationMinutes: "25",
      distress: "6",
      riskIndicators: ["sleep", "intrusive_memories"],
      outcome: "signposted",
      signposts: ["occupational_health"],
      followUpId: String(followUp.id),
    };
    const saved = await supporter.post(`${staffPath}/contacts/new`, contact);
    expect(saved.status).toBe(302);
    await supporter.post(`${staffPath}/contacts/new`, contact);
    const row = (await sql.all("SELECT id, distress, outcome FROM SupportContact WHERE idempotencyKey = ?", KEY_2)) as { id: number }[];
    expect(row).toHaveLength(1);
    expect(await count("SELECT count(*) n FROM SupportContactExposure WHERE supportContactId = ? AND exposureId = ?", row[0]!.id, exposureId)).toBe(1);
    expect(await count("SELECT count(*) n FROM Referral WHERE supportContactId = ? AND destination = 'occupational_health'", row[0]!.id)).toBe(1);
    expect(await count("SELECT count(*) n FROM FollowUp WHERE id = ? AND completedByContactId = ?", followUp.id, row[0]!.id)).toBe(1);
  });

  test("an urgent referral shows the organisation's crisis routes prominently", async () => {
    const saved = await supporter.post(`${staffPath}/contacts/new`, {
      idempotencyKey: "66666666-6666-4666-8666-666666666666",
      contactType: "risk_assessment",
      "contacted.day": "21",
      "contacted.month": "11",
      "contacted.year": "2026",
      format: "individual",
      distress: "9",
      outcome: "urgent_referral",
    });
    expect(saved.headers.get("location")).toBe(`${staffPath}?saved=urgent`);
    const page = await (await supporter.get(`${staffPath}?saved=urgent`)).text();
    expect(page).toContain("govuk-warning-text");
    expect(page).toContain("Samaritans on 116 123");
    expect(await count("SELECT count(*) n FROM Referral r JOIN SupportContact c ON c.id = r.supportContactId WHERE c.idempotencyKey = ? AND r.urgent", "66666666-6666-4666-8666-666666666666")).toBe(1);
  });

  test("signposting without a destination is refused and nothing is stored", async () => {
    const before = await count("SELECT count(*) n FROM SupportContact");
    const response = await supporter.post(`${staffPath}/contacts/new`, {
      idempotencyKey: "33333333-3333-4333-8333-333333333333",
      contactType: "debrief",
      "contacted.day": "21",
      "contacted.month": "11",
      "contacted.year": "2026",
      format: "group",
      distress: "4",
      outcome: "signposted",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Choose where they were signposted");
    expect(await count("SELECT count(*) n FROM SupportContact")).toBe(before);
  });
});

describe("follow-ups", () => {
  const openFollowUp = async () =>
    (await sql.get("SELECT f.id FROM FollowUp f JOIN StaffMember s ON s.id = f.staffMemberId WHERE s.reference = 'NP-9001' AND f.completedAt IS NULL AND f.cancelledAt IS NULL ORDER BY f.dueAt LIMIT 1")) as { id: number } | undefined;

  test("can be rescheduled to a later day; a past or impossible date is refused and changes nothing", async () => {
    const followUp = (await openFollowUp())!;
    const before = (await sql.get("SELECT dueAt FROM FollowUp WHERE id = ?", followUp.id));
    const past = await supporter.post(staffPath, { intent: "reschedule", followUpId: String(followUp.id), day: "1", month: "1", year: "2020" });
    expect(past.status).toBe(400);
    expect(await past.text()).toContain("The new due date must be today or later");
    const impossible = await supporter.post(staffPath, { intent: "reschedule", followUpId: String(followUp.id), day: "30", month: "2", year: "2030" });
    expect(await impossible.text()).toContain("The new due date must be a real date");
    expect((await sql.get("SELECT dueAt FROM FollowUp WHERE id = ?", followUp.id))).toEqual(before);
    const moved = await supporter.post(staffPath, { intent: "reschedule", followUpId: String(followUp.id), day: "15", month: "1", year: "2030" });
    expect(moved.status).toBe(302);
    const row = (await sql.get("SELECT dueAt FROM FollowUp WHERE id = ?", followUp.id)) as { dueAt: string };
    expect(new Date(row.dueAt).toISOString()).toBe("2030-01-15T09:00:00.000Z");
  });

  test("can be closed only with a reason the supporter chose and then confirmed, written to the audit log", async () => {
    const followUp = (await openFollowUp())!;
    const isOpen = async () => (await count("SELECT count(*) n FROM FollowUp WHERE id = ? AND cancelledAt IS NULL", followUp.id)) === 1;
    // Nothing is chosen for them: no reason starts selected.
    const page = await (await supporter.get(staffPath)).text();
    expect(page).toContain(`id="close-${followUp.id}"`);
    expect(page).not.toMatch(new RegExp(`<input[^>]*name="reason"[^>]*checked`));
    // Without a reason: refused, with the message beside the question and in the summary.
    const noReason = await supporter.post(staffPath, { intent: "close", followUpId: String(followUp.id) });
    expect(noReason.status).toBe(400);
    const refused = await noReason.text();
    expect(refused).toContain("There is a problem");
    expect(refused).toContain(`href="#close-${followUp.id}"`);
    expect(refused).toContain("Choose why the follow-up is closed");
    expect(await isOpen()).toBe(true);
    // With a reason: what will be recorded is shown for confirmation, and nothing is closed yet.
    const asked = await supporter.post(staffPath, { intent: "close", followUpId: String(followUp.id), reason: "declined" });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toMatch(/without a contact, recording: “They declined further support”\?[\s\S]*Yes, close it/);
    expect(await isOpen()).toBe(true);
    const closed = await supporter.post(staffPath, { intent: "close", followUpId: String(followUp.id), reason: "declined", confirmed: "yes" });
    expect(closed.status).toBe(302);
    expect(await count("SELECT count(*) n FROM FollowUp WHERE id = ? AND cancelledAt IS NOT NULL AND cancelledReason = 'declined'", followUp.id)).toBe(1);
    expect(await count("SELECT count(*) n FROM AuditEvent WHERE action = 'follow_up.close' AND entityId = ?", String(followUp.id))).toBe(1);
    // Closing twice is refused: it is no longer open.
    expect((await supporter.post(staffPath, { intent: "close", followUpId: String(followUp.id), reason: "declined", confirmed: "yes" })).status).toBe(404);
  });
});

describe("changing and deleting a support contact", () => {
  const contactId = () => sql.value<number>("SELECT id FROM SupportContact WHERE idempotencyKey = ?", KEY_2);

  test("a change is saved with its history; deleting reopens the follow-up it completed", async () => {
    const path = `${staffPath}/contacts/${await contactId()}`;
    const form = await (await supporter.get(path)).text();
    expect(form).toContain("Change a support contact");
    const completed = (await sql.get("SELECT id FROM FollowUp WHERE completedByContactId = ?", await contactId())) as { id: number };
    const changed = await supporter.post(path, {
      intent: "save",
      idempotencyKey: KEY_2,
      contactType: "defusing",
      "contacted.day": "21",
      "contacted.month": "11",
      "contacted.year": "2026",
      "contacted.hour": "01",
      "contacted.minute": "30",
      format: "individual",
      distress: "4",
      outcome: "no_further_action",
    });
    expect(changed.status).toBe(302);
    const revision = (await sql.get("SELECT changes FROM RecordRevision WHERE entityType = 'support_contact' AND entityId = ?", String(await contactId()))) as { changes: string };
    expect(JSON.parse(revision.changes)).toMatchObject({ distress: { from: 6, to: 4 }, outcome: { from: "signposted", to: "no_further_action" } });
    expect(await count("SELECT count(*) n FROM Referral WHERE supportContactId = ?", await contactId())).toBe(0);

    expect((await supporter.post(path, { intent: "delete", reason: "duplicate" })).status).toBe(302);
    expect(await count("SELECT count(*) n FROM SupportContact WHERE id = ? AND deletedAt IS NOT NULL", await contactId())).toBe(1);
    expect(await count("SELECT count(*) n FROM FollowUp WHERE id = ? AND completedAt IS NULL AND completedByContactId IS NULL", completed.id)).toBe(1);
    expect((await supporter.get(path)).status).toBe(404);
  });
});

describe("changing and deleting an exposure", () => {
  const exposureId = () => sql.value<number>("SELECT id FROM Exposure WHERE idempotencyKey = ?", KEY_1);

  test("a change is saved with its history: who, when and which answers, never the note's text", async () => {
    const path = `${staffPath}/exposures/${await exposureId()}`;
    const form = await (await supporter.get(path)).text();
    expect(form).toMatch(/value="20"/);
    const saved = await supporter.post(path, exposure({ intent: "save", initialDistress: "5", notes: "Better after sleep." }));
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`${staffPath}?saved=edited`);
    expect(await count("SELECT initialDistress n FROM Exposure WHERE id = ?", await exposureId())).toBe(5);
    const revision = (await sql.get("SELECT changes, changedById FROM RecordRevision WHERE entityType = 'exposure' AND entityId = ?", String(await exposureId()))) as { changes: string; changedById: string };
    expect(JSON.parse(revision.changes)).toEqual({ initialDistress: { from: 7, to: 5 }, notes: "changed" });
    expect(revision.changedById).toBe("demo-user-supporter");
    expect(await (await supporter.get(path)).text()).toContain("Jordan Taylor changed distress at the time, notes");
  });

  test("an invalid change stores nothing", async () => {
    const path = `${staffPath}/exposures/${await exposureId()}`;
    const refused = await supporter.post(path, exposure({ intent: "save", initialDistress: "12" }));
    expect(refused.status).toBe(400);
    expect(await count("SELECT initialDistress n FROM Exposure WHERE id = ?", await exposureId())).toBe(5);
  });

  test("delete needs a reason, is soft, closes its open follow-ups and is in the audit log", async () => {
    const path = `${staffPath}/exposures/${await exposureId()}`;
    const noReason = await supporter.post(path, { intent: "delete", reason: "" });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("Choose why the exposure is being deleted");
    expect((await supporter.post(path, { intent: "delete", reason: "logged_in_error" })).status).toBe(302);
    expect(await count("SELECT count(*) n FROM Exposure WHERE id = ? AND deletedAt IS NOT NULL AND deletedReason = 'logged_in_error'", await exposureId())).toBe(1);
    expect(await count("SELECT count(*) n FROM FollowUp WHERE exposureId = ? AND completedAt IS NULL AND cancelledAt IS NULL", await exposureId())).toBe(0);
    expect(await count("SELECT count(*) n FROM AuditEvent WHERE action = 'exposure.delete' AND entityId = ?", String(await exposureId()))).toBe(1);
    expect((await supporter.get(path)).status).toBe(404);
    expect(await (await supporter.get(staffPath)).text()).not.toContain("Change or delete<span class=\"govuk-visually-hidden\"> this exposure (Attempted suicide");
  });
});

describe("nobody else reaches a supporter's case", () => {
  test("another supporter gets 404, for reading and for writing", async () => {
    const colleague = new HttpSession(server.url);
    await colleague.signIn("s.okafor@demo.test");
    expect((await colleague.get(staffPath)).status).toBe(404);
    const before = await count("SELECT count(*) n FROM Exposure");
    const write = await colleague.post(`${staffPath}/exposures/new`, exposure({ idempotencyKey: "44444444-4444-4444-8444-444444444444" }));
    expect(write.status).toBe(404);
    expect(await count("SELECT count(*) n FROM Exposure")).toBe(before);
  });

  test.each(["manager@demo.test", "researcher@demo.test", "admin@demo.test"])("%s gets 403", async (email) => {
    const other = new HttpSession(server.url);
    await other.signIn(email);
    expect((await other.get(staffPath)).status).toBe(403);
    expect((await other.post(`${staffPath}/exposures/new`, exposure({ idempotencyKey: "55555555-5555-4555-8555-555555555555" }))).status).toBe(403);
  });
});
