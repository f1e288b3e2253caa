// A caseload that cannot hide risk (issue #28, point 3): true counts, complete paged lists, a case
// list with open/closed/handed-over status, closing and reopening, handover, and search anywhere.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dayBounds, formatDateTime } from "~/utils/time";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession, pageText } from "../support/http";
import type { TestSql } from "../support/sql";

let demo: DemoWithServer;
let sql: TestSql;
let supporter: HttpSession;
let colleague: HttpSession;
const TZ = "Europe/London";
const SUPPORTER = "demo-user-supporter";
const COLLEAGUE = "demo-user-supporter-2";
const ids: Record<string, string> = {};

/** The rule of whose follow-ups a supporter's caseload shows, written again in SQL: cases they created or were assigned, unless they handed them over. */
const HELD_NOW = `s.organisationId = 'demo-organisation' AND s.anonymisedAt IS NULL
  AND ((s.createdById = ? AND NOT EXISTS (SELECT 1 FROM CaseAssignment h WHERE h.staffMemberId = s.id AND h.supporterId = ? AND h.handedOverAt IS NOT NULL))
    OR EXISTS (SELECT 1 FROM CaseAssignment a WHERE a.staffMemberId = s.id AND a.supporterId = ? AND a.handedOverAt IS NULL))`;

const stamp = (instant: Date) => instant.toISOString().replace("Z", "+00:00");

async function overdueInDatabase(supporterId: string, label?: string) {
  const today = dayBounds(new Date(), TZ).start;
  return Number(
    await sql.value(
      `SELECT COUNT(*) FROM FollowUp f JOIN StaffMember s ON s.id = f.staffMemberId
       WHERE ${HELD_NOW} AND f.completedAt IS NULL AND f.cancelledAt IS NULL AND f.dueAt < ? ${label ? "AND f.label = ?" : ""}`,
      supporterId, supporterId, supporterId, stamp(today), ...(label ? [label] : []),
    ),
  );
}

