import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoDatabase, onPostgresql, type TestDatabase } from "../support/engines";
import { hashPassword } from "~/auth/password.server";
import { HttpSession } from "../support/http";
import { withSql } from "../support/sql";
import { authenticatorCode } from "../support/totp";
import { startServerOn, storedThrottleKey, type RunningServer } from "../support/server";

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

// One address may have an account in several organisations (docs/decisions/0007). Organisation B's
// administrator can give their own organisation an account at the address of a person of A's, and
// knows its password: signing in to it must not clear what was counted against A's account.
describe("one address with accounts in two organisations", () => {
  const email = "two.places@example.org";
  const inA = { id: "two-places-a", password: "amber lighthouse orchard 7" };
  const inB = { id: "two-places-b", password: "basalt meadow kestrel 4" };
  beforeAll(async () => {
    const at = "2026-11-02T10:00:00.000+00:00";
    await withSql(db.url, async (sql) => {
      await sql.run("INSERT INTO Organisation (id, name, isDemo, mfaRequired, updatedAt) VALUES ('orchard-org', 'Orchard Vale Partnership', FALSE, FALSE, ?)", at);
      for (const [account, organisationId] of [[inA, "demo-organisation"], [inB, "orchard-org"]] as const) {
        await sql.run("INSERT INTO User (id, organisationId, email, displayName, createdAt, updatedAt) VALUES (?, ?, ?, 'Sam Example', ?, ?)", account.id, organisationId, email, at, at);
        await sql.run("INSERT INTO UserRole (userId, role) VALUES (?, 'researcher')", account.id);
        await sql.run("INSERT INTO Password (userId, hash, updatedAt) VALUES (?, ?, ?)", account.id, await hashPassword(account.password), at);
      }
    });
  });

  test("signing in to B's account does not clear the failures counted against A's: the tenth wrong guess locks A's account", async () => {
    const client = new HttpSession(server.url);
    for (let i = 1; i <= 9; i += 1) {
      expect((await client.post("/login", { email, password: `guess-${i}` }, from(`198.51.101.${i}`))).status).toBe(400);
    }
    // B's administrator signs in to the account they gave the address (before the fix, this forgave the address's nine failures).
    const intoB = await new HttpSession(server.url).post("/login", { email, password: inB.password }, from("198.51.101.50"));
    expect(intoB.status).toBe(302);
    expect(intoB.headers.get("location")).toBe("/research");
    expect((await client.post("/login", { email, password: "guess-10" }, from("198.51.101.10"))).status).toBe(400);
    // Ten failures against A's account: refused now, even with its right password, from anywhere.
    const intoA = await new HttpSession(server.url).post("/login", { email, password: inA.password }, from("198.51.101.60"));
    expect(intoA.status).toBe(429);
    await withSql(db.url, async (sql) => {
      expect(await sql.value<number>("SELECT COUNT(*) FROM Session WHERE userId = ?", inA.id)).toBe(0);
      expect(await sql.value<number>("SELECT COUNT(*) FROM AuthFailure WHERE key = ?", storedThrottleKey(`login:user:${inA.id}`))).toBe(10);
    });
  });
});

