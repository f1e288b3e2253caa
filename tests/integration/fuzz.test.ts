import { createHash, randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession, pageText } from "../support/http";
import type { RunningServer } from "../support/server";
import type { TestSql } from "../support/sql";
import { authenticatorCode } from "../support/totp";

/**
 * Every form action with answers to give gets 200 malformed posts (sign out, making a check-in's
 * slips, withdrawing a check-in and asking for a subject access copy are single buttons with
 * nothing to answer): each breaks at least one required answer (missing,
 * blank, far too long, sent twice, or a hostile value: SQL, HTML, template and path injection,
 * control and right-to-left characters, emoji, numbers out of range), with hostile values in other
 * fields too, sent as a form, as multipart, or as JSON or plain text. The server must answer 4xx
 * every time, write no row, and show the problems on the form.
 */
const RUNS = 200;
// The same inputs on every run, so CI is repeatable; FUZZ_SEED=<number> (or "random") explores others.
const SEED = process.env.FUZZ_SEED === "random" ? Date.now() : Number(process.env.FUZZ_SEED ?? 20261123);

const HOSTILE = [
  "' OR 1=1 --",
  "'; DROP TABLE \"Exposure\"; --",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "${7*7}{{7*7}}",
  "../../etc/passwd",
  "\u0000\u0007",
  "\u202Etxet desrever",
  "𝕯𝖊𝖇𝖗𝖎𝖊𝖋 💥",
  "x".repeat(5000),
  "-1",
  "99999999999999999999",
  "1e309",
  "[object Object]",
  '{"$gt":""}',
  "",
  "   ",
];

type Kind = "choice" | "text" | "reference";
type FormAction = {
  name: string;
  who: "supporter" | "manager" | "admin" | "anonymous" | "pulse" | "enrolling" | "verifying";
  path: () => string;
  base: () => Record<string, string | string[]>;
  /** the answers that must be right for the form to be accepted, and what kind of answer each is */
  required: Record<string, Kind>;
  /** whether a refused post shows the GOV.UK error summary */
  summary: boolean;
};

// A hostile value that is certainly wrong for this kind of answer.
function wrongValuesFor(kind: Kind) {
  if (kind === "text") return ["", "   ", "x".repeat(5000)];
  if (kind === "reference") return HOSTILE.filter((v) => !/^[A-Za-z0-9][A-Za-z0-9 -]{0,19}$/.test(v.trim()));
  return HOSTILE;
}

type Malformed = { fields: [string, string][]; encoding: "form" | "multipart" | "json" | "text" };

function malformed(action: FormAction): fc.Arbitrary<Malformed> {
  const requiredKeys = Object.keys(action.required);
  const breaker = fc.oneof(
    fc.record({ how: fc.constant("missing" as const), key: fc.constantFrom(...requiredKeys) }),
    fc.record({ how: fc.constant("wrong" as const), key: fc.constantFrom(...requiredKeys), pick: fc.nat() }),
    fc.record({ how: fc.constant("twice" as const), key: fc.constantFrom(...requiredKeys), value: fc.constantFrom(...HOSTILE.filter(Boolean)) }),
  );
  const noise = fc.array(fc.record({ key: fc.string({ maxLength: 12 }), value: fc.constantFrom(...HOSTILE) }), { maxLength: 3 });
  const encoding = fc.constantFrom("form", "form", "form", "form", "multipart", "json", "text") as fc.Arbitrary<Malformed["encoding"]>;
  return fc.tuple(fc.array(breaker, { minLength: 1, maxLength: 3 }), noise, encoding).map(([breakers, extra, enc]) => {
    const fields = new Map<string, string[]>(Object.entries(action.base()).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]));
    for (const b of breakers) {
      if (b.how === "missing") fields.delete(b.key);
      if (b.how === "wrong") {
        const wrong = wrongValuesFor(action.required[b.key]!);
        fields.set(b.key, [wrong[b.pick % wrong.length]!]);
      }
      if (b.how === "twice") fields.set(b.key, [...(fields.get(b.key) ?? ["a"]), b.value]);
    }
    // Unknown fields with hostile values are ignored, never stored.
    for (const { key, value } of extra) if (!fields.has(key)) fields.set(key, [value]);
    return { fields: [...fields].flatMap(([k, vs]) => vs.map((v) => [k, v] as [string, string])), encoding: enc };
  });
}

