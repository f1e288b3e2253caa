import { pathToFileURL } from "node:url";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession } from "../support/http";
import { projectRoot } from "../support/paths";
import type { RunningServer } from "../support/server";

type Who = "anonymous" | "admin" | "supporter" | "manager" | "researcher";
const WHO: Who[] = ["anonymous", "admin", "supporter", "manager", "researcher"];
const LOGIN: Record<Exclude<Who, "anonymous">, string> = {
  admin: "admin@demo.test",
  supporter: "supporter@demo.test",
  manager: "manager@demo.test",
  researcher: "researcher@demo.test",
};

const onlyFor = (role: Who): Record<Who, number> =>
  Object.fromEntries(WHO.map((who) => [who, who === role ? 200 : who === "anonymous" ? 302 : 403])) as Record<Who, number>;
const all = (status: number): Record<Who, number> => Object.fromEntries(WHO.map((who) => [who, status])) as Record<Who, number>;

/**
 * Every route of the app, the address used to reach it, and the status each kind of visitor gets
 * for GET. A route added without a line here fails the first test.
 */
const MATRIX: Record<string, { path: string; expect: Record<Who, number> }> = {
  "routes/_index": { path: "/", expect: { anonymous: 200, admin: 302, supporter: 302, manager: 302, researcher: 302 } },
  "routes/login": { path: "/login", expect: { anonymous: 200, admin: 302, supporter: 302, manager: 302, researcher: 302 } },
  "routes/login_.two-factor": { path: "/login/two-factor", expect: all(302) },
  "routes/logout": { path: "/logout", expect: all(302) },
  "routes/healthz": { path: "/healthz", expect: all(200) },
  "routes/account._index": { path: "/account", expect: { anonymous: 302, admin: 200, supporter: 200, manager: 200, researcher: 200 } },
  "routes/account.two-factor": {
    path: "/account/two-factor",
    expect: { anonymous: 302, admin: 200, supporter: 200, manager: 200, researcher: 200 },
  },
  "routes/invite.$token": { path: "/invite/not-a-real-token", expect: all(404) },
  "routes/reset-password.$token": { path: "/reset-password/not-a-real-token", expect: all(404) },
  "routes/caseload": { path: "/caseload", expect: onlyFor("supporter") },
  "routes/cases": { path: "/cases", expect: onlyFor("supporter") },
  "routes/staff.new": { path: "/staff/new", expect: onlyFor("supporter") },
  // A case supporter@demo.test created in the seed; other supporters' cases are covered in supporter-records.
  "routes/staff.$staffId": { path: "/staff/__STAFF__", expect: onlyFor("supporter") },
  "routes/staff.$staffId_.exposures.new": { path: "/staff/__STAFF__/exposures/new", expect: onlyFor("supporter") },
  "routes/staff.$staffId_.exposures.$exposureId": { path: "/staff/__STAFF__/exposures/__EXPOSURE__", expect: onlyFor("supporter") },
  "routes/staff.$staffId_.contacts.$contactId": { path: "/staff/__STAFF__/contacts/__CONTACT__", expect: onlyFor("supporter") },
  "routes/staff.$staffId_.contacts.new": { path: "/staff/__STAFF__/contacts/new", expect: onlyFor("supporter") },
  "routes/staff.$staffId_.handover": { path: "/staff/__STAFF__/handover", expect: onlyFor("supporter") },
  "routes/staff.$staffId_.close": { path: "/staff/__STAFF__/close", expect: onlyFor("supporter") },
  "routes/dashboard": { path: "/dashboard", expect: onlyFor("manager") },
  "routes/dashboard[.]csv": { path: "/dashboard.csv", expect: onlyFor("manager") },
  "routes/research": { path: "/research", expect: onlyFor("researcher") },
  "routes/research_.export[.]csv": { path: "/research/export.csv?from=2026-01&to=2026-02", expect: onlyFor("researcher") },
  "routes/research_.data-dictionary[.]md": { path: "/research/data-dictionary.md", expect: onlyFor("researcher") },
  "routes/initiatives._index": { path: "/initiatives", expect: { anonymous: 302, admin: 200, supporter: 403, manager: 200, researcher: 200 } },
  "routes/initiatives.new": { path: "/initiatives/new", expect: { anonymous: 302, admin: 200, supporter: 403, manager: 200, researcher: 403 } },
  "routes/initiatives.$initiativeId_.edit": {
    path: "/initiatives/demo-initiative-street-triage/edit",
    expect: { anonymous: 302, admin: 200, supporter: 403, manager: 200, researcher: 403 },
  },
  "routes/initiatives.$initiativeId": {
    path: "/initiatives/demo-initiative-street-triage",
    expect: { anonymous: 302, admin: 403, supporter: 403, manager: 200, researcher: 200 },
  },
  "routes/admin._index": { path: "/admin", expect: onlyFor("admin") },
  "routes/admin.users._index": { path: "/admin/users", expect: onlyFor("admin") },
  "routes/admin.users.$userId": { path: "/admin/users/demo-user-supporter", expect: onlyFor("admin") },
  "routes/admin.pulses._index": { path: "/admin/pulses", expect: onlyFor("admin") },
  "routes/admin.import._index": { path: "/admin/import", expect: onlyFor("admin") },
  "routes/admin.import.template[.]csv": { path: "/admin/import/template.csv", expect: onlyFor("admin") },
  // An upload that does not exist: a 404 for the admin, refused for everyone else.
  "routes/admin.import.$uploadId": { path: "/admin/import/no-such-upload", expect: { ...onlyFor("admin"), admin: 404 } },
  "routes/admin.pulses.$pulseId": { path: "/admin/pulses/__PULSE__", expect: onlyFor("admin") },
  "routes/admin.pulses.$pulseId_.slips": { path: "/admin/pulses/__PULSE__/slips", expect: onlyFor("admin") },
  // The check-in page is public: staff answer without signing in, each with the code on their slip.
  "routes/pulse._index": { path: "/pulse", expect: all(200) },
  "routes/admin.audit": { path: "/admin/audit", expect: onlyFor("admin") },
  "routes/admin.teams._index": { path: "/admin/teams", expect: onlyFor("admin") },
  "routes/admin.teams.$teamId": { path: "/admin/teams/demo-team-response-north", expect: onlyFor("admin") },
  "routes/admin.services._index": { path: "/admin/services", expect: onlyFor("admin") },
  "routes/admin.services.$serviceId": { path: "/admin/services/demo-service-police", expect: onlyFor("admin") },
  "routes/admin.headcounts._index": { path: "/admin/headcounts", expect: onlyFor("admin") },
  "routes/admin.headcounts.list": { path: "/admin/headcounts/list", expect: onlyFor("admin") },
  "routes/admin.settings": { path: "/admin/settings", expect: onlyFor("admin") },
  "routes/admin.privacy": { path: "/admin/privacy", expect: onlyFor("admin") },
  "routes/privacy": { path: "/privacy", expect: all(200) },
  "routes/admin.staff._index": { path: "/admin/staff", expect: onlyFor("admin") },
  "routes/admin.staff.$staffId": { path: "/admin/staff/__STAFF__", expect: onlyFor("admin") },
  // Only after a supporter of the case confirmed a subject access request (tested in subject-rights).
  "routes/admin.staff.$staffId_.access": { path: "/admin/staff/__STAFF__/access", expect: { ...onlyFor("admin"), admin: 403 } },
  "routes/admin.staff.$staffId_.access[.]json": { path: "/admin/staff/__STAFF__/access.json", expect: { ...onlyFor("admin"), admin: 403 } },
  "routes/$": { path: "/no-such-page", expect: all(404) },
};

