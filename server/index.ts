// The HTTP server: validates the environment, opens the database, then serves the Remix app.
// `npm start` runs the production build; `npm run dev` serves through Vite with hot reload.
import path from "node:path";
import v8 from "node:v8";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { randomBytes } from "node:crypto";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { projectRootAbove } from "./project-root";
import { EnvError, databaseEngineOf, defaultDataDir, getEnv, resolveDatabaseUrl, sqliteFilePath, storedSecretPath } from "../app/env.server";
import { CLIENT_IP_HEADER } from "../app/security/client-ip.server";
import { refuseRequest } from "../app/security/request-guards";
import { databaseFacts, lostEncryptionKeyProblem } from "./database-checks";
import { claimServerMarker, clearServerMarker, serverMarker } from "./database-files";
import { keepNewFilesPrivate, privateFileWarnings, sqliteFiles } from "./file-modes";

type DebriefEntry = {
  startup?: () => Promise<unknown>;
  shutdown?: () => Promise<void>;
  dailyRetention?: () => Promise<void>;
  publishFigures?: () => Promise<void>;
  hourlyUploadCleanup?: () => Promise<void>;
  sendReminders?: () => Promise<void>;
};

// V8 lets the heap grow to several times what is live before it collects old objects: under 50
// saving clients about 200 MB of heap for about 45 MB live. Growing by at most 30% keeps the
// server near 220 MB at the same speed, and, unlike a fixed limit, still lets a large import grow.
v8.setFlagsFromString("--heap-growing-percent=30");

// The project's folder: this file runs as server/index.ts (development) or build/start/index.js.
const root = projectRootAbove(path.dirname(fileURLToPath(import.meta.url)));
const isDev = process.argv.includes("--dev");

// The database, its WAL, the keys and anything else this process writes: owner-only from creation.
keepNewFilesPrivate();

function fail(message: string): never {
  console.error(`Debrief cannot start: ${message}`);
  process.exit(1);
}

const databaseUrl = resolveDatabaseUrl(process.env.DATABASE_URL);
const databaseFile = databaseEngineOf(databaseUrl) === "sqlite" ? sqliteFilePath(databaseUrl) : null;
// The database first: missing, served by another Debrief server, locked, read-only, not a database,
// unreachable or not migrated ends here in one line. (Several servers may share one PostgreSQL
// database; one SQLite file has one server.)
const database = await databaseFacts(databaseUrl, root, { exclusive: true, needsCurrentSchema: true });
if (database.problem) fail(database.problem);
// Claimed now, before anything else, so a second server started at the same moment is refused too
// (npm run restore also reads the marker).
if (databaseFile) {
  const other = claimServerMarker(databaseFile);
  if (other !== null) fail(`a Debrief server (process ${other}) is running on ${databaseFile}: one server owns a database. Stop it first, then try again`);
}

// In production a lost encryption key must not be silently replaced: real notes would become unreadable.
const lostKey = lostEncryptionKeyProblem(database.organisations);
if (process.env.NODE_ENV === "production" && lostKey) fail(lostKey);

let env;
try {
  env = getEnv();
} catch (error) {
  if (error instanceof EnvError) fail(`\n${error.problems.map((p) => `  ${p}`).join("\n")}`);
  throw error;
}

// The app bundle reads the same, now complete, environment.
process.env.DATABASE_URL = env.DATABASE_URL;
process.env.SESSION_SECRET = env.SESSION_SECRET;

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", env.TRUST_PROXY);
app.use(compression());

// A fresh nonce per response: the only inline scripts allowed are the ones Remix renders with it.
app.use((_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
});
app.use(
  helmet({
    contentSecurityPolicy: {
      // Vite's development server injects scripts of its own; report only there.
      reportOnly: isDev,
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": isDev ? ["'self'", "ws:"] : ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
      },
    },
    referrerPolicy: { policy: "same-origin" },
    // HSTS only means something over HTTPS, which production must use.
    strictTransportSecurity: isDev ? false : { maxAge: 63072000, includeSubDomains: true },
    crossOriginEmbedderPolicy: false,
  }),
);

// State changes only by same-site POST, bodies at most 1 MB: refused before the app reads anything.
app.use((req, res, next) => {
  const refusal = refuseRequest({
    method: req.method,
    ownOrigin: `${req.protocol}://${req.get("host")}`,
    origin: req.get("origin"),
    secFetchSite: req.get("sec-fetch-site"),
    contentLength: req.get("content-length"),
    transferEncoding: req.get("transfer-encoding"),
    path: req.path,
    url: req.originalUrl,
    contentType: req.get("content-type"),
  });
  if (!refusal) return next();
  res.status(refusal.status).type("text/plain; charset=utf-8").send(refusal.message);
});

