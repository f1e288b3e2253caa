import { afterAll, beforeAll, expect, test } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession, pageText } from "../support/http";
import type { TestSql } from "../support/sql";

/**
 * An e-mail address is unique within an organisation only (docs/decisions/0006): organisation B
 * invites an address organisation A holds exactly as it invites any other, the person gets an
 * account of B's, each account signs in to its own organisation, and no answer B sees tells it
 * that A holds the address.
 */

let demo: DemoWithServer;
let sql: TestSql;
let otherAdmin: HttpSession;
let demoAdmin: HttpSession;
const at = "2026-11-02T10:00:00.000+00:00";
const OTHER_ADMIN = { email: "admin@orchard.test", password: "orchard admin passphrase 2026" };
// Held by the demo organisation (organisation A), with the demo password.
const HELD_IN_A = "supporter@demo.test";

beforeAll(async () => {
  demo = await demoWithServer("email-per-organisation");
  sql = demo.sql;
  // Organisation B, without two-factor sign-in so the test can sign in with a password alone.
  await sql.run("INSERT INTO Organisation (id, name, isDemo, mfaRequired, updatedAt) VALUES ('other-org', 'Orchard Vale Partnership', FALSE, FALSE, ?)", at);
  await sql.run("INSERT INTO User (id, organisationId, email, displayName, createdAt, updatedAt) VALUES ('other-admin', 'other-org', ?, 'Orchard Admin', ?, ?)", OTHER_ADMIN.email, at, at);
  await sql.run("INSERT INTO UserRole (userId, role) VALUES ('other-admin', 'admin')");
  await sql.run("INSERT INTO Password (userId, hash, updatedAt) VALUES ('other-admin', ?, ?)", await hashPassword(OTHER_ADMIN.password), at);
  otherAdmin = new HttpSession(demo.server.url);
  await otherAdmin.signIn(OTHER_ADMIN.email, OTHER_ADMIN.password);
  demoAdmin = new HttpSession(demo.server.url);
  await demoAdmin.signIn("admin@demo.test");
}, 60_000);
afterAll(async () => {
  await demo?.stop();
});

/**
 * Invites an address as a researcher; the answer's status, its text with the address and link made
 * neutral (and without the list of users, which grows with each invitation), and the link.
 */
async function invite(admin: HttpSession, email: string) {
  const response = await admin.post("/admin/users", { email, displayName: "Sam Example", roles: ["researcher"] });
  const html = await response.text();
  const link = html.match(/\/invite\/[A-Za-z0-9_-]+/)?.[0] ?? null;
  const text = pageText(html.replace(/<table[\s\S]*?<\/table>/, "")).replaceAll(email, "ADDRESS").replace(/\/invite\/[A-Za-z0-9_-]+/g, "/invite/LINK");
  return { status: response.status, text, link };
}

/** Everything organisation B's admin sees of its users, with the two invited addresses made neutral. */
async function usersPage(admin: HttpSession) {
  return pageText(await (await admin.get("/admin/users")).text());
}

test("inviting an address held in another organisation answers as for any address, and gives an account of this organisation", async () => {
  const held = await invite(otherAdmin, HELD_IN_A);
  const fresh = await invite(otherAdmin, "nobody-yet@orchard.test");
  expect(held.status).toBe(200);
  expect(held.link).not.toBeNull();
  // Word for word the same answer.
  expect(held.text).toBe(fresh.text);
  expect(held.text).not.toMatch(/already|exists/i);
  const accounts = await sql.all<{ organisationId: string }>("SELECT organisationId FROM User WHERE email = ? ORDER BY organisationId", HELD_IN_A);
  expect(accounts.map((a) => a.organisationId)).toEqual(["demo-organisation", "other-org"]);

  // The person sets a password for their account in B and is signed in to B.
  const person = new HttpSession(demo.server.url);
  const accepted = await person.post(held.link!, { password: "orchard research passphrase 2026", confirmPassword: "orchard research passphrase 2026" });
  expect(accepted.status).toBe(302);
  expect(accepted.headers.get("location")).toBe("/research");

  // Each account signs in to its own organisation with its own password.
  const inB = await new HttpSession(demo.server.url).post("/login", { email: HELD_IN_A, password: "orchard research passphrase 2026" });
  expect(inB.status).toBe(302);
  expect(inB.headers.get("location")).toBe("/research");
  const inA = await new HttpSession(demo.server.url).post("/login", { email: HELD_IN_A, password: "demo-password-1" });
  expect(inA.status).toBe(302);
  expect(inA.headers.get("location")).toBe("/caseload");

  // B's list of users shows its own account and nothing of A's.
  const users = await usersPage(otherAdmin);
  expect(users).toContain(HELD_IN_A);
  expect(users).not.toMatch(/Northshire|Jordan Taylor/);
  // Inviting it again in B is refused as a matter of B's own users, as for any address B holds.
  const again = await invite(otherAdmin, HELD_IN_A);
  const freshAgain = await invite(otherAdmin, "nobody-yet@orchard.test");
  expect(again.status).toBe(400);
  expect(again.text).toBe(freshAgain.text);
  expect(again.text).toContain("A user of this organisation already has this email address");
});

test("signing in answers the same for an address held elsewhere as for an unknown one", async () => {
  const wrong = (email: string) => new HttpSession(demo.server.url).post("/login", { email, password: "not the password at all 1" });
  const held = await wrong("researcher@demo.test");
  const unknown = await wrong("no-account@orchard.test");
  expect(held.status).toBe(unknown.status);
  const neutral = (html: string) => pageText(html).replace(/"attempt":"[^"]*"/g, "").replace(/value="[^"]*"/g, "");
  expect(neutral(await held.text()).replaceAll("researcher@demo.test", "ADDRESS")).toBe(neutral(await unknown.text()).replaceAll("no-account@orchard.test", "ADDRESS"));
});

test("one address with the same password in two organisations: the person chooses which to sign in to", async () => {
  const email = "both-places@example.test";
  const password = "one passphrase for both places 2026";
  for (const admin of [demoAdmin, otherAdmin]) {
    const { link } = await invite(admin, email);
    expect((await new HttpSession(demo.server.url).post(link!, { password, confirmPassword: password })).status).toBe(302);
  }
  const person = new HttpSession(demo.server.url);
  const asked = await person.post("/login", { email, password });
  expect(asked.status).toBe(200);
  const page = pageText(await asked.text());
  expect(page).toContain("Which organisation do you want to sign in to?");
  expect(page).toContain("Orchard Vale Partnership");
  const chosen = await person.post("/login", { email, password, organisationId: "other-org" });
  expect(chosen.status).toBe(302);
  expect(chosen.headers.get("location")).toBe("/research");
  const session = await sql.value<string>("SELECT u.organisationId FROM Session s JOIN User u ON u.id = s.userId WHERE u.email = ? ORDER BY s.createdAt DESC LIMIT 1", email);
  expect(session).toBe("other-org");
  // A wrong password gives no choice and no names.
  const wrong = pageText(await (await new HttpSession(demo.server.url).post("/login", { email, password: "a wrong passphrase here 2026" })).text());
  expect(wrong).not.toContain("Orchard Vale");
  expect(wrong).toContain("Enter a correct email address and password");
});