let demo: DemoWithServer;
let sql: TestSql;
let server: RunningServer;
const sessions: Partial<Record<FormAction["who"], HttpSession>> = {};
const ids = { staff: "", exposure: "", contact: "", followUp: "", pulseCode: "", invitePath: "" };

async function tableCounts() {
  // ReminderSent is written by the server's own hourly reminder run, whenever it falls.
  const tables = (await sql.tables()).filter((t) => !["AuditEvent", "AuthFailure", "Session", "ReminderSent"].includes(t));
  expect(tables.length).toBeGreaterThan(20);
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = await sql.value<number>(`SELECT COUNT(*) FROM "${table}"`);
  return counts;
}

async function fingerprint() {
  // Changes to existing rows count too: a hash of every row of the tables forms change, per table.
  // (The organisation's settings, not when the server's daily retention run last happened.)
  const tables: Record<string, string> = {
    Organisation: "id, name, anonymityThreshold, mfaRequired, retentionMonths, timeZone, crisisRoutesText",
    ...Object.fromEntries(["Exposure", "SupportContact", "StaffMember", "Team", "ProcessingRecord", "FollowUp", "User", "Pulse", "PulseCode", "PulseResponse"].map((t) => [t, "*"])),
  };
  const digests: Record<string, string> = {};
  for (const [table, columns] of Object.entries(tables)) {
    const hash = createHash("sha256");
    // Every table listed has its key in its first column.
    for (const row of await sql.all(`SELECT ${columns} FROM "${table}" ORDER BY 1`)) hash.update(JSON.stringify(Object.values(row)));
    digests[table] = hash.digest("hex").slice(0, 16);
  }
  return digests;
}

async function send(session: HttpSession, path: string, { fields, encoding }: Malformed) {
  const headers: Record<string, string> = { Origin: session.baseUrl, Cookie: session.cookieHeader() };
  let body: BodyInit;
  if (encoding === "form") {
    body = new URLSearchParams(fields);
    headers["Content-Type"] = "application/x-www-form-urlencoded";
  } else if (encoding === "multipart") {
    const form = new FormData();
    for (const [k, v] of fields) form.append(k, v);
    body = form;
  } else if (encoding === "json") {
    body = JSON.stringify(Object.fromEntries(fields));
    headers["Content-Type"] = "application/json";
  } else {
    body = fields.map(([k, v]) => `${k}=${v}`).join("\n");
    headers["Content-Type"] = "text/plain";
  }
  return fetch(`${session.baseUrl}${path}`, { method: "POST", headers, body, redirect: "manual" });
}

const date = (prefix: string) => ({ [`${prefix}.day`]: "10", [`${prefix}.month`]: "11", [`${prefix}.year`]: "2026" });
const exposureBase = () => ({
  idempotencyKey: randomUUID(),
  ...date("occurred"),
  incidentType: "distressing_call",
  involvement: "remote",
  informationReached: "3",
  initialDistress: "5",
  notes: "",
});
const exposureRequired: Record<string, Kind> = {
  idempotencyKey: "choice",
  incidentType: "choice",
  involvement: "choice",
  informationReached: "choice",
  initialDistress: "choice",
  "occurred.day": "choice",
  "occurred.month": "choice",
  "occurred.year": "choice",
};
const contactBase = () => ({
  idempotencyKey: randomUUID(),
  contactType: "debrief",
  ...date("contacted"),
  format: "individual",
  distress: "4",
  outcome: "no_further_action",
});
const contactRequired: Record<string, Kind> = {
  idempotencyKey: "choice",
  contactType: "choice",
  format: "choice",
  distress: "choice",
  outcome: "choice",
  "contacted.day": "choice",
  "contacted.month": "choice",
  "contacted.year": "choice",
};
const privacyBase = () =>
  Object.fromEntries(["controller", "contact", "purposes", "lawfulBasis", "specialCategoryBasis", "dataHeld", "recipients", "safeguards"].map((k) => [k, `The ${k}`]));

