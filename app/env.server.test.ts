import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { EnvError, ensureStoredSecret, parseEnv, resolveDatabaseUrl } from "./env.server";

const SECRET = "a".repeat(32);
const KEY = "0f".repeat(32);

function problemsOf(raw: Record<string, string | undefined>) {
  try {
    parseEnv(raw, "/srv/debrief");
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseEnv", () => {
  test("fills in the defaults: database under data/, port 3000, development", () => {
    const env = parseEnv({ SESSION_SECRET: SECRET, ENCRYPTION_KEY: KEY }, "/srv/debrief");
    expect(env).toEqual({
      NODE_ENV: "development",
      DATABASE_URL: "file:/srv/debrief/data/debrief.db",
      SESSION_SECRET: SECRET,
      ENCRYPTION_KEY: KEY,
      PORT: 3000,
      HOST: "127.0.0.1",
      TRUST_PROXY: 0,
    });
  });

  test("accepts good values and resolves a relative database path from the working directory", () => {
    const env = parseEnv(
      { NODE_ENV: "production", DATABASE_URL: "file:./var/app.db", SESSION_SECRET: SECRET, ENCRYPTION_KEY: KEY, PORT: "8080", HOST: "0.0.0.0" },
      "/srv/debrief",
    );
    expect(env.DATABASE_URL).toBe("file:/srv/debrief/var/app.db");
    expect(env.PORT).toBe(8080);
    expect(env.NODE_ENV).toBe("production");
  });

  test.each([
    [{ PORT: "abc" }, "PORT must be a whole number"],
    [{ PORT: "3000.5" }, "PORT must be a whole number"],
    [{ PORT: "0" }, "PORT must be between 1 and 65535"],
    [{ PORT: "70000" }, "PORT must be between 1 and 65535"],
    [{ TRUST_PROXY: "yes" }, "TRUST_PROXY must be the number of proxies in front of Debrief (0 for none)"],
    [{ ENCRYPTION_KEY: "not-hex" }, "ENCRYPTION_KEY must be 64 hexadecimal characters (try: openssl rand -hex 32)"],
    [{ NODE_ENV: "staging" }, "NODE_ENV must be development, production or test"],
    [
      { DATABASE_URL: "mysql://db/debrief" },
      "DATABASE_URL must be a SQLite file URL such as file:./data/debrief.db, or a PostgreSQL URL such as postgresql://user:password@host:5432/debrief",
    ],
    [{ SESSION_SECRET: "short" }, "SESSION_SECRET must be at least 32 characters (try: openssl rand -hex 32)"],
  ])("rejects %o with one clear line", (bad, message) => {
    expect(problemsOf({ SESSION_SECRET: SECRET, ENCRYPTION_KEY: KEY, ...bad })).toEqual([message]);
  });

  test("reports every bad value, one line each, naming the variable", () => {
    const problems = problemsOf({ PORT: "-1", SESSION_SECRET: "x", NODE_ENV: "live", ENCRYPTION_KEY: KEY });
    expect(problems).toHaveLength(3);
    expect(problems.map((p) => p.split(" ")[0]).sort()).toEqual(["NODE_ENV", "PORT", "SESSION_SECRET"]);
  });

  test("takes a PostgreSQL URL as it is", () => {
    expect(problemsOf({ SESSION_SECRET: SECRET, ENCRYPTION_KEY: KEY, DATABASE_URL: "postgres://db/debrief" })).toEqual([]);
    expect(problemsOf({ SESSION_SECRET: SECRET, ENCRYPTION_KEY: KEY, DATABASE_URL: "postgresql://u:p@db:5432/debrief" })).toEqual([]);
  });

  test("missing secrets are reported as required", () => {
    expect(problemsOf({})).toEqual(["SESSION_SECRET is required", "ENCRYPTION_KEY is required"]);
  });
});

describe("resolveDatabaseUrl", () => {
  test("keeps absolute paths and treats blank as the default", () => {
    expect(resolveDatabaseUrl("file:/tmp/x.db", "/srv", null)).toBe("file:/tmp/x.db");
    expect(resolveDatabaseUrl("  ", "/srv", null)).toBe("file:/srv/data/debrief.db");
    expect(resolveDatabaseUrl(undefined, "/srv", "state")).toBe("file:/srv/state/debrief.db");
  });
});

describe("ensureStoredSecret", () => {
  test("generates a secret once, stores it for this user only, and reuses it", () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "debrief-secret-")), "data");
    const first = ensureStoredSecret({}, "SESSION_SECRET", dir);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const file = path.join(dir, "session-secret");
    expect(readFileSync(file, "utf8").trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ensureStoredSecret({}, "SESSION_SECRET", dir)).toBe(first);
  });

  test("a secret given in the environment wins and nothing is written", () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "debrief-secret-")), "data");
    expect(ensureStoredSecret({ SESSION_SECRET: SECRET }, "SESSION_SECRET", dir)).toBe(SECRET);
    expect(() => statSync(dir)).toThrow();
  });
});

describe("outgoing e-mail settings", () => {
  test("SMTP_URL needs a sender and the address links point at; each missing one is named", () => {
    expect(problemsOf({ SESSION_SECRET: SECRET, ENCRYPTION_KEY: KEY, SMTP_URL: "smtps://u:p@smtp.example.org:465" })).toEqual([
      "MAIL_FROM is required when SMTP_URL is set (the sender of Debrief's e-mail)",
      "SITE_URL is required when SMTP_URL is set (links in e-mail point there)",
    ]);
  });

  test("refuses an address that is not SMTP, a sender that is not an address, and a SITE_URL with a path", () => {
    const problems = problemsOf({ SESSION_SECRET: SECRET, ENCRYPTION_KEY: KEY, SMTP_URL: "http://smtp.example.org", MAIL_FROM: "Debrief", SITE_URL: "https://debrief.example.org/app" });
    expect(problems.map((p) => p.split(" ")[0])).toEqual(["SMTP_URL", "MAIL_FROM", "SITE_URL"]);
  });

  test("accepts a sender with a name", () => {
    const env = parseEnv({ SESSION_SECRET: SECRET, ENCRYPTION_KEY: KEY, SMTP_URL: "smtp://mail.example.org:587", MAIL_FROM: "Debrief <debrief@example.org>", SITE_URL: "https://debrief.example.org" }, "/srv");
    expect(env.MAIL_FROM).toBe("Debrief <debrief@example.org>");
  });
});
