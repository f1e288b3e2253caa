import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoDatabase, type TestDatabase } from "../support/engines";
import { startServerOn, type RunningServer } from "../support/server";

let db: TestDatabase;
let server: RunningServer;

beforeAll(async () => {
  db = await demoDatabase("http-security");
  server = await startServerOn(db.url);
});
afterAll(async () => {
  await server?.stop();
  await db?.remove();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { "Content-Type": "application/x-www-form-urlencoded" };

describe("headers on every response", () => {
  test("pages get a nonce-based CSP and the other protective headers", async () => {
    const response = await fetch(`${server.url}/login`);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain("unsafe-inline");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-powered-by")).toBeNull();

    const html = await response.text();
    const scriptNonces = [...html.matchAll(/<script[^>]*nonce="([^"]+)"/g)].map((m) => m[1]);
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([nonce]));

    const again = await fetch(`${server.url}/login`);
    expect(again.headers.get("content-security-policy")).not.toBe(csp);
  });

  test("JSON and error responses carry them too", async () => {
    for (const path of ["/healthz", "/no-such-page"]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });

  test("hashed static assets may be cached; they hold no personal data", async () => {
    const html = await (await fetch(`${server.url}/login`)).text();
    const asset = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const response = await fetch(`${server.url}${asset}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toMatch(/max-age=31536000/);
  });
});

describe("state-changing requests", () => {
  const login = { email: "manager@demo.test", password: "demo-password-1" };

  test("a POST from this site is accepted", async () => {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { ...formHeaders, Origin: server.url },
      body: form(login),
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/dashboard");
  });

  test("Sec-Fetch-Site same-origin is accepted when there is no Origin", async () => {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { ...formHeaders, "Sec-Fetch-Site": "same-origin" },
      body: form(login),
      redirect: "manual",
    });
    expect(response.status).toBe(302);
  });

  test.each([
    ["another site's Origin", { Origin: "https://attacker.example" }],
    ["a cross-site fetch", { "Sec-Fetch-Site": "cross-site" }],
    ["no Origin and no Sec-Fetch-Site", {}],
  ])("is refused with 403 for %s, and nothing happens", async (_label, headers) => {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { ...formHeaders, ...headers },
      body: form(login),
      redirect: "manual",
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await response.text()).toMatch(/refused/);
  });

  test.each(["PUT", "PATCH", "DELETE"])("%s is not allowed (405)", async (method) => {
    const response = await fetch(`${server.url}/logout`, { method, headers: { Origin: server.url } });
    expect(response.status).toBe(405);
  });

  test("a body over 1 MB gets 413", async () => {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { ...formHeaders, Origin: server.url },
      body: form({ ...login, padding: "x".repeat(1024 * 1024) }),
    });
    expect(response.status).toBe(413);
  });
});

describe("null characters", () => {
  test("an address holding one is refused with 400 before the app looks anything up, on either engine", async () => {
    for (const address of ["/pulse/AB%00CD", "/invite/%00", "/login?redirectTo=%2F%00"]) {
      const response = await fetch(`${server.url}${address}`);
      expect(response.status, address).toBe(400);
      expect(await response.text(), address).toContain("null character");
    }
  });

  test("in a form's answers it is taken out, so a sign-in with one is an ordinary wrong password", async () => {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { ...formHeaders, Origin: server.url },
      body: form({ email: "supporter@demo.test\u0000", password: "not the password\u0000" }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("There is a problem");
  });
});