/** The HTML of one list (section) of the caseload page. */
function section(html: string, id: string) {
  const start = html.indexOf(`<section aria-labelledby="${id}-heading" id="${id}"`);
  expect(start, `section ${id}`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</section>", start));
}
const bodyRows = (html: string) => (html.match(/<tbody[\s\S]*?<\/tbody>/)?.[0].match(/<tr /g) ?? []).length;

async function createCase(reference: string) {
  const created = await supporter.post("/staff/new", { reference, teamId: "demo-team-response-north" });
  expect(created.status).toBe(302);
  return created.headers.get("location")!.replace("/staff/", "");
}

async function addFollowUps(staffId: string, label: string, dues: Date[], assignedTo = SUPPORTER) {
  for (const due of dues) {
    await sql.insert(
      "INSERT INTO FollowUp (organisationId, staffMemberId, label, dueAt, assignedToId, createdAt) VALUES ('demo-organisation', ?, ?, ?, ?, ?)",
      staffId, label, stamp(due), assignedTo, stamp(new Date()),
    );
  }
}

const YESTERDAY_10AM = () => new Date(dayBounds(new Date(), TZ).start.getTime() - 14 * 60 * 60 * 1000);

beforeAll(async () => {
  demo = await demoWithServer("caseload");
  sql = demo.sql;
  supporter = new HttpSession(demo.server.url);
  await supporter.signIn("supporter@demo.test");
  colleague = new HttpSession(demo.server.url);
  await colleague.signIn("s.okafor@demo.test");
  // 65 overdue checks on one case: 64 old ones, and the newest overdue since yesterday.
  ids.many = await createCase("CL-0001");
  const newest = YESTERDAY_10AM();
  await addFollowUps(ids.many, "Welfare check", Array.from({ length: 65 }, (_, i) => new Date(newest.getTime() - (64 - i) * 24 * 60 * 60 * 1000)));
  ids.newestDue = formatDateTime(newest, TZ);
}, 120_000);
afterAll(async () => {
  await demo?.stop();
});

describe("every overdue follow-up is counted and listed", () => {
  test("the count is the database's count, and paging through the list reaches every one, the newest included", async () => {
    const expected = await overdueInDatabase(SUPPORTER);
    expect(expected).toBeGreaterThanOrEqual(65);
    const first = section(await (await supporter.get("/caseload")).text(), "overdue");
    expect(pageText(first)).toContain(`Overdue follow-ups (${expected})`);
    expect(pageText(first)).toContain(`Showing 1–50 of ${expected}`);
    let listed = 0;
    let newestFound = false;
    const pages = Math.ceil(expected / 50);
    for (let page = 1; page <= pages; page += 1) {
      const html = section(await (await supporter.get(page === 1 ? "/caseload" : `/caseload?overduePage=${page}`)).text(), "overdue");
      listed += bodyRows(html);
      if (pageText(html).includes(`CL-0001 Welfare check Overdue ${ids.newestDue}`)) newestFound = true;
      // Each page links to the next by an ordinary link (GET), until the last.
      if (page < pages) expect(html).toContain(`href="/caseload?overduePage=${page + 1}"`);
    }
    expect(listed).toBe(expected);
    expect(newestFound).toBe(true);
  });

  test("filtered by kind: 65 welfare checks, 50 on the first page, the newest on the second, first when the newest come first", async () => {
    expect(await overdueInDatabase(SUPPORTER, "Welfare check")).toBe(65);
    const page1 = section(await (await supporter.get("/caseload?kind=Welfare+check")).text(), "overdue");
    expect(pageText(page1)).toContain("Overdue follow-ups (65)");
    expect(pageText(page1)).toContain("Showing 1–50 of 65");
    expect(bodyRows(page1)).toBe(50);
    expect(pageText(page1)).not.toContain(ids.newestDue);
    // The page link keeps the filter.
    expect(page1).toContain('href="/caseload?kind=Welfare+check&amp;overduePage=2"');
    const page2 = section(await (await supporter.get("/caseload?kind=Welfare+check&overduePage=2")).text(), "overdue");
    expect(pageText(page2)).toContain("Showing 51–65 of 65");
    expect(bodyRows(page2)).toBe(15);
    expect(pageText(page2)).toContain(ids.newestDue);
    const newestFirst = section(await (await supporter.get("/caseload?kind=Welfare+check&sort=due-desc")).text(), "overdue");
    const text = pageText(newestFirst);
    expect(text.slice(text.indexOf("Welfare check Overdue"))).toMatch(new RegExp(`^Welfare check Overdue ${ids.newestDue}`));
  });

  test("the kind filter offers each kind with its count, and a page past the end shows the last page", async () => {
    const html = await (await supporter.get("/caseload?kind=Welfare+check&overduePage=99")).text();
    expect(pageText(html)).toMatch(/Welfare check \(65\)/);
    expect(pageText(section(html, "overdue"))).toContain("Showing 51–65 of 65");
  });
});

describe("search", () => {
  test("matches anywhere in a reference, in any case, and takes % and _ literally", async () => {
    const found = pageText(await (await supporter.get("/cases?ref=0001&status=all")).text());
    expect(found).toContain("CL-0001");
    expect(pageText(await (await supporter.get("/cases?ref=l-00&status=all")).text())).toContain("CL-0001");
    for (const wildcard of ["%", "_", "L_0", "%0001"]) {
      const page = pageText(await (await supporter.get(`/cases?ref=${encodeURIComponent(wildcard)}&status=all`)).text());
      expect(page, wildcard).toContain("All cases (0)");
    }
  });

  test("the caseload's search form sends the supporter to the case list, and an old ?ref= address too", async () => {
    const html = await (await supporter.get("/caseload")).text();
    expect(html).toMatch(/<form[^>]*action="\/cases"[^>]*role="search"|<form[^>]*role="search"[^>]*action="\/cases"/);
    const old = await supporter.get("/caseload?ref=0001");
    expect(old.status).toBe(302);
    expect(old.headers.get("location")).toBe("/cases?ref=0001&status=all");
  });
});

describe("the case list", () => {
  test("lists every case of the supporter, paged, with counts of each status equal to the database's", async () => {
    const inDatabase = Number(await sql.value(`SELECT COUNT(*) FROM StaffMember s WHERE ${HELD_NOW} AND s.caseClosedAt IS NULL`, SUPPORTER, SUPPORTER, SUPPORTER));
    const html = pageText(await (await supporter.get("/cases")).text());
    expect(html).toContain(`Open cases (${inDatabase})`);
    expect(html).toContain(`Showing 1–${Math.min(50, inDatabase)} of ${inDatabase}`);
    if (inDatabase > 50) {
      const last = Math.ceil(inDatabase / 50);
      expect(pageText(await (await supporter.get(`/cases?page=${last}`)).text())).toContain(`Showing ${(last - 1) * 50 + 1}–${inDatabase} of ${inDatabase}`);
    }
  });
});

describe("closing and reopening a case", () => {
  test("is refused while a follow-up is open, with the message beside the reason, and nothing changes", async () => {
    const refused = await supporter.post(`/staff/${ids.many}/close`, { intent: "close", reason: "support_completed" });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toMatch(/id="reason-error"[\s\S]*This case still has 65 open follow-ups/);
    expect(html).toContain('href="#reason"');
    expect(await sql.value("SELECT caseClosedAt FROM StaffMember WHERE id = ?", ids.many)).toBeNull();
  });

  test("needs a reason chosen by the supporter", async () => {
    const page = await (await supporter.get(`/staff/${ids.many}/close`)).text();
    expect(page).not.toMatch(/name="reason"[^>]*checked/);
    const missing = await supporter.post(`/staff/${ids.many}/close`, { intent: "close" });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Choose why the case is closed");
  });

  test("closes when nothing is open, shows as closed in the list, and reopens; both audited", async () => {
    await sql.run("UPDATE FollowUp SET cancelledAt = ?, cancelledReason = 'not_needed' WHERE staffMemberId = ?", stamp(new Date()), ids.many);
    const closed = await supporter.post(`/staff/${ids.many}/close`, { intent: "close", reason: "support_completed" });
    expect(closed.status).toBe(302);
    expect(await sql.get("SELECT caseClosedReason AS reason FROM StaffMember WHERE id = ?", ids.many)).toEqual({ reason: "support_completed" });
    expect(await sql.value("SELECT COUNT(*) FROM AuditEvent WHERE action = 'case.close' AND entityId = ? AND actorUserId = ?", ids.many, SUPPORTER)).toBe(1);
    expect(pageText(await (await supporter.get("/cases?status=closed&ref=CL-0001")).text())).toMatch(/CL-0001 .*Closed Closed on .*: Support completed/);
    expect(pageText(await (await supporter.get("/cases?ref=CL-0001")).text())).toContain("Open cases (0)");
    expect(pageText(await (await supporter.get(`/staff/${ids.many}`)).text())).toContain("Case: closed");

    const reopened = await supporter.post(`/staff/${ids.many}/close`, { intent: "reopen" });
    expect(reopened.status).toBe(302);
    expect(await sql.value("SELECT caseClosedAt FROM StaffMember WHERE id = ?", ids.many)).toBeNull();
    expect(await sql.value("SELECT COUNT(*) FROM AuditEvent WHERE action = 'case.reopen' AND entityId = ?", ids.many)).toBe(1);
    expect(pageText(await (await supporter.get("/cases?ref=CL-0001")).text())).toContain("Open cases (1)");
  });
});

describe("handing a case over", () => {
  beforeAll(async () => {
    ids.handed = await createCase("CL-0002");
    await addFollowUps(ids.handed, "Handover check", [YESTERDAY_10AM()]);
  });

  test("asks to confirm first, and changes nothing until confirmed", async () => {
    const missing = await supporter.post(`/staff/${ids.handed}/handover`, {});
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Choose who will hold the case");
    const asked = await supporter.post(`/staff/${ids.handed}/handover`, { toUserId: COLLEAGUE });
    expect(asked.status).toBe(200);
    expect(pageText(await asked.text())).toMatch(/Hand CL-0002 over to .+\?/);
    expect(await sql.value("SELECT COUNT(*) FROM CaseAssignment WHERE staffMemberId = ?", ids.handed)).toBe(0);
  });

  test("only to another supporter of the organisation", async () => {
    for (const toUserId of ["demo-user-manager", SUPPORTER, "no-such-user"]) {
      const refused = await supporter.post(`/staff/${ids.handed}/handover`, { toUserId, confirmed: "yes" });
      expect(refused.status, toUserId).toBe(400);
    }
    expect(await sql.value("SELECT COUNT(*) FROM CaseAssignment WHERE staffMemberId = ?", ids.handed)).toBe(0);
  });

  test("once confirmed: the colleague holds it and its follow-ups; the supporter still sees it as handed over; audited", async () => {
    const done = await supporter.post(`/staff/${ids.handed}/handover`, { toUserId: COLLEAGUE, confirmed: "yes" });
    expect(done.status).toBe(302);
    expect(await sql.value("SELECT COUNT(*) FROM AuditEvent WHERE action = 'case.handover' AND entityId = ? AND actorUserId = ?", ids.handed, SUPPORTER)).toBe(1);
    expect(await sql.value("SELECT assignedToId FROM FollowUp WHERE staffMemberId = ?", ids.handed)).toBe(COLLEAGUE);

    // The colleague: in their case list as open, its overdue check in their caseload, counted.
    expect(pageText(await (await colleague.get("/cases?ref=CL-0002")).text())).toMatch(/CL-0002 .*Open/);
    const theirs = section(await (await colleague.get("/caseload?kind=Handover+check")).text(), "overdue");
    expect(pageText(theirs)).toContain("Overdue follow-ups (1)");
    expect(pageText(theirs)).toContain("CL-0002");
    expect(await overdueInDatabase(COLLEAGUE, "Handover check")).toBe(1);

    // The supporter: the case stays in their list as handed over; its follow-up leaves their caseload.
    expect(pageText(await (await supporter.get("/cases?status=handed_over&ref=CL-0002")).text())).toMatch(/CL-0002 .*Handed over Handed over to .+ on /);
    expect(pageText(await (await supporter.get("/cases?ref=CL-0002")).text())).toContain("Open cases (0)");
    expect(pageText(section(await (await supporter.get("/caseload?kind=Handover+check")).text(), "overdue"))).toContain("Overdue follow-ups (0)");
    expect(await overdueInDatabase(SUPPORTER, "Handover check")).toBe(0);
    const casePage = await supporter.get(`/staff/${ids.handed}`);
    expect(casePage.status).toBe(200);
    expect(pageText(await casePage.text())).toMatch(/You handed this case over to .+ on /);
    // Only its holder hands it on, closes or reopens it.
    expect((await supporter.get(`/staff/${ids.handed}/handover`)).status).toBe(302);
    expect((await supporter.post(`/staff/${ids.handed}/close`, { intent: "close", reason: "support_completed" })).status).toBe(302);
    expect(await sql.value("SELECT caseClosedAt FROM StaffMember WHERE id = ?", ids.handed)).toBeNull();
  });

  test("handed back, it returns to the supporter's caseload", async () => {
    const back = await colleague.post(`/staff/${ids.handed}/handover`, { toUserId: SUPPORTER, confirmed: "yes" });
    expect(back.status).toBe(302);
    expect(await overdueInDatabase(SUPPORTER, "Handover check")).toBe(1);
    expect(await overdueInDatabase(COLLEAGUE, "Handover check")).toBe(0);
    expect(pageText(section(await (await supporter.get("/caseload?kind=Handover+check")).text(), "overdue"))).toContain("Overdue follow-ups (1)");
    expect(pageText(await (await colleague.get("/cases?status=handed_over&ref=CL-0002")).text())).toContain("Handed over cases (1)");
  });
});