const ACTIONS: FormAction[] = [
  { name: "add a staff member", who: "supporter", path: () => "/staff/new", base: () => ({ reference: "FZ-0001", teamId: "demo-team-response-north" }), required: { reference: "reference", teamId: "choice" }, summary: true },
  { name: "log an exposure", who: "supporter", path: () => `/staff/${ids.staff}/exposures/new`, base: exposureBase, required: exposureRequired, summary: true },
  { name: "change an exposure", who: "supporter", path: () => `/staff/${ids.staff}/exposures/${ids.exposure}`, base: () => ({ ...exposureBase(), intent: "save" }), required: exposureRequired, summary: true },
  { name: "delete an exposure", who: "supporter", path: () => `/staff/${ids.staff}/exposures/${ids.exposure}`, base: () => ({ intent: "delete", reason: "duplicate" }), required: { reason: "choice" }, summary: true },
  { name: "delete a support contact", who: "supporter", path: () => `/staff/${ids.staff}/contacts/${ids.contact}`, base: () => ({ intent: "delete", reason: "duplicate" }), required: { reason: "choice" }, summary: true },
  {
    name: "close a follow-up",
    who: "supporter",
    path: () => `/staff/${ids.staff}`,
    base: () => ({ intent: "close", followUpId: ids.followUp, reason: "declined", confirmed: "yes" }),
    required: { followUpId: "choice", reason: "choice" },
    summary: true,
  },
  { name: "log a support contact", who: "supporter", path: () => `/staff/${ids.staff}/contacts/new`, base: contactBase, required: contactRequired, summary: true },
  { name: "change a support contact", who: "supporter", path: () => `/staff/${ids.staff}/contacts/${ids.contact}`, base: () => ({ ...contactBase(), intent: "save" }), required: contactRequired, summary: true },
  {
    name: "move a follow-up",
    who: "supporter",
    path: () => `/staff/${ids.staff}`,
    base: () => ({ intent: "reschedule", followUpId: ids.followUp, day: "1", month: "1", year: "2030", hour: "09", minute: "30", confirmed: "yes" }),
    required: { intent: "choice", followUpId: "choice", day: "choice", month: "choice", year: "choice" },
    summary: false,
  },
  { name: "add a team", who: "admin", path: () => "/admin/teams", base: () => ({ name: "Fuzz Team", serviceId: "demo-service-ambulance" }), required: { name: "text", serviceId: "choice" }, summary: true },
  { name: "rename a team", who: "admin", path: () => "/admin/teams/demo-team-response-north", base: () => ({ intent: "rename", name: "Renamed" }), required: { name: "text" }, summary: true },
  {
    name: "invite a user",
    who: "admin",
    path: () => "/admin/users",
    base: () => ({ email: "fuzz@demo.test", displayName: "Fuzz", roles: ["supporter"] }),
    required: { email: "choice", roles: "choice" },
    summary: true,
  },
  { name: "open a check-in", who: "admin", path: () => "/admin/pulses", base: () => ({ team: "demo-team-response-south", days: "14" }), required: { team: "choice" }, summary: true },
  { name: "keep the record of processing", who: "admin", path: () => "/admin/privacy", base: privacyBase, required: { controller: "text", contact: "text", lawfulBasis: "text", safeguards: "text" }, summary: true },
  { name: "erase a staff member", who: "admin", path: () => `/admin/staff/${ids.staff}`, base: () => ({ intent: "erase", confirmReference: "FZ-CASE" }), required: { confirmReference: "reference" }, summary: true },
  {
    name: "answer a check-in",
    who: "pulse",
    path: () => "/pulse",
    base: () => ({ intent: "answer", code: ids.pulseCode, who5Item1: "3", who5Item2: "3", who5Item3: "3", who5Item4: "3", who5Item5: "3", informationSharing: "4" }),
    required: { code: "choice", who5Item1: "choice", who5Item3: "choice", who5Item5: "choice", informationSharing: "choice" },
    summary: true,
  },
  {
    name: "add an initiative",
    who: "manager",
    path: () => "/initiatives/new",
    base: () => ({
      name: "Fuzz pilot",
      description: "",
      partnerAgencies: ["mental_health"],
      ...date("start"),
      teams: ["demo-team-response-south"],
      outcomeMeasures: ["distress_first_contact"],
    }),
    required: { name: "text", partnerAgencies: "choice", teams: "choice", outcomeMeasures: "choice", "start.day": "choice", "start.month": "choice", "start.year": "choice" },
    summary: true,
  },
  {
    name: "change an initiative",
    who: "manager",
    path: () => "/initiatives/demo-initiative-street-triage/edit",
    base: () => ({ name: "Street triage", partnerAgencies: ["mental_health"], ...date("start"), teams: ["demo-team-response-south"], outcomeMeasures: ["distress_first_contact"] }),
    required: { name: "text", teams: "choice", outcomeMeasures: "choice", "start.month": "choice" },
    summary: true,
  },
  {
    name: "change organisation settings",
    who: "admin",
    path: () => "/admin/settings",
    base: () => ({
      anonymityThreshold: "6",
      mfaRequired: "yes",
      retentionMonths: "84",
      publicationDelayDays: "7",
      subjectAccessDays: "7",
      crisisRoutesText: "Call 999 if at immediate risk.",
      "steps[0].label": "72-hour risk assessment",
      "steps[0].offsetHours": "72",
      "steps[0].contactType": "risk_assessment",
    }),
    required: { anonymityThreshold: "choice", mfaRequired: "choice", retentionMonths: "choice", publicationDelayDays: "choice", subjectAccessDays: "choice", crisisRoutesText: "text" },
    summary: true,
  },
  {
    name: "enter a team's headcount",
    who: "admin",
    path: () => "/admin/teams/demo-team-response-north",
    base: () => ({ intent: "headcount", periodMonth: "2026-11", headcount: "31" }),
    required: { periodMonth: "choice", headcount: "choice" },
    summary: true,
  },
  { name: "merge a team", who: "admin", path: () => "/admin/teams/demo-team-response-north", base: () => ({ intent: "merge", targetId: "demo-team-response-south" }), required: { targetId: "choice" }, summary: true },
  { name: "change a user's access", who: "admin", path: () => "/admin/users/demo-user-supporter-2", base: () => ({ roles: ["supporter"] }), required: { roles: "choice" }, summary: true },
  { name: "undo an import", who: "admin", path: () => "/admin/import", base: () => ({ batchId: "no-such-import" }), required: { batchId: "choice" }, summary: false },
  { name: "find a check-in", who: "pulse", path: () => "/pulse", base: () => ({ intent: "code", code: ids.pulseCode }), required: { code: "choice" }, summary: true },
  {
    name: "set a password from an invitation",
    who: "anonymous",
    path: () => ids.invitePath,
    base: () => ({ password: "a long and unusual passphrase 2026", confirmPassword: "a long and unusual passphrase 2026" }),
    required: { password: "text", confirmPassword: "text" },
    summary: true,
  },
  { name: "enter the two-factor code at sign-in", who: "verifying", path: () => "/login/two-factor", base: () => ({ code: "123456" }), required: { code: "choice" }, summary: true },
  { name: "confirm two-factor enrolment", who: "enrolling", path: () => "/account/two-factor", base: () => ({ code: "123456" }), required: { code: "choice" }, summary: true },
  { name: "sign in", who: "anonymous", path: () => "/login", base: () => ({ email: "researcher@demo.test", password: "demo-password-1" }), required: { email: "choice", password: "text" }, summary: true },
];