let loadBuild: () => Promise<ServerBuild>;
if (isDev) {
  const vite = await import("vite");
  const viteServer = await vite.createServer({ server: { middlewareMode: true } });
  app.use(viteServer.middlewares);
  loadBuild = () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
} else {
  const buildPath = path.join(root, "build", "server", "index.js");
  const clientDir = path.join(root, "build", "client");
  // Hashed file names: cache for a year. Everything else briefly.
  app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y" }));
  // The chart script keeps its name across builds: the browser asks each time (304 when unchanged).
  app.use("/charts", express.static(path.join(clientDir, "charts"), { maxAge: 0 }));
  app.use(express.static(clientDir, { maxAge: "1h" }));
  let build: ServerBuild;
  try {
    build = (await import(buildPath)) as ServerBuild;
  } catch (error) {
    fail(`no production build at ${buildPath} (run npm run build): ${String(error)}`);
  }
  loadBuild = async () => build;
}

const startupBuild = await loadBuild();
const entry = startupBuild.entry.module as DebriefEntry;
try {
  await entry.startup?.();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

// Once the database is open (so its WAL exists): files other local users could read are made
// owner-only, and folders they can open are named, each in a plain warning.
const dataDir = defaultDataDir();
const privateFiles = [storedSecretPath("SESSION_SECRET", dataDir), storedSecretPath("ENCRYPTION_KEY", dataDir)];
const privateFolders = [dataDir];
if (databaseFile) {
  privateFiles.push(...sqliteFiles(databaseFile), serverMarker(databaseFile));
  privateFolders.push(path.dirname(databaseFile));
}
for (const warning of privateFileWarnings(privateFiles, privateFolders)) console.warn(warning);

// The retention rule runs a minute after start, then daily; a failure is logged and tried again next time.
const DAY_MS = 24 * 60 * 60 * 1000;
const runRetention = () => entry.dailyRetention?.().catch((error: unknown) => console.error(`Retention did not run: ${(error as Error).message}`));
setTimeout(runRetention, 60_000).unref();
setInterval(runRetention, DAY_MS).unref();
// Uploaded import files left for a day are deleted within the hour after (each new upload also clears them).
const HOUR_MS = 60 * 60 * 1000;
const runUploadCleanup = () => entry.hourlyUploadCleanup?.().catch((error: unknown) => console.error(`Old uploads were not deleted: ${(error as Error).message}`));
setTimeout(runUploadCleanup, 60_000).unref();
setInterval(runUploadCleanup, HOUR_MS).unref();

// Reminder e-mails: soon after start, then hourly, one run at a time. What was sent is recorded per
// person and day in the database, so a restart or a second server sends nothing twice.
let reminding: Promise<void> | null = null;
const runReminders = () => {
  reminding ??= (entry.sendReminders?.() ?? Promise.resolve())
    .catch((error: unknown) => console.error(`Reminders were not sent: ${(error as Error).message}`))
    .finally(() => {
      reminding = null;
    });
};
setTimeout(runReminders, 20_000).unref();
setInterval(runReminders, HOUR_MS).unref();

// Figures are published in the background, never on a visit: soon after start, then every hour, one
// run at a time. A failure is logged and tried again at the next run.
let publishing: Promise<void> | null = null;
const runPublication = () => {
  publishing ??= (entry.publishFigures?.() ?? Promise.resolve())
    .catch((error: unknown) => console.error(`Figures were not published: ${(error as Error).message}`))
    .finally(() => {
      publishing = null;
    });
};
setTimeout(runPublication, 5_000).unref();
setInterval(runPublication, HOUR_MS).unref();

// Pages carry personal data: never stored by browsers or proxies unless a route says otherwise.
// The client's address travels with the request in a header only this server sets.
app.use((req, res, next) => {
  res.set("Cache-Control", "no-store");
  req.headers[CLIENT_IP_HEADER] = req.ip ?? "";
  next();
});

app.all(
  "*",
  createRequestHandler({
    // In production the build itself: given a function, Remix loads it and derives its routes again for every request.
    build: isDev ? loadBuild : startupBuild,
    mode: isDev ? "development" : "production",
    getLoadContext: (req, res) => ({ clientIp: req.ip ?? null, cspNonce: res.locals.cspNonce as string }),
  }),
);

const server = app.listen(env.PORT, env.HOST, () => {
  const host = env.HOST === "127.0.0.1" || env.HOST === "0.0.0.0" ? "localhost" : env.HOST;
  console.info(`Debrief is listening on http://${host}:${env.PORT}`);
});
server.on("error", (error) => fail(error.message));

let closing = false;
function closeGracefully(signal: string) {
  if (closing) return;
  closing = true;
  console.info(`${signal} received: finishing open requests, then closing the database.`);
  server.close(async () => {
    await entry.shutdown?.();
    if (databaseFile) clearServerMarker(databaseFile);
    process.exit(0);
  });
  // Idle keep-alive connections would otherwise hold the process open.
  server.closeIdleConnections();
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.once("SIGTERM", () => closeGracefully("SIGTERM"));
process.once("SIGINT", () => closeGracefully("SIGINT"));