let demo: DemoWithServer;
let server: RunningServer;
let sampleStaffId = "";
let samplePulseId = "";
let sampleExposureId = "";
let sampleContactId = "";
const sessions = {} as Record<Who, HttpSession>;

beforeAll(async () => {
  demo = await demoWithServer("route-matrix");
  server = demo.server;
  const { sql } = demo;
  sampleStaffId = await sql.value<string>(
    `SELECT s.id FROM StaffMember s WHERE s.createdById = 'demo-user-supporter'
       AND EXISTS (SELECT 1 FROM Exposure e WHERE e.staffMemberId = s.id) AND EXISTS (SELECT 1 FROM SupportContact c WHERE c.staffMemberId = s.id)
     ORDER BY s.id LIMIT 1`,
  );
  samplePulseId = await sql.value<string>("SELECT id FROM Pulse ORDER BY createdAt DESC, id LIMIT 1");
  sampleExposureId = String(await sql.value("SELECT id FROM Exposure WHERE staffMemberId = ? ORDER BY id LIMIT 1", sampleStaffId));
  sampleContactId = String(await sql.value("SELECT id FROM SupportContact WHERE staffMemberId = ? ORDER BY id LIMIT 1", sampleStaffId));
  sessions.anonymous = new HttpSession(server.url);
  for (const [who, email] of Object.entries(LOGIN)) {
    const session = new HttpSession(server.url);
    await session.signIn(email);
    sessions[who as Who] = session;
  }
});
afterAll(async () => {
  await demo?.stop();
});