beforeAll(async () => {
  demo = await demoWithServer("fuzz");
  ({ server, sql } = demo);
  for (const [who, email] of [
    ["supporter", "supporter@demo.test"],
    ["admin", "admin@demo.test"],
    ["manager", "manager@demo.test"],
  ] as const) {
    sessions[who] = new HttpSession(server.url);
    await sessions[who].signIn(email);
  }
  sessions.anonymous = new HttpSession(server.url);
  sessions.pulse = new HttpSession(server.url);
  const supporter = sessions.supporter!;
  ids.staff = (await supporter.post("/staff/new", { reference: "FZ-CASE", teamId: "demo-team-response-north" })).headers.get("location")!.split("/").pop()!;
  await supporter.post(`/staff/${ids.staff}/exposures/new`, exposureBase());
  ids.exposure = String(await sql.value("SELECT id FROM Exposure WHERE staffMemberId = ?", ids.staff));
  ids.followUp = String(await sql.value("SELECT id FROM FollowUp WHERE staffMemberId = ? ORDER BY dueAt LIMIT 1", ids.staff));
  await supporter.post(`/staff/${ids.staff}/contacts/new`, { ...contactBase(), exposureIds: ids.exposure });
  // A check-in and one of its codes, from the slip sheet made for it.
  const opened = await sessions.admin!.post("/admin/pulses", { team: "demo-team-response-north", days: "14" });
  const sheet = await (await sessions.admin!.post(opened.headers.get("location")!, {})).text();
  ids.pulseCode = /class="app-slip__code">([A-Z0-9-]+)</.exec(sheet)![1]!;
  // Two invited people: one whose invitation link is fuzzed, one who set a password and is enrolling in two-factor sign-in.
  const invite = async (email: string) => {
    const page = await (await sessions.admin!.post("/admin/users", { email, displayName: "Fuzz", roles: ["supporter"] })).text();
    return page.match(/\/invite\/[A-Za-z0-9_-]+/)![0];
  };
  ids.invitePath = await invite("fuzz-invite@demo.test");
  sessions.enrolling = new HttpSession(server.url);
  const accepted = await sessions.enrolling.post(await invite("fuzz-enrol@demo.test"), {
    password: "another long passphrase 2026",
    confirmPassword: "another long passphrase 2026",
  });
  expect(accepted.status).toBe(302);
  expect((await sessions.enrolling.get("/account/two-factor")).status).toBe(200);
  // A third, enrolled in two-factor sign-in, who has given their password and is asked for the code.
  const enrolled = new HttpSession(server.url);
  await enrolled.post(await invite("fuzz-mfa@demo.test"), { password: "a third long passphrase 2026", confirmPassword: "a third long passphrase 2026" });
  const secret = /data-testid="totp-secret">([^<]+)</.exec(await (await enrolled.get("/account/two-factor")).text())![1]!.replace(/\s+/g, "");
  expect((await enrolled.post("/account/two-factor", { code: await authenticatorCode(secret) })).status).toBe(200);
  sessions.verifying = new HttpSession(server.url);
  const signedIn = await sessions.verifying.post("/login", { email: "fuzz-mfa@demo.test", password: "a third long passphrase 2026" });
  expect(signedIn.headers.get("location")).toContain("/login/two-factor");
  ids.contact = String(await sql.value("SELECT id FROM SupportContact WHERE staffMemberId = ?", ids.staff));
  expect(Object.values(ids).every((id) => id && id !== "undefined" && id !== "null")).toBe(true);
}, 60_000);
afterAll(async () => {
  await demo?.stop();
});

describe("malformed input to every form", () => {
  test.each(ACTIONS.map((a) => [a.name, a] as const))(`%s: ${RUNS} malformed posts, only 4xx, nothing written, the problems shown`, async (_name, action) => {
    const countsBefore = await tableCounts();
    const before = await fingerprint();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(malformed(action), async (input) => {
        const response = await send(sessions[action.who]!, action.path(), input);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const body = await response.text();
        if (response.status < 400 || response.status >= 500) throw new Error(`answered ${response.status}: ${pageText(body).slice(0, 300)}`);
        if (action.summary && response.status === 400 && input.encoding !== "json" && input.encoding !== "text") {
          expect(pageText(body)).toContain("There is a problem");
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(await tableCounts()).toEqual(countsBefore);
    expect(await fingerprint()).toEqual(before);
    // The JSON and plain-text posts were refused as such.
    expect(statuses.get(415) ?? 0).toBeGreaterThan(0);
  }, 240_000);
});
