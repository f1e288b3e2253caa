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
      urgentDestination: "crisis_team",
      followUpId: "none",
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
    const past = await supporter.post(staffPath, { intent: "reschedule", followUpId: String(followUp.id), day: "1", month: "1", year: "2020", hour: "09", minute: "00" });
    expect(past.status).toBe(400);
    expect(await past.text()).toContain("The new due date must be today or later");
    const impossible = await supporter.post(staffPath, { intent: "reschedule", followUpId: String(followUp.id), day: "30", month: "2", year: "2030", hour: "09", minute: "00" });
    expect(await impossible.text()).toContain("The new due date must be a real date");
    expect((await sql.get("SELECT dueAt FROM FollowUp WHERE id = ?", followUp.id))).toEqual(before);
    const moved = await supporter.post(staffPath, { intent: "reschedule", followUpId: String(followUp.id), day: "15", month: "1", year: "2030", hour: "16", minute: "45", confirmed: "yes" });
    expect(moved.status).toBe(302);
    const row = (await sql.get("SELECT dueAt FROM FollowUp WHERE id = ?", followUp.id)) as { dueAt: string };
    expect(new Date(row.dueAt).toISOString()).toBe("2030-01-15T16:45:00.000Z");
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

/** An instant as the form's date parts, in the demo organisation's zone. */
function partsIn(instant: Date, prefix: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "numeric", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return { [`${prefix}.day`]: parts.day!, [`${prefix}.month`]: parts.month!, [`${prefix}.year`]: parts.year!, [`${prefix}.hour`]: parts.hour!, [`${prefix}.minute`]: parts.minute! };
}

