import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession } from "../support/http";
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
    expect((await admin.post(team, { intent: "headcount", periodMonth: "2030-01", headcount: "27" })).status).toBe(302);
    expect(await count("SELECT headcount n FROM TeamHeadcount WHERE teamId = 'demo-team-maintenance' AND periodMonth = '2030-01'")).toBe(27);
    const bad = await admin.post(team, { intent: "headcount", periodMonth: "2030-02", headcount: "twelve" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("Headcount must be a whole number, like 42");
    expect(html).toMatch(/value="twelve"/);
    expect(await count("SELECT count(*) n FROM TeamHeadcount WHERE periodMonth = '2030-02'")).toBe(0);
    // A blank box is not a headcount of 0 (the fuzz test found that it was).
    expect((await admin.post(team, { intent: "headcount", periodMonth: "2030-02", headcount: "   " })).status).toBe(400);
    expect(await count("SELECT count(*) n FROM TeamHeadcount WHERE periodMonth = '2030-02'")).toBe(0);
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

describe("organisation settings", () => {
  const valid = {
    anonymityThreshold: "6",
    mfaRequired: "yes",
    retentionMonths: "84",
    crisisRoutesText: "Call 999 if at immediate risk. Force welfare line 0300 123 4567, any time.",
    "steps[0].label": "72-hour risk assessment",
    "steps[0].offsetHours": "72",
    "steps[0].contactType": "risk_assessment",
    "steps[1].label": "Two-week check-in",
    "steps[1].offsetHours": "336",
    "steps[1].contactType": "peer_conversation",
  };

  test("k outside 3–10 and an incomplete step are refused with specific messages, and nothing changes", async () => {
    const response = await admin.post("/admin/settings", { ...valid, anonymityThreshold: "2", "steps[1].offsetHours": "" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("The anonymity threshold must be at least 3");
    expect(html).toContain("Enter the hours after the exposure for step 2");
    expect(html).toMatch(/value="Two-week check-in"/);
    expect(await count("SELECT anonymityThreshold n FROM Organisation")).toBe(5);
    expect(await count("SELECT count(*) n FROM FollowUpProtocolStep")).toBe(2);
  });

  test("valid settings are saved, with the protocol in time order", async () => {
    expect((await admin.post("/admin/settings", valid)).status).toBe(302);
    expect(await count("SELECT anonymityThreshold n FROM Organisation")).toBe(6);
    expect(await count("SELECT retentionMonths n FROM Organisation")).toBe(84);
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
