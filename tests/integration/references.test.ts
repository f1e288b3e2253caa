import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession, pageText } from "../support/http";
import type { TestSql } from "../support/sql";

/**
 * Every form that takes the id of a record (a team, service, initiative, exposure, support contact,
 * follow-up, user, request, import) is sent, by a signed-in user of the demo organisation, the id
 * of a record of another organisation, and an id that exists nowhere. Each must be refused with
 * 400 or 404, never saved and never a server error, and the answer must be the same whether the
 * id exists elsewhere or not (so ids cannot be probed).
 */

let demo: DemoWithServer;
let sql: TestSql;
const sessions: Record<"supporter" | "admin" | "manager", HttpSession> = {} as never;
const own = { staff: "", exposure: "", contact: "", followUp: "", accessRequest: "", uploadPath: "" };
const other = { exposure: "", contact: "", followUp: "" };
const OTHER_NAME = "Orchard Vale";
const month = new Date().toISOString().slice(0, 7);

const at = "2026-11-02T10:00:00.000+00:00";
// Each post on a connection of its own: the fingerprints between posts take longer than the
// server keeps an idle connection open, and a reused one it has just closed fails the fetch.
const CLOSE = { Connection: "close" };

/** Another organisation with one of everything a form could point at. */
async function addOtherOrganisation() {
  await sql.run(`INSERT INTO Organisation (id, name, isDemo, updatedAt) VALUES ('other-org', '${OTHER_NAME} Partnership', FALSE, ?)`, at);
  await sql.run(`INSERT INTO Service (id, organisationId, name, kind) VALUES ('other-service', 'other-org', '${OTHER_NAME} Police', 'police')`);
  await sql.run(`INSERT INTO Team (id, organisationId, serviceId, name, createdAt, updatedAt) VALUES ('other-team', 'other-org', 'other-service', '${OTHER_NAME} Response', ?, ?)`, at, at);
  await sql.run("INSERT INTO TeamHeadcount (teamId, periodMonth, headcount) VALUES ('other-team', ?, 40)", month);
  await sql.run(`INSERT INTO Initiative (id, organisationId, name, startDate, createdAt, updatedAt) VALUES ('other-initiative', 'other-org', '${OTHER_NAME} Triage', ?, ?, ?)`, at, at, at);
  await sql.run("INSERT INTO User (id, organisationId, email, displayName, createdAt, updatedAt) VALUES ('other-user', 'other-org', 'someone@orchard.test', 'Someone', ?, ?)", at, at);
  await sql.run("INSERT INTO StaffMember (id, organisationId, reference, teamId, createdById, createdAt, updatedAt) VALUES ('other-staff', 'other-org', 'OV-1', 'other-team', 'other-user', ?, ?)", at, at);
  other.exposure = String(
    await sql.insert(
      `INSERT INTO Exposure (organisationId, staffMemberId, teamId, occurredAt, occurredMonth, occurredWeek, incidentType, involvement, createdAt, updatedAt)
       VALUES ('other-org', 'other-staff', 'other-team', ?, '2026-11', '2026-W45', 'distressing_call', 'remote', ?, ?)`,
      at,
      at,
      at,
    ),
  );
  other.followUp = String(
    await sql.insert("INSERT INTO FollowUp (organisationId, staffMemberId, exposureId, label, dueAt) VALUES ('other-org', 'other-staff', ?, 'Review', ?)", Number(other.exposure), at),
  );
  other.contact = String(
    await sql.insert(
      `INSERT INTO SupportContact (organisationId, staffMemberId, contactType, contactedAt, contactedMonth, contactedWeek, outcome, createdAt, updatedAt)
       VALUES ('other-org', 'other-staff', 'debrief', ?, '2026-11', '2026-W45', 'no_further_action', ?, ?)`,
      at,
      at,
      at,
    ),
  );
  await sql.run("INSERT INTO SubjectAccessRequest (id, organisationId, staffMemberId) VALUES ('other-request', 'other-org', 'other-staff')");
  await sql.run("INSERT INTO ImportBatch (id, organisationId, fileName, fileHash, rowsImported, rowsSkipped) VALUES ('other-batch', 'other-org', 'old.csv', 'x', 0, 0)");
}

