// The HTTP server: validates the environment, opens the database, then serves the Remix app.
// `npm start` runs the production build; `npm run dev` serves through Vite with hot reload.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { EnvError, getEnv } from "../app/env.server";

type DebriefEntry = {
  startup?: () => Promise<unknown>;
  shutdown?: () => Promise<void>;
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const isDev = process.argv.includes("--dev");

function fail(message: string): never {
  console.error(`Debrief cannot start: ${message}`);
  process.exit(1);
}

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
app.use(compression());

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
  app.use(express.static(clientDir, { maxAge: "1h" }));
  let build: ServerBuild;
  try {
    build = (await import(buildPath)) as ServerBuild;
  } catch (error) {
    fail(`no production build at ${buildPath} (run npm run build): ${String(error)}`);
  }
  loadBuild = async () => build;
}

const entry = (await loadBuild()).entry.module as DebriefEntry;
try {
  await entry.startup?.();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

app.all(
  "*",
  createRequestHandler({
    build: loadBuild,
    mode: isDev ? "development" : "production",
    getLoadContext: (req) => ({ clientIp: req.ip ?? null }),
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
    process.exit(0);
  });
  // Idle keep-alive connections would otherwise hold the process open.
  server.closeIdleConnections();
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.once("SIGTERM", () => closeGracefully("SIGTERM"));
process.once("SIGINT", () => closeGracefully("SIGINT"));
