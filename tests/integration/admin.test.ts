import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession, pageText as text } from "../support/http";
import type { RunningServer } from "../support/server";
import type { TestSql } from "../support/sql";

let demo: DemoWithServer;
let server: RunningServer;
let admin: HttpSession;
let sql: TestSql;

beforeAll(async () => {
  demo = await demoWithServer("admin");
  ({ server, sql } = demo);
  admin = new HttpSession(server.url);
  await admin.signIn("admin@demo.test");
});
afterAll(async () => {
  await demo?.stop();
});

const count = (query: string, ...params: unknown[]) => sql.value<number>(query, ...params);

describe("teams", () => {
  test("create, then a duplicate name is refused beside the field with the typed value kept", async () => {
    const created = await admin.post("/admin/teams", { name: "Night Response Team", serviceId: "demo-service-police" });
    expect(created.status).toBe(302);
    expect(await count("SELECT count(*) n FROM Team WHERE name = 'Night Response Team'")).toBe(1);
    const duplicate = await admin.post("/admin/teams", { name: "Night Response Team", serviceId: "demo-service-police" });
    expect(duplicate.status).toBe(400);
    const html = await duplicate.text();
    expect(html).toContain("There is already a team with this name");
    expect(html).toMatch(/value="Night Response Team"/);
    expect(await count("SELECT count(*) n FROM Team WHERE name = 'Night Response Team'")).toBe(1);
  });

  test("rename and headcount per month; a bad headcount is refused and nothing is written", async () => {
    const team = "/admin/teams/demo-team-maintenance";
    expect((await admin.post(team, { intent: "rename", name: "Highways Maintenance North" })).status).toBe(302);
    expect(await count("SELECT count(*) n FROM Team WHERE name = 'Highways Maintenance North'")).toBe(1);
    expect((await admin.post(team, { intent: "headcount", periodMonth: "Jan 2019", headcount: "27" })).status).toBe(302);
    expect(await count("SELECT headcount n FROM TeamHeadcount WHERE teamId = 'demo-team-maintenance' AND periodMonth = '2019-01'")).toBe(27);
    const bad = await admin.post(team, { intent: "headcount", periodMonth: "2019-02", headcount: "twelve" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("Headcount must be a whole number, like 42");
    expect(html).toMatch(/value="twelve"/);
    expect(await count("SELECT count(*) n FROM TeamHeadcount WHERE periodMonth = '2019-02'")).toBe(0);
    // A blank box is not a headcount of 0 (the fuzz test found that it was).
    expect((await admin.post(team, { intent: "headcount", periodMonth: "2019-02", headcount: "   " })).status).toBe(400);
    expect(await count("SELECT count(*) n FROM TeamHeadcount WHERE periodMonth = '2019-02'")).toBe(0);
    // Rates are for months that have begun.
    expect(text(await (await admin.post(team, { intent: "headcount", periodMonth: "2099-01", headcount: "30" })).text())).toContain("Give headcounts for this month or earlier months");
  });

  test("merge moves staff and remits to the target and archives the team; its history stays", async () => {
    const staff = await count("SELECT count(*) n FROM StaffMember WHERE teamId = 'demo-team-eoc'");
    const before = await count("SELECT count(*) n FROM StaffMember WHERE teamId = 'demo-team-police-contact'");
    const exposures = await count("SELECT count(*) n FROM Exposure WHERE teamId = 'demo-team-eoc'");
    const merged = await admin.post("/admin/teams/demo-team-eoc", { intent: "merge", targetId: "demo-team-police-contact" });
    expect(merged.status).toBe(302);
    expect(await count("SELECT count(*) n FROM StaffMember WHERE teamId = 'demo-team-police-contact'")).toBe(before + staff);
    expect(await count("SELECT count(*) n FROM Exposure WHERE teamId = 'demo-team-eoc'")).toBe(exposures);
    expect(await count("SELECT count(*) n FROM Team WHERE id = 'demo-team-eoc' AND archivedAt IS NOT NULL AND mergedIntoId = 'demo-team-police-contact'")).toBe(1);
    expect(await count("SELECT count(*) n FROM ManagerRemit WHERE teamId = 'demo-team-eoc'")).toBe(0);
    expect(await count("SELECT count(*) n FROM ManagerRemit WHERE teamId = 'demo-team-police-contact' AND userId = 'demo-user-manager'")).toBe(1);
  });

  test("archive and restore", async () => {
    expect((await admin.post("/admin/teams/demo-team-hart", { intent: "archive" })).status).toBe(302);
    expect(await count("SELECT count(*) n FROM Team WHERE id = 'demo-team-hart' AND archivedAt IS NOT NULL")).toBe(1);
    expect((await admin.post("/admin/teams/demo-team-hart", { intent: "unarchive" })).status).toBe(302);
    expect(await count("SELECT count(*) n FROM Team WHERE id = 'demo-team-hart' AND archivedAt IS NULL")).toBe(1);
  });
});

describe("services", () => {
  test("add one with its kind; a duplicate or a missing kind is refused beside the field; audited", async () => {
    const missing = await admin.post("/admin/services", { name: "Fire Control" });
    expect(missing.status).toBe(400);
    expect(text(await missing.text())).toContain("Choose what kind of service it is");
    const added = await admin.post("/admin/services", { name: "Fire Control", kind: "call_handling" });
    expect(added.status).toBe(302);
    const id = await sql.value<string>("SELECT id FROM Service WHERE name = 'Fire Control' AND kind = 'call_handling'");
    expect(added.headers.get("location")).toBe(`/admin/services/${id}?created=1`);
    expect(await count("SELECT count(*) n FROM AuditEvent WHERE action = 'service.create' AND entityId = ?", id)).toBe(1);
    const duplicate = await admin.post("/admin/services", { name: "Fire Control", kind: "fire" });
    expect(duplicate.status).toBe(400);
    expect(text(await duplicate.text())).toContain("There is already a service with this name");
    expect(await count("SELECT count(*) n FROM Service WHERE name = 'Fire Control'")).toBe(1);
  });

  test("teams are added inside a service, which is renamed, then archived only once it holds no active team", async () => {
    const id = await sql.value<string>("SELECT id FROM Service WHERE name = 'Fire Control'");
    const page = `/admin/services/${id}`;
    expect((await admin.post(page, { intent: "team", name: "Fire Control Watch A" })).status).toBe(302);
    const teamId = await sql.value<string>("SELECT id FROM Team WHERE name = 'Fire Control Watch A' AND serviceId = ?", id);
    expect(teamId).toBeTruthy();
    const withTeam = text(await (await admin.get(page)).text());
    expect(withTeam).toContain("Fire Control Watch A");
    // The page says what archiving needs instead of offering a button that is refused.
    expect(withTeam).toContain("To archive it, first move its team to another service or archive it");

    expect((await admin.post(page, { intent: "update", name: "Fire and Rescue Control", kind: "call_handling" })).status).toBe(302);
    expect(await count("SELECT count(*) n FROM Service WHERE id = ? AND name = 'Fire and Rescue Control'", id)).toBe(1);
    expect(await count("SELECT count(*) n FROM AuditEvent WHERE action = 'service.update' AND entityId = ?", id)).toBe(1);

    const refused = await admin.post(page, { intent: "archive" });
    expect(refused.status).toBe(400);
    expect(text(await refused.text())).toContain("Move or archive its 1 active team first");
    expect(await count("SELECT count(*) n FROM Service WHERE id = ? AND archivedAt IS NULL", id)).toBe(1);
    expect((await admin.post(`/admin/teams/${teamId}`, { intent: "archive" })).status).toBe(302);
    expect((await admin.post(page, { intent: "archive" })).status).toBe(302);
    expect(await count("SELECT count(*) n FROM Service WHERE id = ? AND archivedAt IS NOT NULL", id)).toBe(1);
    // An archived service takes no new team, by any form.
    expect((await admin.post("/admin/teams", { name: "Fire Control Watch B", serviceId: id })).status).toBe(400);
    expect(await count("SELECT count(*) n FROM Team WHERE name = 'Fire Control Watch B'")).toBe(0);
    expect((await admin.post(page, { intent: "unarchive" })).status).toBe(302);
    expect(await count("SELECT count(*) n FROM AuditEvent WHERE action IN ('service.archive', 'service.unarchive') AND entityId = ?", id)).toBe(2);
  });

  test("a team moves to another service with its records; the move is audited and shown on the team's page", async () => {
    const exposures = await count("SELECT count(*) n FROM Exposure WHERE teamId = 'demo-team-hart'");
    const from = await sql.value<string>("SELECT serviceId FROM Team WHERE id = 'demo-team-hart'");
    const moved = await admin.post("/admin/teams/demo-team-hart", { intent: "move", serviceId: "demo-service-police" });
    expect(moved.status).toBe(302);
    expect(text(await (await admin.get(moved.headers.get("location")!)).text())).toContain("The team was moved.");
    expect(await count("SELECT count(*) n FROM Team WHERE id = 'demo-team-hart' AND serviceId = 'demo-service-police'")).toBe(1);
    expect(await count("SELECT count(*) n FROM Exposure WHERE teamId = 'demo-team-hart'")).toBe(exposures);
    const audit = await sql.get<{ detail: string }>("SELECT detail FROM AuditEvent WHERE action = 'team.move' AND entityId = 'demo-team-hart'");
    expect(JSON.parse(audit!.detail)).toMatchObject({ from, to: "demo-service-police" });
    expect(text(await (await admin.get("/admin/teams/demo-team-hart")).text())).toMatch(/moved from .+ to Northshire Police/);
    // Back where it was, so the other tests see the demo as seeded.
    expect((await admin.post("/admin/teams/demo-team-hart", { intent: "move", serviceId: from })).status).toBe(302);
  });
});

describe("headcounts", () => {
  test("the grid saves many months at once; an emptied box carries the month before; a bad box keeps what was typed", async () => {
    const box = (month: string) => `headcount:demo-team-maintenance:${month}`;
    const grid = "/admin/headcounts?from=2018-01&to=2018-12";
    expect(text(await (await admin.get(grid)).text())).toContain("Headcounts from Jan 2018 to Dec 2018");
    const saved = await admin.post(grid, { from: "2018-01", to: "2018-12", [box("2018-01")]: "31", [box("2018-06")]: "33" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toContain("saved=2");
    expect(await sql.all("SELECT periodMonth, headcount FROM TeamHeadcount WHERE teamId = 'demo-team-maintenance' AND periodMonth LIKE '2018-%' ORDER BY periodMonth")).toEqual([
      { periodMonth: "2018-01", headcount: 31 },
      { periodMonth: "2018-06", headcount: 33 },
    ]);
    const page = text(await (await admin.get(grid)).text());
    expect(page).toContain("carried 31 from Jan 2018");
    expect(page).toContain("carried 33 from Jun 2018");

    const bad = await admin.post(grid, { from: "2018-01", to: "2018-12", [box("2018-01")]: "", [box("2018-03")]: "3O" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(text(html)).toContain("Highways Maintenance North, Mar 2018: Headcount must be a whole number, like 42");
    expect(html).toMatch(/value="3O"/);
    expect(await count("SELECT count(*) n FROM TeamHeadcount WHERE teamId = 'demo-team-maintenance' AND periodMonth = '2018-01'")).toBe(1);
    expect((await admin.post(grid, { from: "2018-01", to: "2018-12", [box("2018-01")]: "" })).status).toBe(302);
    expect(await count("SELECT count(*) n FROM TeamHeadcount WHERE teamId = 'demo-team-maintenance' AND periodMonth = '2018-01'")).toBe(0);
    expect(await count("SELECT count(*) n FROM AuditEvent WHERE action = 'headcounts.save'")).toBe(2);
  });

  test("a team archived within the grid's months keeps its history there, and takes no headcount after its archive month", async () => {
    const box = (month: string) => `name="headcount:demo-team-hart:${month}"`;
    await sql.run("DELETE FROM TeamHeadcount WHERE teamId = 'demo-team-hart' AND periodMonth LIKE '2019-%'");
    await sql.run("INSERT INTO TeamHeadcount (teamId, periodMonth, headcount) VALUES ('demo-team-hart', '2019-02', 14)");
    await sql.run("UPDATE Team SET archivedAt = '2019-06-15T10:00:00.000+00:00' WHERE id = 'demo-team-hart'");
    try {
      const html = await (await admin.get("/admin/headcounts?from=2019-01&to=2019-12")).text();
      expect(text(html)).toMatch(/Hazardous Area Response Team .*, archived Jun 2019/);
      expect(html).toContain(box("2019-06"));
      expect(html).not.toContain(box("2019-07"));
      expect(text(html)).toContain("carried 14 from Feb 2019");
      // A grid that starts after the archive month leaves the team out.
      expect(await (await admin.get("/admin/headcounts?from=2019-07&to=2019-12")).text()).not.toContain("demo-team-hart");
    } finally {
      await sql.run("UPDATE Team SET archivedAt = NULL WHERE id = 'demo-team-hart'");
    }
  });

  test("a pasted list is checked first, naming every bad line, and saved only when asked", async () => {
    const lines = ["Team,Month,Headcount", "Highways Maintenance North,2017-01,25", "hazardous area response team,Jan 2017,12", "Nowhere Team,2017-01,4", "Hazardous Area Response Team,2017-13,12"].join("\n");
    const checked = await admin.post("/admin/headcounts/list", { lines, intent: "check" });
    expect(checked.status).toBe(200);
    const page = text(await checked.text());
    expect(page).toContain("2 new months");
    expect(page).toMatch(/Line Why 4 There is no team called “Nowhere Team” 5 “2017-13” is not a month/);
    expect(await count("SELECT count(*) n FROM TeamHeadcount WHERE periodMonth = '2017-01'")).toBe(0);
    const refused = await admin.post("/admin/headcounts/list", { lines, intent: "save" });
    expect(refused.status).toBe(400);
    expect(text(await refused.text())).toContain("2 lines are not right: correct them, or choose to save the good lines only");
    expect(await count("SELECT count(*) n FROM TeamHeadcount WHERE periodMonth = '2017-01'")).toBe(0);
    expect((await admin.post("/admin/headcounts/list", { lines, intent: "save", goodOnly: "yes" })).status).toBe(302);
    expect(await count("SELECT count(*) n FROM TeamHeadcount WHERE periodMonth = '2017-01'")).toBe(2);
  });

  test("the research export's staff figures use a headcount carried forward until it changes", async () => {
    // The demo gives every team a headcount every month; take Hart's away after its first month of the period.
    const months = ["2025-09", "2025-10", "2025-11"];
    const first = await sql.value<number>("SELECT headcount FROM TeamHeadcount WHERE teamId = 'demo-team-hart' AND periodMonth = ?", months[0]);
    await sql.run("DELETE FROM TeamHeadcount WHERE teamId = 'demo-team-hart' AND periodMonth > ?", months[0]);
    const researcher = new HttpSession(server.url);
    await researcher.signIn("researcher@demo.test");
    const exported = async () => {
      const csv = await (await researcher.get(`/research/export.csv?from=${months[0]}&to=${months[2]}`)).text();
      const rows = parse(csv) as string[][];
      const column = rows[0]!.indexOf("headcount");
      const organisation = (month: string) => rows.find((r) => r[0] === month && r[1] === "organisation")![column];
      return months.map(organisation);
    };
    // A team added by an earlier test has no headcount: no month has a figure for the whole organisation.
    expect(await exported()).toEqual(["", "", ""]);
    const missing = await sql.all<{ name: string }>("SELECT name FROM Team t WHERE archivedAt IS NULL AND NOT EXISTS (SELECT 1 FROM TeamHeadcount h WHERE h.teamId = t.id)");
    expect(missing.map((t) => t.name)).toEqual(["Night Response Team"]);
    const lines = `Night Response Team,${months[0]},10`;
    expect((await admin.post("/admin/headcounts/list", { lines, intent: "save" })).status).toBe(302);
    const others = await sql.value<number>("SELECT SUM(headcount) FROM TeamHeadcount h JOIN Team t ON t.id = h.teamId WHERE t.archivedAt IS NULL AND h.teamId NOT IN ('demo-team-hart', ?) AND h.periodMonth = ?", await sql.value<string>("SELECT id FROM Team WHERE name = 'Night Response Team'"), months[2]);
    expect((await exported())[2]).toBe(String(others + first + 10));
  });
});

describe("organisation settings", () => {
  const valid = {
    anonymityThreshold: "6",
    mfaRequired: "yes",
    retentionMonths: "84",
    publicationDelayDays: "10",
    subjectAccessDays: "14",
    crisisRoutesText: "Call 999 if at immediate risk. Force welfare line 0300 123 4567, any time.",
    "steps[0].label": "72-hour risk assessment",
    "steps[0].offsetHours": "72",
    "steps[0].contactType": "risk_assessment",
    "steps[1].label": "Two-week check-in",
    "steps[1].offsetHours": "336",
    "steps[1].contactType": "peer_conversation",
  };

  test("k outside 3–10 and an incomplete step are refused with specific messages, and nothing changes", async () => {
    const response = await admin.post("/admin/settings", { ...valid, anonymityThreshold: "2", publicationDelayDays: "40", subjectAccessDays: "0", "steps[1].offsetHours": "" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("The anonymity threshold must be at least 3");
    expect(html).toContain("The days before figures are published must be 28 or fewer");
    expect(html).toContain("A subject access copy must be readable for at least 1 day");
    expect(html).toContain("Enter the hours after the exposure for step 2");
    expect(html).toMatch(/value="Two-week check-in"/);
    expect(await count("SELECT anonymityThreshold n FROM Organisation")).toBe(5);
    expect(await count("SELECT count(*) n FROM FollowUpProtocolStep")).toBe(2);
  });

  test("valid settings are saved, with the protocol in time order", async () => {
    expect((await admin.post("/admin/settings", valid)).status).toBe(302);
    expect(await count("SELECT anonymityThreshold n FROM Organisation")).toBe(6);
    expect(await count("SELECT retentionMonths n FROM Organisation")).toBe(84);
    expect(await count("SELECT publicationDelayDays n FROM Organisation")).toBe(10);
    expect(await count("SELECT subjectAccessDays n FROM Organisation")).toBe(14);
    expect((await sql.get("SELECT crisisRoutesText FROM Organisation"))).toEqual({ crisisRoutesText: valid.crisisRoutesText });
    const steps = (await sql.all("SELECT label, offsetHours, contactType FROM FollowUpProtocolStep ORDER BY sortOrder"));
    expect(steps).toEqual([
      { label: "72-hour risk assessment", offsetHours: 72, contactType: "risk_assessment" },
      { label: "Two-week check-in", offsetHours: 336, contactType: "peer_conversation" },
    ]);
    const audit = await (await admin.get("/admin/audit?action=settings.update")).text();
    expect(audit).toContain("settings.update");
  });
});
