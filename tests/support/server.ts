import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { throttleKeyHash } from "~/auth/throttle-key.server";
import { projectRoot } from "./paths";

/** The built server (`npm run build`), as `npm start` runs it. */
const SERVER_ENTRY = path.join("build", "start", "index.js");

export type RunningServer = { url: string; process: ChildProcess; output: () => string; stop: () => Promise<void> };

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts the production server as `npm start` does (after its build and set-up steps): Node runs
 * the built entry, so the child is the server: a signal reaches it and its memory can be read.
 * `nodeArgs` go to Node (for example --cpu-prof).
 */
export function spawnServer(env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  // Generated secrets, if any, go beside the test's database, never into the project's data/.
  const dataDir = env.DATABASE_URL?.startsWith("file:") ? path.dirname(env.DATABASE_URL.slice("file:".length)) : tmpdir();
  return spawn(process.execPath, [...nodeArgs, SERVER_ENTRY], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", DATA_DIR: dataDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Collects a child's output, for the error when it does not start. */
export function outputOf(child: ChildProcess) {
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return () => output;
}

/** Waits until `url` answers 2xx, or throws with the child's output if it exits or takes too long. */
export async function waitForAnswer(url: string, child: ChildProcess, output: () => string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`No answer from ${url} in ${timeoutMs / 1000} s:\n${output()}`);
}

/** Stops a child with SIGTERM (a graceful shutdown) and waits until it has exited. */
export function stopChild(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** Starts the built server on a database file and waits until /healthz answers. */
export function startServer(databaseFile: string, extraEnv: Record<string, string> = {}, nodeArgs: string[] = []): Promise<RunningServer> {
  return startServerOn(`file:${databaseFile}`, extraEnv, nodeArgs);
}

/** The SESSION_SECRET of the servers tests start (unless a test gives its own). */
export const TEST_SESSION_SECRET = "test-session-secret-that-is-long-enough-0123456789";

/** A throttle key as a test server stores it (a keyed hash of the subject, never the subject). */
export const storedThrottleKey = (subject: string) => throttleKeyHash(TEST_SESSION_SECRET, subject);

/** Starts the built server on the database DATABASE_URL names (a SQLite file or a PostgreSQL database), and waits until /healthz answers. */
export async function startServerOn(databaseUrl: string, extraEnv: Record<string, string> = {}, nodeArgs: string[] = []): Promise<RunningServer> {
  if (![SERVER_ENTRY, path.join("build", "server", "index.js")].every((file) => existsSync(path.join(projectRoot, file)))) {
    throw new Error("No production build: run `npm run build` first (npm test does this before the tests).");
  }
  const port = await freePort();
  const child = spawnServer(
    {
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: TEST_SESSION_SECRET,
      ENCRYPTION_KEY: "0123456789abcdef".repeat(4),
      ...extraEnv,
    },
    nodeArgs,
  );
  const output = outputOf(child);
  // localhost, not 127.0.0.1: browsers treat it as a secure context.
  const url = `http://localhost:${port}`;
  await waitForAnswer(`${url}/healthz`, child, output);
  return { url, process: child, output, stop: () => stopChild(child) };
}
