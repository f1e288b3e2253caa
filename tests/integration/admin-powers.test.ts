import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession, pageText as text } from "../support/http";
import { startSmtpServer } from "../support/smtp";
import { authenticatorCode } from "../support/totp";

// What an administrator can do to other people's accounts (issue: an administrator took over a
// supporter by re-inviting them). Debrief sends through a real SMTP server on loopback; links point
// at SITE_URL, a name the test's server does not answer to, so the test re-aims them at it.
const SITE_URL = "https://debrief.example.org";

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let demo: DemoWithServer;
let admin: HttpSession;

beforeAll(async () => {
  smtp = await startSmtpServer();
  demo = await demoWithServer("admin-powers", { SMTP_URL: smtp.url, MAIL_FROM: "Debrief <debrief@example.org>", SITE_URL });
  admin = new HttpSession(demo.server.url);
  await admin.signIn("admin@demo.test");
});
afterAll(async () => {
  await demo?.stop();
  await smtp?.stop();
});

const count = (query: string, ...params: unknown[]) => demo.sql.value<number>(query, ...params);
const passwordHash = (userId: string) => demo.sql.value<string>("SELECT hash FROM Password WHERE userId = ?", userId);
/** The path of the one link in a reset e-mail (it must point at SITE_URL). */
const linkIn = (body: string) => {
  const links = body.match(/https?:\/\/\S+/g) ?? [];
  expect(links).toHaveLength(1);
  expect(links[0]!.startsWith(`${SITE_URL}/reset-password/`)).toBe(true);
  return new URL(links[0]!).pathname;
};

/**
 * A form post with a Host header of the sender's choosing (fetch always sends the real one), as
 * curl would send it: Origin agrees with the forged host, so only the server's own settings can tell.
 */
function postWithForgedHost(session: HttpSession, path: string, fields: Record<string, string>, host: string) {
  const target = new URL(path, demo.server.url);
  const body = new URLSearchParams(fields).toString();
  return new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
    const sent = httpRequest(
      target,
      {
        method: "POST",
        headers: { Host: host, Origin: `http://${host}`, Cookie: session.cookieHeader(), "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0, location: response.headers.location }));
      },
    );
    sent.on("error", reject);
    sent.end(body);
  });
}

/** A new account, invited and with its password set (and two-factor set up when asked): a person in use. */
async function accountInUse(email: string, password: string, { twoFactor = false } = {}) {
  const invited = await admin.post("/admin/users", { email, displayName: "Casey Example", roles: "supporter" });
  const invitePath = new URL(/data-testid="invitation-link">([^<]+)</.exec(await invited.text())![1]!).pathname;
  const person = new HttpSession(demo.server.url);
  expect((await person.post(invitePath, { password, confirmPassword: password })).status).toBe(302);
  const id = await demo.sql.value<string>("SELECT id FROM User WHERE email = ?", email);
  if (!twoFactor) return { id, person, secret: null };
  const secret = /data-testid="totp-secret">([^<]+)</.exec(await (await person.get("/account/two-factor")).text())![1]!.replace(/\s+/g, "");
  expect((await person.post("/account/two-factor", { code: await authenticatorCode(secret) })).status).toBe(200);
  return { id, person, secret };
}

describe("the take-over of issue 1", () => {
  test("a new invitation link for an account in use is refused, and nothing about the account changes", async () => {
    const supporter = new HttpSession(demo.server.url);
    await supporter.signIn("supporter@demo.test");
    const hash = await passwordHash("demo-user-supporter");
    const links = await count("SELECT count(*) FROM Invitation WHERE userId = 'demo-user-supporter'");

    const attack = await admin.post("/admin/users/demo-user-supporter", { intent: "reinvite" });
    expect(attack.status).toBe(409);
    const page = await attack.text();
    expect(page).not.toContain("/invite/");
    expect(text(page)).toContain("This account already has a password: send a password reset link instead");
    expect(await count("SELECT count(*) FROM Invitation WHERE userId = 'demo-user-supporter'")).toBe(links);
    expect(await passwordHash("demo-user-supporter")).toBe(hash);
    expect((await supporter.get("/caseload")).status).toBe(200);
    expect(await count("SELECT count(*) FROM AuditEvent WHERE action = 'permission_denied' AND actorUserId = 'demo-user-admin' AND entityId = 'demo-user-supporter'")).toBe(1);
    expect(await count("SELECT count(*) FROM AuditEvent WHERE action = 'user.reinvite' AND entityId = 'demo-user-supporter'")).toBe(0);
  });

  test("the page offers a reset for an account in use, not a new invitation link", async () => {
    const page = text(await (await admin.get("/admin/users/demo-user-supporter")).text());
    expect(page).toContain("Send a password reset link");
    expect(page).not.toContain("Create a new invitation link");
  });
});

