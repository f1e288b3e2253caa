import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { projectRoot, tsxBin } from "./paths";

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

/** Starts the production server as `npm start` does (after its build and set-up steps). */
export function spawnServer(env: Record<string, string>): ChildProcess {
  // Generated secrets, if any, go beside the test's database, never into the project's data/.
  const dataDir = env.DATABASE_URL ? path.dirname(env.DATABASE_URL.replace(/^file:/, "")) : tmpdir();
  return spawn(tsxBin, ["server/index.ts"], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", DATA_DIR: dataDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Starts the built server on a database file and waits until /healthz answers. */
export async function startServer(databaseFile: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const buildEntry = path.join(projectRoot, "build", "server", "index.js");
  if (!existsSync(buildEntry)) {
    throw new Error("No production build: run `npm run build` first (npm test does this before the tests).");
  }
  const port = await freePort();
  const child = spawnServer({
    PORT: String(port),
    DATABASE_URL: `file:${databaseFile}`,
    SESSION_SECRET: "test-session-secret-that-is-long-enough-0123456789",
    ENCRYPTION_KEY: "0123456789abcdef".repeat(4),
    ...extraEnv,
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  // localhost, not 127.0.0.1: browsers treat it as a secure context.
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (Date.now() >= deadline) throw new Error(`The server did not become healthy in 30 s:\n${output}`);
  return {
    url,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
