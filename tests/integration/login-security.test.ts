import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoDatabase, type TestDatabase } from "../support/engines";
import { HttpSession } from "../support/http";
import { authenticatorCode } from "../support/totp";
import { startServerOn, type RunningServer } from "../support/server";

let db: TestDatabase;
let server: RunningServer;

beforeAll(async () => {
  db = await demoDatabase("login-security");
  // Trust one proxy so each test can speak from its own client address (X-Forwarded-For).
  server = await startServerOn(db.url, { TRUST_PROXY: "1" });
});
afterAll(async () => {
  await server?.stop();
  await db?.remove();
});

const from = (ip: string) => ({ "X-Forwarded-For": ip });

describe("brute force", () => {
  test("10 wrong passwords for one account, from anywhere, lock that account for 15 minutes with 429", async () => {
    const client = new HttpSession(server.url);
    for (let i = 1; i <= 10; i += 1) {
      const response = await client.post("/login", { email: "researcher@demo.test", password: `wrong-${i}` }, from(`198.51.100.${i}`));
      expect(response.status).toBe(400);
    }
    const locked = await client.post("/login", { email: "researcher@demo.test", password: "demo-password-1" }, from("198.51.100.99"));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(await locked.text()).toMatch(/Too many failed attempts to sign in\. Wait 15 minutes/);
    // Other accounts are not affected.
    const other = await client.post("/login", { email: "manager@demo.test", password: "demo-password-1" }, from("198.51.100.100"));
    expect(other.status).toBe(302);
  });

  test("10 failures from one address lock that address, whichever accounts it tries", async () => {
    const client = new HttpSession(server.url);
    for (let i = 1; i <= 10; i += 1) {
      await client.post("/login", { email: `nobody-${i}@example.org`, password: "guessing-passwords" }, from("203.0.113.7"));
    }
    const locked = await client.post("/login", { email: "admin@demo.test", password: "demo-password-1" }, from("203.0.113.7"));
    expect(locked.status).toBe(429);
    const elsewhere = await client.post("/login", { email: "admin@demo.test", password: "demo-password-1" }, from("203.0.113.8"));
    expect(elsewhere.status).toBe(302);
  });

  test("an unknown email and a wrong password get the same answer in about the same time", async () => {
    const client = new HttpSession(server.url);
    const attempt = async (email: string, ip: string) => {
      const started = performance.now();
      const response = await client.post("/login", { email, password: "not-the-password" }, from(ip));
      const body = await response.text();
      return { status: response.status, message: /Enter a correct email address and password/.test(body), ms: performance.now() - started };
    };
    const unknown = [];
    const wrong = [];
    for (let i = 0; i < 5; i += 1) {
      unknown.push(await attempt(`nobody-at-all-${i}@example.org`, `192.0.2.${i}`));
      wrong.push(await attempt("supporter@demo.test", `192.0.2.${50 + i}`));
    }
    expect(unknown.map(({ status, message }) => ({ status, message }))).toEqual(wrong.map(({ status, message }) => ({ status, message })));
    const median = (runs: { ms: number }[]) => runs.map((r) => r.ms).sort((a, b) => a - b)[2]!;
    // Both pay for one argon2id verification; without the dummy check an unknown address would answer far faster.
    expect(median(unknown) / median(wrong)).toBeGreaterThan(0.4);
    expect(median(unknown) / median(wrong)).toBeLessThan(2.5);
  });
});

describe("sessions over HTTP", () => {
  test("signing in issues a new session id and the old one stops working", async () => {
    const client = new HttpSession(server.url);
    await client.signIn("supporter@demo.test");
    const before = client.cookieHeader();
    await client.post("/logout", {});
    await client.signIn("supporter@demo.test");
    expect(client.cookieHeader()).not.toBe(before);
    const stale = await fetch(`${server.url}/caseload`, { headers: { Cookie: before }, redirect: "manual" });
    expect(stale.status).toBe(302);
  });

  test("the cookie is __Host- prefixed, HttpOnly, Secure and SameSite=Lax in production", async () => {
    const response = await new HttpSession(server.url).post("/login", { email: "manager@demo.test", password: "demo-password-1" });
    const cookie = response.headers.getSetCookie().join("\n");
    expect(cookie).toMatch(/^__Host-debrief_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/);
  });

  test("a disabled user is cut off at their next request", async () => {
    const supporter = new HttpSession(server.url);
    await supporter.signIn("supporter@demo.test");
    expect((await supporter.get("/caseload")).status).toBe(200);
    const admin = new HttpSession(server.url);
    await admin.signIn("admin@demo.test");
    expect((await admin.post("/admin/users/demo-user-supporter", { intent: "disable" })).status).toBe(302);
    const after = await supporter.get("/caseload");
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login/);
    expect((await supporter.post("/login", { email: "supporter@demo.test", password: "demo-password-1" })).status).toBe(400);
    await admin.post("/admin/users/demo-user-supporter", { intent: "enable" });
  });
});