// The tables a form writes to (not the audit log, sessions or the figures published in the background).
const WRITTEN = [
  "Service", "Team", "TeamHeadcount", "User", "UserRole", "ManagerRemit", "Invitation", "StaffMember", "CaseAssignment", "Exposure",
  "ExposurePartnerAgency", "ExposureBarrier", "SupportContact", "SupportContactExposure", "SupportContactRiskIndicator", "Referral",
  "FollowUp", "Initiative", "InitiativeTeam", "InitiativePartnerAgency", "Pulse", "PulseCode", "RecordRevision", "ImportBatch", "SubjectAccessRequest",
];

async function fingerprint() {
  const digests: Record<string, string> = {};
  for (const table of WRITTEN) {
    const hash = createHash("sha256");
    for (const row of await sql.all(`SELECT * FROM "${table}" ORDER BY 1`)) hash.update(JSON.stringify(Object.values(row)));
    digests[table] = hash.digest("hex").slice(0, 16);
  }
  return digests;
}

const date = (prefix: string) => ({ [`${prefix}.day`]: "10", [`${prefix}.month`]: "11", [`${prefix}.year`]: "2026" });
const exposure = () => ({ idempotencyKey: randomUUID(), ...date("occurred"), incidentType: "distressing_call", involvement: "remote", informationReached: "3", initialDistress: "5" });
const contact = () => ({ idempotencyKey: randomUUID(), contactType: "debrief", ...date("contacted"), format: "individual", distress: "4", outcome: "no_further_action" });
const initiative = (teams: string) => ({ name: "A new scheme", partnerAgencies: ["mental_health"], ...date("start"), teams, outcomeMeasures: ["distress_first_contact"] });

type Fields = Record<string, string | string[]>;
type Case = {
  form: string;
  field: string;
  who: keyof typeof sessions;
  /** the form's address; `id` is used when the address itself is the reference under test */
  path: (id: string) => string;
  /** the form as it would be sent, with the reference under test set to `id` */
  post: (id: string) => Fields;
  /** the id of the other organisation's record of the kind */
  foreign: () => string;
};