describe("follow-ups that match practice (issue 28, point 4)", () => {
  const HOUR = 3_600_000;
  let casePath = "";
  let exposureId = 0;
  const followUpOf = (label: string) =>
    sql.get<{ id: number; dueAt: string; completedByContactId: number | null; windowOpensAt: string; windowClosesAt: string }>(
      "SELECT id, dueAt, completedByContactId, windowOpensAt, windowClosesAt FROM FollowUp WHERE exposureId = ? AND label = ?",
      exposureId,
      label,
    );
  const contact = (key: string, overrides: Record<string, string | string[]>) => ({
    idempotencyKey: key,
    ...partsIn(new Date(Date.now() - 2 * HOUR), "contacted"),
    format: "individual",
    distress: "5",
    outcome: "follow_up_scheduled",
    ...overrides,
  });

  beforeAll(async () => {
    const created = await supporter.post("/staff/new", { reference: "NP-9300", teamId: "demo-team-response-north" });
    casePath = created.headers.get("location")!;
    // Four days ago: the 72-hour risk assessment fell due yesterday and is inside its window now.
    const saved = await supporter.post(`${casePath}/exposures/new`, exposure({ idempotencyKey: "93000000-0000-4000-8000-000000000001", ...partsIn(new Date(Date.now() - 96 * HOUR), "occurred") }));
    expect(saved.status).toBe(302);
    exposureId = await sql.value<number>("SELECT id FROM Exposure WHERE idempotencyKey = ?", "93000000-0000-4000-8000-000000000001");
  });

  test("each follow-up knows the kind of contact and the protocol's window: 48 hours to 7 days for the risk assessment", async () => {
    const assessment = (await followUpOf("72-hour risk assessment"))!;
    const due = new Date(assessment.dueAt).getTime();
    expect(due - new Date(assessment.windowOpensAt).getTime()).toBe(24 * HOUR);
    expect(new Date(assessment.windowClosesAt).getTime() - due).toBe(96 * HOUR);
    expect(await sql.value("SELECT contactType FROM FollowUp WHERE id = ?", assessment.id)).toBe("risk_assessment");
  });

  test("the contact form offers each open follow-up with when it is completed by default, and chooses none before the kind and date are known", async () => {
    const html = await (await supporter.get(`${casePath}/contacts/new`)).text();
    expect(html).toContain("Does this contact complete a follow-up?");
    expect(html).toMatch(/Completed by a risk assessment from \d+ \w+ \d{4} at \d\d:\d\d to/);
    expect(html).toContain("No, it does not complete a follow-up");
    expect(html).not.toMatch(/<input[^>]*name="followUpId"[^>]*checked/);
  });

  test("a contact of another kind, or one the supporter says completes none, leaves the follow-up open", async () => {
    const other = await supporter.post(`${casePath}/contacts/new`, contact("93000000-0000-4000-8000-000000000002", { contactType: "peer_conversation" }));
    expect(other.status).toBe(302);
    const declined = await supporter.post(`${casePath}/contacts/new`, contact("93000000-0000-4000-8000-000000000003", { contactType: "risk_assessment", followUpId: "none" }));
    expect(declined.status).toBe(302);
    expect(declined.headers.get("location")).toBe(`${casePath}?saved=contact`);
    expect((await followUpOf("72-hour risk assessment"))!.completedByContactId).toBeNull();
  });

  test("a risk assessment inside the 72-hour window completes it by default, and the case page says which it completed", async () => {
    const saved = await supporter.post(`${casePath}/contacts/new`, contact("93000000-0000-4000-8000-000000000004", { contactType: "risk_assessment" }));
    expect(saved.status).toBe(302);
    const assessment = (await followUpOf("72-hour risk assessment"))!;
    const contactId = await sql.value<number>("SELECT id FROM SupportContact WHERE idempotencyKey = ?", "93000000-0000-4000-8000-000000000004");
    expect(assessment.completedByContactId).toBe(contactId);
    // The 28-day review is another kind and not yet in its window: still open.
    expect((await followUpOf("28-day review"))!.completedByContactId).toBeNull();
    expect(saved.headers.get("location")).toBe(`${casePath}?saved=contact&completed=${assessment.id}`);
    const page = await (await supporter.get(saved.headers.get("location")!)).text();
    expect(page).toMatch(/It completed the 72-hour risk assessment that was due on \d+ \w+ \d{4} at \d\d:\d\d\./);
  });

  test("a review outside the 28-day window completes nothing by default", async () => {
    const saved = await supporter.post(`${casePath}/contacts/new`, contact("93000000-0000-4000-8000-000000000005", { contactType: "review" }));
    expect(saved.status).toBe(302);
    expect((await followUpOf("28-day review"))!.completedByContactId).toBeNull();
  });

  test("a move outside the protocol's window is asked about first, at the time the supporter chose; inside it, it is moved at once", async () => {
    const review = (await followUpOf("28-day review"))!;
    const due = new Date(review.dueAt);
    const page = await (await supporter.get(casePath)).text();
    expect(page).toMatch(/The protocol&#x27;s window for it: \d+ \w+ \d{4} at \d\d:\d\d to \d+ \w+ \d{4} at \d\d:\d\d/);
    // 20 days later than due is outside the 21-to-35-day window.
    const late = partsIn(new Date(due.getTime() + 20 * 24 * HOUR), "x");
    const move = { intent: "reschedule", followUpId: String(review.id), day: late["x.day"]!, month: late["x.month"]!, year: late["x.year"]!, hour: "15", minute: "20" };
    const asked = await supporter.post(casePath, move);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toMatch(/is outside the protocol&#x27;s window for the 28-day review[\s\S]*Yes, move it to/);
    expect((await followUpOf("28-day review"))!.dueAt).toBe(review.dueAt);
    const confirmed = await supporter.post(casePath, { ...move, confirmed: "yes" });
    expect(confirmed.status).toBe(302);
    const moved = new Date((await followUpOf("28-day review"))!.dueAt);
    expect(partsIn(moved, "x")).toMatchObject({ "x.hour": "15", "x.minute": "20", "x.day": late["x.day"] });
    expect(await count("SELECT count(*) n FROM AuditEvent WHERE action = 'follow_up.reschedule' AND entityId = ? AND detail LIKE '%\"outsideWindow\":true%'", String(review.id))).toBe(1);
    // Back inside the window (a day after the original due date): moved without a question.
    const inside = partsIn(new Date(due.getTime() + 24 * HOUR), "x");
    const back = await supporter.post(casePath, { ...move, day: inside["x.day"]!, month: inside["x.month"]!, year: inside["x.year"]!, hour: "08", minute: "05" });
    expect(back.status).toBe(302);
    expect(partsIn(new Date((await followUpOf("28-day review"))!.dueAt), "x")).toMatchObject({ "x.hour": "08", "x.minute": "05" });
  });

  test("a move without a time is refused and keeps what was typed", async () => {
    const review = (await followUpOf("28-day review"))!;
    const response = await supporter.post(casePath, { intent: "reschedule", followUpId: String(review.id), day: "3", month: "4", year: "2031", hour: "", minute: "" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Enter the time it is due, like 09 30");
    expect(html).toContain(`href="#due-${review.id}-hour"`);
    expect(html).toMatch(new RegExp(`id="due-${review.id}-year"[^>]*value="2031"|value="2031"[^>]*id="due-${review.id}-year"`));
  });
});

describe("urgent referral done right (issue 28, point 5)", () => {
  let casePath = "";
  const KEY = "93100000-0000-4000-8000-000000000001";
  const urgent = (overrides: Record<string, string> = {}) => ({
    idempotencyKey: KEY,
    contactType: "risk_assessment",
    ...partsIn(new Date(Date.now() - 3_600_000), "contacted"),
    format: "individual",
    distress: "9",
    outcome: "urgent_referral",
    ...overrides,
  });

  beforeAll(async () => {
    casePath = (await supporter.post("/staff/new", { reference: "NP-9310", teamId: "demo-team-response-north" })).headers.get("location")!;
  });

  test("the contact form holds the crisis routes and the destinations under the urgent-referral answer, before anything is saved", async () => {
    const html = await (await supporter.get(`${casePath}/contacts/new`)).text();
    const conditional = html.match(/<div[^>]*id="[^"]*urgent_referral-conditional"[^>]*class="govuk-radios__conditional"[^>]*>([\s\S]*?)<\/fieldset>/);
    expect(conditional, "a conditional reveal under the urgent referral").not.toBeNull();
    expect(conditional![1]).toContain("Samaritans on 116 123");
    expect(conditional![1]).toContain("Where were they referred?");
    for (const destination of ["Occupational health", "Employee assistance programme", "Their GP (urgent appointment)", "Mental-health crisis team", "NHS 111, option 2 (mental health)", "999 emergency services", "Somewhere else"]) {
      expect(conditional![1]).toContain(destination);
    }
  });

  test("without a destination nothing is saved, and the form says so with what was typed", async () => {
    const before = await count("SELECT count(*) n FROM SupportContact");
    const response = await supporter.post(`${casePath}/contacts/new`, urgent({ notes: "Talked through the night shift." }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Choose where they were referred urgently");
    expect(html).toContain("href=\"#contact-urgentDestination\"");
    expect(html).toContain("Talked through the night shift.");
    expect(await count("SELECT count(*) n FROM SupportContact")).toBe(before);
  });

  test("records where they were referred, adds a check due within 24 hours, and reads clearly", async () => {
    const saved = await supporter.post(`${casePath}/contacts/new`, urgent({ urgentDestination: "nhs_111_mental_health" }));
    expect(saved.status).toBe(302);
    const contactId = await sql.value<number>("SELECT id FROM SupportContact WHERE idempotencyKey = ?", KEY);
    expect(await sql.all("SELECT destination, urgent FROM Referral WHERE supportContactId = ?", contactId)).toEqual([{ destination: "nhs_111_mental_health", urgent: 1 }]);
    const check = (await sql.get<{ id: number; label: string; dueAt: string; contactType: string | null; completedAt: string | null }>(
      "SELECT id, label, dueAt, contactType, completedAt FROM FollowUp WHERE raisedByContactId = ?",
      contactId,
    ))!;
    expect(check).toMatchObject({ label: "Check within 24 hours of the urgent referral", contactType: null, completedAt: null });
    const contactedAt = new Date(await sql.value<string>("SELECT contactedAt FROM SupportContact WHERE id = ?", contactId)).getTime();
    expect(new Date(check.dueAt).getTime() - contactedAt).toBe(24 * 3_600_000);
    const page = await (await supporter.get(saved.headers.get("location")!)).text();
    expect(page).toContain("Urgent referral to NHS 111, option 2 (mental health)");
    expect(page).not.toContain("Urgent referral: Urgent referral");
    expect(page).toMatch(/Check within 24 hours of the urgent referral(<!-- -->)?, due (<!-- -->)?\d+ \w+ \d{4} at \d\d:\d\d/);
    // The caseload lists the check with the supporter's other follow-ups.
    expect(await (await supporter.get("/caseload")).text()).toContain("Check within 24 hours of the urgent referral");
  });

  test("the next contact, of any kind, completes the check by default; deleting a referral's contact closes its open check", async () => {
    const contactId = await sql.value<number>("SELECT id FROM SupportContact WHERE idempotencyKey = ?", KEY);
    const next = await supporter.post(`${casePath}/contacts/new`, {
      idempotencyKey: "93100000-0000-4000-8000-000000000002",
      contactType: "peer_conversation",
      ...partsIn(new Date(Date.now() - 60_000), "contacted"),
      format: "individual",
      distress: "7",
      outcome: "urgent_referral",
      urgentDestination: "crisis_team",
    });
    expect(next.status).toBe(302);
    const nextId = await sql.value<number>("SELECT id FROM SupportContact WHERE idempotencyKey = ?", "93100000-0000-4000-8000-000000000002");
    expect(await sql.value("SELECT completedByContactId FROM FollowUp WHERE raisedByContactId = ?", contactId)).toBe(nextId);
    // The second referral's own check is open until its contact is deleted.
    expect((await supporter.post(`${casePath}/contacts/${nextId}`, { intent: "delete", reason: "duplicate" })).status).toBe(302);
    expect(await count("SELECT count(*) n FROM FollowUp WHERE raisedByContactId = ? AND cancelledAt IS NOT NULL", nextId)).toBe(1);
    // ...and the check it had completed is open again.
    expect(await sql.value("SELECT completedByContactId FROM FollowUp WHERE raisedByContactId = ?", contactId)).toBeNull();
  });
});