describe("a password reset", () => {
  test("goes to the person only, ends their sessions when sent and when used, and names the right actors", async () => {
    const supporter = new HttpSession(demo.server.url);
    await supporter.signIn("supporter@demo.test");
    const mails = smtp.received.length;

    // A forged Host header cannot aim the link at a site of the sender's choosing.
    const sent = await postWithForgedHost(admin, "/admin/users/demo-user-supporter", { intent: "reset" }, "attacker.example");
    expect(sent.status).toBe(302);
    expect(sent.location).toBe("/admin/users/demo-user-supporter?done=reset");
    const page = await (await admin.get(sent.location!)).text();
    expect(text(page)).toContain("A password reset link was sent to supporter@demo.test");
    expect(page).not.toContain("/reset-password/");

    // Signed out at once, everywhere.
    const cutOff = await supporter.get("/caseload");
    expect(cutOff.status).toBe(302);
    expect(cutOff.headers.get("location")).toMatch(/^\/login/);

    const mail = await smtp.nextMail(mails);
    expect(mail.to).toEqual(["supporter@demo.test"]);
    expect(mail.from).toBe("debrief@example.org");
    const resetPath = linkIn(mail.body);
    // A plain sentence and the link: no name, staff reference, role or organisation.
    const references = await demo.sql.all<{ reference: string }>(
      "SELECT s.reference FROM StaffMember s JOIN CaseAssignment a ON a.staffMemberId = s.id WHERE a.supporterId = 'demo-user-supporter'",
    );
    expect(references.length).toBeGreaterThan(0);
    for (const secret of ["Jordan", "Taylor", "Northshire", "supporter", ...references.map((r) => r.reference)]) {
      expect(mail.body).not.toContain(secret);
      expect(mail.subject).not.toContain(secret);
    }
    expect(mail.body.trim().split(/\r?\n/).filter(Boolean)).toHaveLength(3);

    // The old password still signs in until the link is used; using it ends that session too.
    const meanwhile = new HttpSession(demo.server.url);
    await meanwhile.signIn("supporter@demo.test");
    const person = new HttpSession(demo.server.url);
    expect(text(await (await person.get(resetPath)).text())).toContain("Choose a new password");
    const set = await person.post(resetPath, { password: "copper meadow lantern", confirmPassword: "copper meadow lantern" });
    expect(set.status).toBe(302);
    expect(set.headers.get("location")).toBe("/caseload");
    expect((await meanwhile.get("/caseload")).status).toBe(302);
    expect((await person.get("/caseload")).status).toBe(200);

    // Once only, and the old password is gone.
    expect((await new HttpSession(demo.server.url).post(resetPath, { password: "another meadow lantern", confirmPassword: "another meadow lantern" })).status).toBe(404);
    expect((await new HttpSession(demo.server.url).post("/login", { email: "supporter@demo.test", password: "demo-password-1" })).status).toBe(400);
    await new HttpSession(demo.server.url).signIn("supporter@demo.test", "copper meadow lantern");

    const audit = await demo.sql.all<{ action: string; actorUserId: string; detail: string }>(
      "SELECT action, actorUserId, detail FROM AuditEvent WHERE entityId = 'demo-user-supporter' AND action IN ('user.password_reset', 'user.password_set') ORDER BY id",
    );
    expect(audit.map(({ action, actorUserId }) => ({ action, actorUserId }))).toEqual([
      { action: "user.password_reset", actorUserId: "demo-user-admin" },
      { action: "user.password_set", actorUserId: "demo-user-supporter" },
    ]);
    expect(JSON.parse(audit[1]!.detail)).toEqual({ via: "reset" });
  });

  test("lasts an hour, and only its hash is kept", async () => {
    const row = await demo.sql.get<{ tokenHash: string; createdAt: string; expiresAt: string }>(
      "SELECT tokenHash, createdAt, expiresAt FROM Invitation WHERE userId = 'demo-user-supporter' AND purpose = 'reset' ORDER BY createdAt DESC LIMIT 1",
    );
    expect(Date.parse(row!.expiresAt) - Date.parse(row!.createdAt)).toBe(60 * 60 * 1000);
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const mails = smtp.received.length;
    await admin.post("/admin/users/demo-user-supporter", { intent: "reset" });
    const resetPath = linkIn((await smtp.nextMail(mails)).body);
    expect(resetPath).not.toContain(row!.tokenHash);
    await demo.sql.run("UPDATE Invitation SET expiresAt = createdAt WHERE userId = 'demo-user-supporter' AND usedAt IS NULL");
    expect((await new HttpSession(demo.server.url).get(resetPath)).status).toBe(404);
  });

  test("keeps two-factor: the person still needs their code after choosing a new password", async () => {
    const { id, secret } = await accountInUse("two.factor@example.org", "granite willow beacon", { twoFactor: true });
    const mails = smtp.received.length;
    expect((await admin.post(`/admin/users/${id}`, { intent: "reset" })).status).toBe(302);
    const resetPath = linkIn((await smtp.nextMail(mails)).body);
    const person = new HttpSession(demo.server.url);
    const set = await person.post(resetPath, { password: "thistle harbour engine", confirmPassword: "thistle harbour engine" });
    expect(set.headers.get("location")).toMatch(/^\/login\/two-factor/);
    expect((await person.get("/caseload")).status).toBe(302);
    expect(await count("SELECT count(*) FROM User WHERE id = ? AND totpEnabledAt IS NOT NULL", id)).toBe(1);
    expect((await person.post("/login/two-factor", { code: await authenticatorCode(secret!, 30) })).status).toBe(302);
    expect((await person.get("/caseload")).status).toBe(200);
  });

  test("when the mail server refuses the message, the page says so; the person is signed out all the same", async () => {
    const supporter = new HttpSession(demo.server.url);
    await supporter.signIn("supporter@demo.test", "copper meadow lantern");
    smtp.refusing.now = true;
    try {
      const refused = await admin.post("/admin/users/demo-user-supporter", { intent: "reset" });
      expect(refused.status).toBe(502);
      const page = await refused.text();
      expect(text(page)).toContain("The e-mail could not be sent, so the person has no link. Their sessions have ended.");
      expect(page).not.toContain("/reset-password/");
    } finally {
      smtp.refusing.now = false;
    }
    expect((await supporter.get("/caseload")).status).toBe(302);
    const audit = await demo.sql.get<{ actorUserId: string; detail: string }>("SELECT actorUserId, detail FROM AuditEvent WHERE action = 'user.password_reset' ORDER BY id DESC LIMIT 1");
    expect(audit!.actorUserId).toBe("demo-user-admin");
    expect(JSON.parse(audit!.detail)).toEqual({ delivery: "smtp", sent: false });
  });

  test("an invitation link cannot be used as a reset link, nor the other way round", async () => {
    const mails = smtp.received.length;
    await admin.post("/admin/users/demo-user-supporter", { intent: "reset" });
    const resetPath = linkIn((await smtp.nextMail(mails)).body);
    expect((await new HttpSession(demo.server.url).get(resetPath.replace("/reset-password/", "/invite/"))).status).toBe(404);
  });
});