test("every route of the built app has a line in the matrix, and every line a route", async () => {
  const build = (await import(pathToFileURL(path.join(projectRoot, "build/server/index.js")).href)) as ServerBuild;
  const routeIds = Object.keys(build.routes).filter((id) => id !== "root").sort();
  expect(routeIds).toEqual(Object.keys(MATRIX).sort());
});

describe.each(Object.entries(MATRIX))("%s", (_id, { path: routePath, expect: expected }) => {
  test.each(WHO)(`GET ${routePath} as %s`, async (who) => {
    const response = await sessions[who].get(routePath.replace("__STAFF__", sampleStaffId).replace("__PULSE__", samplePulseId).replace("__EXPOSURE__", sampleExposureId).replace("__CONTACT__", sampleContactId));
    expect(response.status).toBe(expected[who]);
    if (expected[who] === 302 && who === "anonymous" && !["/logout", "/login/two-factor"].includes(routePath)) {
      expect(response.headers.get("location")).toMatch(/^\/login/);
    }
  });
});

describe("actions are guarded too, not only pages", () => {
  test.each(["supporter", "manager", "researcher"] as const)("a %s cannot invite users or change access", async (who) => {
    const invite = await sessions[who].post("/admin/users", { email: "new@example.org", displayName: "New", roles: "admin" });
    expect(invite.status).toBe(403);
    const access = await sessions[who].post("/admin/users/demo-user-supporter", { intent: "disable" });
    expect(access.status).toBe(403);
  });

  test("anonymous visitors are sent to sign in", async () => {
    const response = await sessions.anonymous.post("/admin/users", { email: "new@example.org", roles: "admin" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login/);
  });

  test("refusals are written to the audit log, with where they came from", async () => {
    const admin = sessions.admin;
    const log = await (await admin.get("/admin/audit?action=permission_denied")).text();
    expect(log).toContain("permission_denied");
    expect(log).toContain("manager@demo.test");
    expect(log).toMatch(/<td class="govuk-table__cell" data-label="From">(::ffff:)?127\.0\.0\.1<\/td>/);
  });

  test("a client cannot choose the address the audit log records", async () => {
    await fetch(`${server.url}/dashboard`, {
      headers: { Cookie: sessions.manager.cookieHeader(), "X-Debrief-Client-Ip": "6.6.6.6" },
      redirect: "manual",
    });
    const log = await (await sessions.admin.get("/admin/audit?action=view&actor=manager")).text();
    expect(log).toContain("dashboard");
    expect(log).not.toContain("6.6.6.6");
  });
});