const CASES: Case[] = [
  { form: "add a staff member", field: "teamId", who: "supporter", path: () => "/staff/new", post: (id) => ({ reference: "REF-XORG", teamId: id }), foreign: () => "other-team" },
  { form: "log an exposure", field: "initiativeId", who: "supporter", path: () => `/staff/${own.staff}/exposures/new`, post: (id) => ({ ...exposure(), initiativeId: id }), foreign: () => "other-initiative" },
  {
    form: "change an exposure",
    field: "initiativeId",
    who: "supporter",
    path: () => `/staff/${own.staff}/exposures/${own.exposure}`,
    post: (id) => ({ ...exposure(), intent: "save", initiativeId: id }),
    foreign: () => "other-initiative",
  },
  { form: "log a support contact", field: "exposureIds", who: "supporter", path: () => `/staff/${own.staff}/contacts/new`, post: (id) => ({ ...contact(), exposureIds: id }), foreign: () => other.exposure },
  { form: "log a support contact", field: "followUpId", who: "supporter", path: () => `/staff/${own.staff}/contacts/new`, post: (id) => ({ ...contact(), followUpId: id }), foreign: () => other.followUp },
  {
    form: "change a support contact",
    field: "exposureIds",
    who: "supporter",
    path: () => `/staff/${own.staff}/contacts/${own.contact}`,
    post: (id) => ({ ...contact(), intent: "save", exposureIds: id }),
    foreign: () => other.exposure,
  },
  { form: "close a follow-up", field: "followUpId", who: "supporter", path: () => `/staff/${own.staff}`, post: (id) => ({ intent: "close", followUpId: id, reason: "declined" }), foreign: () => other.followUp },
  {
    form: "move a follow-up",
    field: "followUpId",
    who: "supporter",
    path: () => `/staff/${own.staff}`,
    post: (id) => ({ intent: "reschedule", followUpId: id, day: "1", month: "1", year: "2030", hour: "09", minute: "30", confirmed: "yes" }),
    foreign: () => other.followUp,
  },
  { form: "confirm a request for a copy", field: "requestId", who: "supporter", path: () => `/staff/${own.staff}`, post: (id) => ({ intent: "confirm-access-request", requestId: id }), foreign: () => "other-request" },
  // The pages of another organisation's records themselves are not this organisation's.
  { form: "change a support contact (its address)", field: "contactId", who: "supporter", path: (id) => `/staff/${own.staff}/contacts/${id}`, post: () => ({ ...contact(), intent: "save" }), foreign: () => other.contact },
  { form: "add a team", field: "serviceId", who: "admin", path: () => "/admin/teams", post: (id) => ({ name: "Cross Team", serviceId: id }), foreign: () => "other-service" },
  { form: "add a team to a service", field: "serviceId (address)", who: "admin", path: (id) => `/admin/services/${id}`, post: () => ({ intent: "team", name: "Cross Team" }), foreign: () => "other-service" },
  { form: "move a team", field: "serviceId", who: "admin", path: () => "/admin/teams/demo-team-response-north", post: (id) => ({ intent: "move", serviceId: id }), foreign: () => "other-service" },
  { form: "merge a team", field: "targetId", who: "admin", path: () => "/admin/teams/demo-team-response-north", post: (id) => ({ intent: "merge", targetId: id }), foreign: () => "other-team" },
  { form: "rename a team (its address)", field: "teamId", who: "admin", path: (id) => `/admin/teams/${id}`, post: () => ({ intent: "rename", name: "Taken Over" }), foreign: () => "other-team" },
  {
    form: "invite a user",
    field: "remit",
    who: "admin",
    path: () => "/admin/users",
    post: (id) => ({ email: "cross-org-manager@demo.test", displayName: "Cross", roles: ["manager"], remit: ["demo-team-response-north", id] }),
    foreign: () => "other-team",
  },
  { form: "change a user's access", field: "remit", who: "admin", path: () => "/admin/users/demo-user-supporter-2", post: (id) => ({ roles: ["supporter", "manager"], remit: [id] }), foreign: () => "other-team" },
  { form: "change a user's access (its address)", field: "userId", who: "admin", path: (id) => `/admin/users/${id}`, post: () => ({ roles: ["admin"] }), foreign: () => "other-user" },
  { form: "open a check-in", field: "team", who: "admin", path: () => "/admin/pulses", post: (id) => ({ team: id, days: "14" }), foreign: () => "other-team" },
  { form: "enter headcounts", field: "headcount:<team>:<month>", who: "admin", path: () => "/admin/headcounts", post: (id) => ({ from: month, to: month, [`headcount:${id}:${month}`]: "99" }), foreign: () => "other-team" },
  { form: "undo an import", field: "batchId", who: "admin", path: () => "/admin/import", post: (id) => ({ batchId: id }), foreign: () => "other-batch" },
  { form: "map an import", field: "team:<name>", who: "admin", path: () => own.uploadPath, post: (id) => ({ "team:Cross Team North": id, validOnly: "yes" }), foreign: () => "other-team" },
  { form: "map an import", field: "team:<name> (new team in a service)", who: "admin", path: () => own.uploadPath, post: (id) => ({ "team:Cross Team North": `new:${id}`, validOnly: "yes" }), foreign: () => "other-service" },
  {
    form: "map an import",
    field: "initiative:<name>",
    who: "admin",
    path: () => own.uploadPath,
    post: (id) => ({ "team:Cross Team North": "demo-team-response-north", "initiative:Cross Scheme": id, validOnly: "yes" }),
    foreign: () => "other-initiative",
  },
  { form: "add an initiative", field: "teams", who: "admin", path: () => "/initiatives/new", post: (id) => initiative(id), foreign: () => "other-team" },
  { form: "add an initiative", field: "teams", who: "manager", path: () => "/initiatives/new", post: (id) => initiative(id), foreign: () => "other-team" },
  { form: "change an initiative", field: "teams", who: "manager", path: () => "/initiatives/demo-initiative-street-triage/edit", post: (id) => initiative(id), foreign: () => "other-team" },
  { form: "change an initiative (its address)", field: "initiativeId", who: "admin", path: (id) => `/initiatives/${id}/edit`, post: () => initiative("demo-team-response-north"), foreign: () => "other-initiative" },
  { form: "make a check-in's slips (its address)", field: "pulseId", who: "admin", path: (id) => `/admin/pulses/${id}/slips`, post: () => ({}), foreign: () => "other-pulse" },
  { form: "erase a staff member (its address)", field: "staffId", who: "admin", path: (id) => `/admin/staff/${id}`, post: () => ({ intent: "erase", confirmReference: "OV-1" }), foreign: () => "other-staff" },
];

