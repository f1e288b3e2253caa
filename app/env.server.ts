import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** Where local state (the default SQLite database, generated secrets) lives: DATA_DIR, else ./data. */
export function defaultDataDir(cwd = process.cwd(), dataDir: string | null | undefined = process.env.DATA_DIR) {
  return dataDir ? path.resolve(cwd, dataDir) : path.join(cwd, "data");
}

/**
 * Turns a `file:` URL (relative paths are taken from the working directory, not from
 * prisma/ as the Prisma CLI would) into an absolute one, so the app and the CLI open
 * the same file.
 */
export function resolveDatabaseUrl(
  raw: string | undefined,
  cwd = process.cwd(),
  dataDir: string | null | undefined = process.env.DATA_DIR,
) {
  const url = raw?.trim() || `file:${path.join(defaultDataDir(cwd, dataDir), "debrief.db")}`;
  if (!url.startsWith("file:")) return url;
  const filePath = url.slice("file:".length);
  return `file:${path.resolve(cwd, filePath)}`;
}

export function sqliteFilePath(databaseUrl: string) {
  return databaseUrl.replace(/^file:/, "");
}

export type DatabaseEngine = "sqlite" | "postgresql";

/** The engine DATABASE_URL names: `file:` is SQLite (embedded, the default), `postgres://` or `postgresql://` a PostgreSQL server. */
export function databaseEngineOf(databaseUrl: string): DatabaseEngine {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? "postgresql" : "sqlite";
}

const EnvSchema = z.object({
  NODE_ENV: z
    .enum(["development", "production", "test"], {
      errorMap: () => ({ message: "must be development, production or test" }),
    })
    .default("development"),
  DATABASE_URL: z
    .string()
    .refine((url) => (url.startsWith("file:") && url.length > "file:".length) || databaseEngineOf(url) === "postgresql", {
      message: "must be a SQLite file URL such as file:./data/debrief.db, or a PostgreSQL URL such as postgresql://user:password@host:5432/debrief",
    }),
  SESSION_SECRET: z
    .string()
    .min(32, { message: "must be at least 32 characters (try: openssl rand -hex 32)" }),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { message: "must be 64 hexadecimal characters (try: openssl rand -hex 32)" }),
  PORT: z.coerce
    .number({ invalid_type_error: "must be a whole number" })
    .int({ message: "must be a whole number" })
    .min(1, { message: "must be between 1 and 65535" })
    .max(65535, { message: "must be between 1 and 65535" })
    .default(3000),
  HOST: z.string().min(1, { message: "must not be empty" }).default("127.0.0.1"),
  /** Number of reverse proxies in front of the server whose X-Forwarded-* headers are trusted. */
  TRUST_PROXY: z.coerce
    .number({ invalid_type_error: "must be the number of proxies in front of Debrief (0 for none)" })
    .int({ message: "must be the number of proxies in front of Debrief (0 for none)" })
    .min(0, { message: "must be the number of proxies in front of Debrief (0 for none)" })
    .default(0),
  /** Outgoing mail (password reset links), e.g. smtps://user:password@smtp.example.org:465. Unset: see `mailDelivery`. */
  SMTP_URL: z
    .string()
    .refine((url) => /^smtps?:\/\/[^/\s]+/.test(url) && URL.canParse(url), {
      message: "must be an SMTP address such as smtps://user:password@smtp.example.org:465 (or smtp://… for STARTTLS)",
    })
    .optional(),
  /** The sender of Debrief's e-mail: an address, or a name and an address. */
  MAIL_FROM: z
    .string()
    .refine((from) => z.string().email().safeParse(/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim()).success, {
      message: "must be an e-mail address, such as debrief@example.org or Debrief <debrief@example.org>",
    })
    .optional(),
  /**
   * The address people open Debrief at. Links in e-mail are built from it, never from the request's
   * Host header, which whoever sends the request chooses. (Not BASE_URL: Vite and Vitest set that one.)
   */
  SITE_URL: z
    .string()
    .refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol) && new URL(url).pathname === "/", {
      message: "must be the address Debrief is served at, such as https://debrief.example.org",
    })
    .optional(),
}).superRefine((env, ctx) => {
  if (!env.SMTP_URL) return;
  if (!env.MAIL_FROM) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["MAIL_FROM"], message: "is required when SMTP_URL is set (the sender of Debrief's e-mail)" });
  if (!env.SITE_URL) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["SITE_URL"], message: "is required when SMTP_URL is set (links in e-mail point there)" });
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Pure: validates a raw environment. Each bad variable gives one line naming it. */
export function parseEnv(raw: Record<string, string | undefined>, cwd = process.cwd()): Env {
  const input = {
    NODE_ENV: raw.NODE_ENV || undefined,
    DATABASE_URL: resolveDatabaseUrl(raw.DATABASE_URL, cwd, raw.DATA_DIR ?? null),
    SESSION_SECRET: raw.SESSION_SECRET,
    ENCRYPTION_KEY: raw.ENCRYPTION_KEY,
    PORT: raw.PORT === undefined || raw.PORT === "" ? undefined : raw.PORT,
    HOST: raw.HOST === undefined ? undefined : raw.HOST,
    TRUST_PROXY: raw.TRUST_PROXY === undefined || raw.TRUST_PROXY === "" ? undefined : raw.TRUST_PROXY,
    SMTP_URL: raw.SMTP_URL || undefined,
    MAIL_FROM: raw.MAIL_FROM || undefined,
    SITE_URL: raw.SITE_URL || undefined,
  };
  const result = EnvSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const given = input[name as keyof typeof input];
    const message = given === undefined && issue.code === "invalid_type" ? "is required" : issue.message;
    return `${name} ${message}`;
  });
  throw new EnvError(problems);
}

/** Where a generated secret is kept when the environment gives none. */
export function storedSecretPath(name: "SESSION_SECRET" | "ENCRYPTION_KEY", dataDir = defaultDataDir()) {
  return path.join(dataDir, name === "SESSION_SECRET" ? "session-secret" : "encryption-key");
}

/**
 * A secret that survives restarts without configuration: when the environment gives none, one is
 * generated once and kept (readable by this user only) in the data folder.
 */
export function ensureStoredSecret(
  raw: Record<string, string | undefined>,
  name: "SESSION_SECRET" | "ENCRYPTION_KEY",
  dataDir = defaultDataDir(),
) {
  if (raw[name]) return raw[name];
  const file = storedSecretPath(name, dataDir);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  console.info(`${name} was not set: generated one and stored it in ${file}`);
  return secret;
}

let cached: Env | undefined;

/** The validated environment of this process; throws EnvError with one line per bad value. */
export function getEnv(): Env {
  if (cached) return cached;
  const raw = { ...process.env };
  raw.SESSION_SECRET = ensureStoredSecret(raw, "SESSION_SECRET");
  raw.ENCRYPTION_KEY = ensureStoredSecret(raw, "ENCRYPTION_KEY");
  cached = parseEnv(raw);
  return cached;
}