describe("every account action the page does not offer is refused", () => {
  test("reset for an account with no password yet, for one's own account and for a disabled account; re-invite a disabled one; enable an enabled one; disable oneself", async () => {
    const invited = await admin.post("/admin/users", { email: "never.signed.in@example.org", displayName: "Never Signed In", roles: "researcher" });
    expect(invited.status).toBe(200);
    const newId = await demo.sql.value<string>("SELECT id FROM User WHERE email = 'never.signed.in@example.org'");
    const { id: activeId } = await accountInUse("to.disable@example.org", "saffron kettle mirror");
    expect((await admin.post(`/admin/users/${activeId}`, { intent: "disable" })).status).toBe(302);

    const refused: [string, string, string][] = [
      [newId, "reset", "This account has no password yet: create a new invitation link instead."],
      ["demo-user-admin", "reset", "You cannot do this to your own account."],
      [activeId, "reset", "Enable the account first."],
      [activeId, "reinvite", "Enable the account first."],
      [activeId, "disable", "This account is already disabled."],
      ["demo-user-manager", "enable", "This account is not disabled."],
      ["demo-user-admin", "disable", "You cannot do this to your own account."],
    ];
    const mails = smtp.received.length;
    for (const [userId, intent, message] of refused) {
      const response = await admin.post(`/admin/users/${userId}`, { intent });
      expect({ userId, intent, status: response.status }).toEqual({ userId, intent, status: 409 });
      expect(text(await response.text())).toContain(message);
    }
    expect(smtp.received.length).toBe(mails);
    expect(await count("SELECT count(*) FROM Invitation WHERE userId = ? AND purpose = 'reset'", newId)).toBe(0);
    expect(await count("SELECT count(*) FROM Invitation WHERE userId = ?", activeId)).toBe(1);
    expect(await count("SELECT count(*) FROM User WHERE id = 'demo-user-admin' AND disabledAt IS NULL")).toBe(1);
    expect((await admin.post(`/admin/users/demo-user-manager`, { intent: "promote" })).status).toBe(400);

    // What the page does offer still works: a new link for the account that never set a password.
    const reinvited = await admin.post(`/admin/users/${newId}`, { intent: "reinvite" });
    expect(reinvited.status).toBe(200);
    expect(await reinvited.text()).toContain("/invite/");
  });

  test("teams and services: archiving what is archived, restoring what is not, moving or merging an archived team", async () => {
    const team = "/admin/teams/demo-team-hart";
    expect((await admin.post(team, { intent: "unarchive" })).status).toBe(409);
    expect((await admin.post(team, { intent: "archive" })).status).toBe(302);
    const archivedAt = await demo.sql.value<string>("SELECT archivedAt FROM Team WHERE id = 'demo-team-hart'");
    const staff = await count("SELECT count(*) FROM StaffMember WHERE teamId = 'demo-team-hart'");
    const refused: Record<string, string>[] = [{ intent: "archive" }, { intent: "move", serviceId: "demo-service-police" }, { intent: "merge", targetId: "demo-team-northgate" }];
    for (const post of refused) {
      const response = await admin.post(team, post);
      expect({ post, status: response.status }).toEqual({ post, status: 409 });
    }
    expect(await demo.sql.value<string>("SELECT archivedAt FROM Team WHERE id = 'demo-team-hart'")).toBe(archivedAt);
    expect(await count("SELECT count(*) FROM StaffMember WHERE teamId = 'demo-team-hart'")).toBe(staff);
    expect(await count("SELECT count(*) FROM Team WHERE id = 'demo-team-hart' AND mergedIntoId IS NULL")).toBe(1);
    expect((await admin.post(team, { intent: "unarchive" })).status).toBe(302);

    const created = await admin.post("/admin/services", { name: "Coastguard", kind: "fire" });
    const service = created.headers.get("location")!.split("?")[0]!;
    expect((await admin.post(service, { intent: "unarchive" })).status).toBe(409);
    expect((await admin.post(service, { intent: "archive" })).status).toBe(302);
    expect((await admin.post(service, { intent: "archive" })).status).toBe(409);
  });
});