beforeAll(async () => {
  demo = await demoWithServer("references");
  sql = demo.sql;
  await addOtherOrganisation();
  await sql.run("INSERT INTO Pulse (id, organisationId, teamId, codesIssued, closesAt) VALUES ('other-pulse', 'other-org', 'other-team', 40, ?)", "2030-01-01T00:00:00.000+00:00");
  for (const [who, email] of [
    ["supporter", "supporter@demo.test"],
    ["admin", "admin@demo.test"],
    ["manager", "manager@demo.test"],
  ] as const) {
    sessions[who] = new HttpSession(demo.server.url);
    await sessions[who].signIn(email);
  }
  const supporter = sessions.supporter;
  own.staff = (await supporter.post("/staff/new", { reference: "REF-OWN", teamId: "demo-team-response-north" })).headers.get("location")!.split("/").pop()!;
  await supporter.post(`/staff/${own.staff}/exposures/new`, exposure());
  own.exposure = String(await sql.value("SELECT id FROM Exposure WHERE staffMemberId = ?", own.staff));
  own.followUp = String(await sql.value("SELECT id FROM FollowUp WHERE staffMemberId = ? ORDER BY dueAt LIMIT 1", own.staff));
  await supporter.post(`/staff/${own.staff}/contacts/new`, { ...contact(), exposureIds: own.exposure });
  own.contact = String(await sql.value("SELECT id FROM SupportContact WHERE staffMemberId = ?", own.staff));
  // A request for a copy of the case's records, waiting for the supporter to confirm it.
  expect((await sessions.admin.post(`/admin/staff/${own.staff}`, { intent: "request-access" })).status).toBe(302);
  // A file to import whose team and initiative names Debrief does not know, to be mapped.
  const csv = [
    "Staff reference,Team,Exposure date,Incident type,Involvement,Initiative,Initial distress",
    "IMP-X1,Cross Team North,02/11/2026,distressing_call,remote,Cross Scheme,4",
  ].join("\n");
  own.uploadPath = (await sessions.admin.upload("/admin/import", "file", "cross.csv", csv)).headers.get("location")!;
  expect(own.uploadPath).toMatch(/^\/admin\/import\/.+/);
}, 60_000);
afterAll(async () => {
  await demo?.stop();
});

describe("another organisation's ids, and made-up ids, are refused by every form that takes one", () => {
  test.each(CASES.map((c) => [`${c.who}: ${c.form}, ${c.field}`, c] as const))("%s", async (_name, c) => {
    const before = await fingerprint();
    const session = sessions[c.who];
    const foreign = await session.post(c.path(c.foreign()), c.post(c.foreign()), CLOSE);
    const foreignText = pageText(await foreign.text());
    // A made-up id in the same place: a number where ids are numbers.
    const madeUp = /^\d+$/.test(c.foreign()) ? "999999" : "no-such-0000";
    const unknown = await session.post(c.path(madeUp), c.post(madeUp), CLOSE);
    const unknownText = pageText(await unknown.text());
    expect([400, 404], `another organisation's id answered ${foreign.status}: ${foreignText.slice(0, 200)}`).toContain(foreign.status);
    expect([400, 404], `a made-up id answered ${unknown.status}: ${unknownText.slice(0, 200)}`).toContain(unknown.status);
    // The same answer either way: whether the id exists elsewhere cannot be told.
    expect(foreign.status).toBe(unknown.status);
    expect(foreignText).not.toContain(OTHER_NAME);
    expect(await fingerprint()).toEqual(before);
  });
});

test("the case page never shows another organisation's initiative", async () => {
  await sessions.supporter.post(`/staff/${own.staff}/exposures/${own.exposure}`, { ...exposure(), intent: "save", initiativeId: "other-initiative" }, CLOSE);
  const casePage = pageText(await (await sessions.supporter.get(`/staff/${own.staff}`)).text());
  expect(casePage).toContain("REF-OWN");
  expect(casePage).not.toContain(`${OTHER_NAME} Triage`);
  expect(await sql.value("SELECT COUNT(*) FROM Exposure WHERE initiativeId = 'other-initiative' AND organisationId = 'demo-organisation'")).toBe(0);
});