describe("invitation, password and MFA", () => {
  test("invite → set password → must enrol MFA → recovery codes are single-use → TOTP sign-in", async () => {
    const admin = new HttpSession(server.url);
    await admin.signIn("admin@demo.test");
    const invited = await admin.post("/admin/users", { email: "new.supporter@example.org", displayName: "New Supporter", roles: "supporter" });
    expect(invited.status).toBe(200);
    const link = /data-testid="invitation-link">([^<]+)</.exec(await invited.text())?.[1];
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    const invitePath = new URL(link!).pathname;

    const person = new HttpSession(server.url);
    expect((await person.get(invitePath)).status).toBe(200);
    const weak = await person.post(invitePath, { password: "password1234", confirmPassword: "password1234" });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toMatch(/too common/);
    const set = await person.post(invitePath, { password: "lantern orbit pebble", confirmPassword: "lantern orbit pebble" });
    expect(set.status).toBe(302);
    expect(set.headers.get("location")).toMatch(/^\/account\/two-factor/);
    // The link worked once.
    expect((await new HttpSession(server.url).get(invitePath)).status).toBe(404);

    // Until MFA is set up, the app sends them back to set it up.
    const blocked = await person.get("/caseload");
    expect(blocked.status).toBe(302);
    expect(blocked.headers.get("location")).toMatch(/^\/account\/two-factor/);

    const setup = await (await person.get("/account/two-factor")).text();
    expect(setup).toMatch(/<img[^>]+src="data:image\/png;base64,/);
    const secret = /data-testid="totp-secret">([^<]+)</.exec(setup)?.[1]?.replace(/\s+/g, "");
    expect(secret).toBeTruthy();
    expect((await person.post("/account/two-factor", { code: "000000" })).status).toBe(400);
    const enrolled = await person.post("/account/two-factor", { code: await authenticatorCode(secret!) });
    expect(enrolled.status).toBe(200);
    const codes = [...(await enrolled.text()).matchAll(/<code class="app-code">([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2})<\/code>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    expect((await person.get("/caseload")).status).toBe(200);

    // Next sign-in owes a code. The code used at enrolment cannot be used again.
    await person.post("/logout", {});
    const password = await person.post("/login", { email: "new.supporter@example.org", password: "lantern orbit pebble" });
    expect(password.headers.get("location")).toMatch(/^\/login\/two-factor/);
    expect((await person.get("/caseload")).status).toBe(302);
    expect((await person.post("/login/two-factor", { code: await authenticatorCode(secret!) })).status).toBe(400);

    // A recovery code works once.
    const recovered = await person.post("/login/two-factor", { code: codes[0]!.toLowerCase() });
    expect(recovered.status).toBe(302);
    expect((await person.get("/caseload")).status).toBe(200);
    await person.post("/logout", {});
    await person.post("/login", { email: "new.supporter@example.org", password: "lantern orbit pebble" });
    expect((await person.post("/login/two-factor", { code: codes[0]! })).status).toBe(400);

    // The authenticator's next code signs in.
    const verified = await person.post("/login/two-factor", { code: await authenticatorCode(secret!, 30) });
    expect(verified.status).toBe(302);
    expect(verified.headers.get("location")).toBe("/caseload");
    expect((await person.get("/caseload")).status).toBe(200);
  });

  test("10 wrong codes lock the MFA step with 429", async () => {
    const admin = new HttpSession(server.url);
    await admin.signIn("admin@demo.test");
    const invited = await admin.post("/admin/users", { email: "locked.out@example.org", displayName: "Locked Out", roles: "researcher" });
    const invitePath = new URL(/data-testid="invitation-link">([^<]+)</.exec(await invited.text())![1]!).pathname;
    const person = new HttpSession(server.url);
    await person.post(invitePath, { password: "harbour velvet quarry", confirmPassword: "harbour velvet quarry" });
    const secret = /data-testid="totp-secret">([^<]+)</.exec(await (await person.get("/account/two-factor")).text())![1]!.replace(/\s+/g, "");
    await person.post("/account/two-factor", { code: await authenticatorCode(secret) });
    await person.post("/logout", {});
    await person.post("/login", { email: "locked.out@example.org", password: "harbour velvet quarry" }, from("192.0.2.200"));
    for (let i = 0; i < 10; i += 1) {
      expect((await person.post("/login/two-factor", { code: "123456" }, from(`192.0.2.${210 + i}`))).status).toBe(400);
    }
    const locked = await person.post("/login/two-factor", { code: await authenticatorCode(secret, 30) }, from("192.0.2.250"));
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toBeTruthy();
  });
});