describe("without SMTP", () => {
  let bare: DemoWithServer;
  let bareAdmin: HttpSession;
  beforeAll(async () => {
    bare = await demoWithServer("admin-powers-no-smtp");
    bareAdmin = new HttpSession(bare.server.url);
    await bareAdmin.signIn("admin@demo.test");
  });
  afterAll(async () => {
    await bare?.stop();
  });

  test("the demo writes the reset e-mail to the server's console and says so; the page never shows the link", async () => {
    const page = text(await (await bareAdmin.get("/admin/users/demo-user-supporter")).text());
    expect(page).toContain("E-mail is not set up on this server (a demo or development server), so the message is written to the server’s console instead; it is never shown to you.");
    const sent = await bareAdmin.post("/admin/users/demo-user-supporter", { intent: "reset" });
    expect(sent.status).toBe(302);
    const after = await (await bareAdmin.get(sent.headers.get("location")!)).text();
    expect(text(after)).toContain("the message was written to the server’s console instead of being sent");
    expect(after).not.toContain("/reset-password/");
    const written = /E-mail not sent \(no SMTP_URL\): to supporter@demo\.test[\s\S]*?(http:\/\/localhost:\d+\/reset-password\/[A-Za-z0-9_-]+)/.exec(bare.server.output());
    expect(written).not.toBeNull();
    const resetPath = new URL(written![1]!).pathname;
    expect((await new HttpSession(bare.server.url).get(resetPath)).status).toBe(200);
  });

  test("a real organisation's server without SMTP refuses a reset in plain words and offers none", async () => {
    await bare.sql.run("UPDATE Organisation SET isDemo = (1 = 0)");
    const supporter = new HttpSession(bare.server.url);
    await supporter.signIn("supporter@demo.test");
    const resets = await bare.sql.value<number>("SELECT count(*) FROM Invitation WHERE purpose = 'reset'");
    const page = text(await (await bareAdmin.get("/admin/users/demo-user-supporter")).text());
    expect(page).toContain("E-mail is not set up on this server, so a forgotten password cannot be reset from here");
    expect(page).not.toContain("Send a password reset link");
    const refused = await bareAdmin.post("/admin/users/demo-user-supporter", { intent: "reset" });
    expect(refused.status).toBe(409);
    expect(text(await refused.text())).toContain("E-mail is not set up on this server, so a reset link cannot be sent.");
    expect(await bare.sql.value<number>("SELECT count(*) FROM Invitation WHERE purpose = 'reset'")).toBe(resets);
    expect((await supporter.get("/caseload")).status).toBe(200);
  });
});