test("the attempts counted for throttling do not name the addresses typed nor where they came from", async () => {
  const client = new HttpSession(server.url);
  await client.post("/login", { email: "typed.at.sign-in@example.org", password: "not-the-password" }, from("198.51.102.7"));
  await withSql(db.url, async (sql) => {
    const keys = await sql.all<{ key: string }>("SELECT key FROM AuthFailure");
    expect(keys.length).toBeGreaterThan(0);
    for (const { key } of keys) {
      expect(key).not.toMatch(/@|example|demo\.test|198\.51|login:|totp:/);
    }
    // Still counted, under the keyed hash of the address.
    expect(await sql.value<number>("SELECT COUNT(*) FROM AuthFailure WHERE key = ?", storedThrottleKey("login:address:typed.at.sign-in@example.org"))).toBe(1);
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
    // Stored salted (argon2id, a salt per code): no stored value is a plain hash of a code, and none repeats.
    const stored = (
      await withSql(db.url, (sql) =>
        sql.all<{ codeHash: string }>("SELECT r.codeHash FROM RecoveryCode r JOIN User u ON u.id = r.userId WHERE u.email = 'new.supporter@example.org'"),
      )
    ).map((row) => row.codeHash);
    expect(stored).toHaveLength(10);
    expect(stored.every((value) => value.startsWith("$argon2id$"))).toBe(true);
    expect(new Set(stored.map((value) => value.split("$").at(-2))).size).toBe(10);
    for (const code of codes) expect(stored).not.toContain(createHash("sha256").update(code.replace(/-/g, "")).digest("hex"));

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

/**
 * A new account invited by the administrator, its password set and its authenticator set up, signed
 * out again: what a real user of the organisation is. Returns its id and authenticator secret.
 */
async function enrolledAccount(email: string, password: string) {
  const admin = new HttpSession(server.url);
  await admin.signIn("admin@demo.test");
  const invited = await admin.post("/admin/users", { email, displayName: "Test Person", roles: "researcher" });
  const invitePath = new URL(/data-testid="invitation-link">([^<]+)</.exec(await invited.text())![1]!).pathname;
  const person = new HttpSession(server.url);
  await person.post(invitePath, { password, confirmPassword: password });
  const secret = /data-testid="totp-secret">([^<]+)</.exec(await (await person.get("/account/two-factor")).text())![1]!.replace(/\s+/g, "");
  expect((await person.post("/account/two-factor", { code: await authenticatorCode(secret) })).status).toBe(200);
  await person.post("/logout", {});
  const id = await withSql(db.url, (sql) => sql.value<string>("SELECT id FROM User WHERE email = ?", email));
  return { id, secret };
}

/** Where a browser goes on a redirect's Location: the URL parser drops tabs and newlines, as Chromium did. */
const landsOn = (response: Response) => new URL(response.headers.get("location") ?? "", server.url);

describe("where sign-in leads (redirectTo)", () => {
  const site = () => new URL(server.url).origin;
  // Every way of naming another site that a browser would follow, as typed into the link.
  const elsewhere = [
    "//127.0.0.1:3999/phish",
    "/\\127.0.0.1:3999/phish",
    "\\\\127.0.0.1:3999/phish",
    "https:127.0.0.1:3999/phish",
    "https://127.0.0.1:3999/phish",
    "/.//127.0.0.1:3999/phish",
    "/%2F/127.0.0.1:3999/phish",
    "javascript:alert(1)",
  ];
  const controlCharacters = ["/\t/127.0.0.1:3999/phish", "/\n/127.0.0.1:3999/phish", "/\r\n/127.0.0.1:3999/phish", "/dashboard\u000b"];

  test("after signing in, a redirectTo naming another site leads to the user's home page, a path of the site is kept, and one holding a control character answers 400", async () => {
    for (const redirectTo of elsewhere) {
      const response = await new HttpSession(server.url).post("/login", { email: "manager@demo.test", password: "demo-password-1", redirectTo });
      expect(response.status, redirectTo).toBe(302);
      expect(landsOn(response).origin, redirectTo).toBe(site());
    }
    const kept = await new HttpSession(server.url).post("/login", { email: "manager@demo.test", password: "demo-password-1", redirectTo: "/dashboard?months=6#trends" });
    expect(kept.headers.get("location")).toBe("/dashboard?months=6#trends");
    for (const redirectTo of controlCharacters) {
      const person = new HttpSession(server.url);
      const response = await person.post("/login", { email: "manager@demo.test", password: "demo-password-1", redirectTo });
      expect(response.status, JSON.stringify(redirectTo)).toBe(400);
      expect(await response.text()).toMatch(/The link you followed is not valid/);
      // Nobody was signed in by it.
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });

  test("a sign-in link whose redirectTo holds a control character answers 400 at every step", async () => {
    const phish = encodeURIComponent("/\t/127.0.0.1:3999/phish");
    expect((await new HttpSession(server.url).get(`/login?redirectTo=${phish}`)).status).toBe(400);
    expect((await new HttpSession(server.url).get(`/login?redirectTo=${encodeURIComponent("/caseload\n")}`)).status).toBe(400);
    expect((await new HttpSession(server.url).get(`/login/two-factor?redirectTo=${phish}`)).status).toBe(400);
    expect((await new HttpSession(server.url).get(`/account/two-factor?redirectTo=${phish}`)).status).toBe(400);
    // The same links without one still work.
    expect((await new HttpSession(server.url).get(`/login?redirectTo=${encodeURIComponent("/dashboard")}`)).status).toBe(200);
  });

  test("the two-factor step keeps to the site too, and refuses a control character before checking the code", async () => {
    const { secret } = await enrolledAccount("redirect.mfa@example.org", "meadow copper lantern");
    const person = new HttpSession(server.url);
    const password = await person.post("/login", { email: "redirect.mfa@example.org", password: "meadow copper lantern", redirectTo: "//127.0.0.1:3999/phish" });
    expect(password.headers.get("location")).toBe(`/login/two-factor?redirectTo=${encodeURIComponent("/research")}`);
    const code = await authenticatorCode(secret, 30);
    const refused = await person.post("/login/two-factor", { code, redirectTo: "/\t/127.0.0.1:3999/phish" });
    expect(refused.status).toBe(400);
    expect((await person.get("/research")).status).toBe(302);
    const verified = await person.post("/login/two-factor", { code, redirectTo: "/\\127.0.0.1:3999/phish" });
    expect(verified.status).toBe(302);
    expect(landsOn(verified).origin).toBe(site());
    expect(verified.headers.get("location")).toBe("/research");
  });
});

// A SQLite database is served by one server at most (it refuses to start a second); a PostgreSQL
// database by several, which then count the same guesses.
describe("attempts sent at the same moment, to every app server on the database", () => {
  let second: RunningServer | undefined;
  beforeAll(async () => {
    if (onPostgresql()) second = await startServerOn(db.url, { TRUST_PROXY: "1" });
  });
  afterAll(async () => {
    await second?.stop();
  });
  const servers = () => [server, ...(second ? [second] : [])];

  /** Sends the posts all at once, in turn to each server (with the same cookie, if any); their statuses. */
  const sendAtOnce = (path: string, posts: { fields: Record<string, string>; ip: string }[], cookie?: string) =>
    Promise.all(
      posts.map(({ fields, ip }, i) =>
        new HttpSession(servers()[i % servers().length]!.url)
          .post(path, fields, { ...from(ip), ...(cookie ? { Cookie: cookie } : {}) })
          .then((response) => response.status),
      ),
    );
  const tally = (statuses: number[]) => ({ checked: statuses.filter((s) => s === 400).length, refused: statuses.filter((s) => s === 429).length });

  test("30 people signing in at the same moment from one office, with the right password, all get in", async () => {
    // Each is counted while its password is checked; those beyond the limit wait for the checks instead of being refused.
    const statuses = await sendAtOnce(
      "/login",
      Array.from({ length: 30 }, () => ({ fields: { email: "manager@demo.test", password: "demo-password-1" }, ip: "198.18.3.1" })),
    );
    expect(statuses.filter((status) => status !== 302)).toEqual([]);
    await withSql(db.url, async (sql) => {
      const managerId = await sql.value<string>("SELECT id FROM User WHERE email = 'manager@demo.test'");
      expect(await sql.value<number>("SELECT COUNT(*) FROM AuthFailure WHERE key IN (?, ?)", storedThrottleKey(`login:user:${managerId}`), storedThrottleKey("login:ip:198.18.3.1"))).toBe(0);
    });
  });

  test("30 wrong passwords for one account are checked at most 10 times; the others are refused with 429", async () => {
    const email = "guessed.at.once@example.org";
    const { id } = await enrolledAccount(email, "willow granite harbour");
    const statuses = await sendAtOnce(
      "/login",
      Array.from({ length: 30 }, (_, i) => ({ fields: { email, password: `guess-${i}` }, ip: `198.18.1.${i + 1}` })),
    );
    const { checked, refused } = tally(statuses);
    expect(checked + refused).toBe(30);
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(10);
    await withSql(db.url, async (sql) => {
      expect(await sql.value<number>("SELECT COUNT(*) FROM AuditEvent WHERE action = 'auth.login_failed' AND actorUserId = ?", id)).toBe(checked);
      const counted = await sql.value<number>("SELECT COUNT(*) FROM AuthFailure WHERE key = ?", storedThrottleKey(`login:user:${id}`));
      expect(counted).toBeGreaterThan(0);
      expect(counted).toBeLessThanOrEqual(10);
    });
    // The account stays locked, even for its right password.
    expect((await new HttpSession(servers().at(-1)!.url).post("/login", { email, password: "willow granite harbour" }, from("198.18.1.200"))).status).toBe(429);
  });

  test("30 wrong two-factor codes for one sign-in are checked at most 10 times; the others are refused with 429", async () => {
    const email = "codes.at.once@example.org";
    const { id, secret } = await enrolledAccount(email, "pepper lagoon thistle");
    const person = new HttpSession(server.url);
    expect((await person.post("/login", { email, password: "pepper lagoon thistle" }, from("198.18.2.250"))).headers.get("location")).toMatch(/^\/login\/two-factor/);
    // Codes the authenticator does not show now, nor a step either side; half look like recovery codes.
    const valid: string[] = [];
    for (const offset of [-30, 0, 30]) valid.push(await authenticatorCode(secret, offset));
    const wrong = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? String(100000 + i * 7919) : `ABCD-EFGH-${String(i).padStart(2, "2")}`)).filter((c) => !valid.includes(c));
    const statuses = await sendAtOnce(
      "/login/two-factor",
      wrong.map((code, i) => ({ fields: { code }, ip: `198.18.2.${i + 1}` })),
      person.cookieHeader(),
    );
    const { checked, refused } = tally(statuses);
    expect(checked + refused).toBe(wrong.length);
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(10);
    await withSql(db.url, async (sql) => {
      expect(await sql.value<number>("SELECT COUNT(*) FROM AuditEvent WHERE action = 'auth.mfa_failed' AND actorUserId = ?", id)).toBe(checked);
      const counted = await sql.value<number>("SELECT COUNT(*) FROM AuthFailure WHERE key = ?", storedThrottleKey(`totp:user:${id}`));
      expect(counted).toBeGreaterThan(0);
      expect(counted).toBeLessThanOrEqual(10);
    });
    expect((await person.post("/login/two-factor", { code: await authenticatorCode(secret, 30) }, from("198.18.2.251"))).status).toBe(429);
  });
});
