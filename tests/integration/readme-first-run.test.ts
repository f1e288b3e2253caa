// The README's "First run with real data", typed as written, on a new database: its commands are
// read from README.md and run through the shell, so the test follows the README wherever it changes.
// Only the database (a temporary one on the engine under test), the data folder (temporary, not
// data/) and the port differ; `npm install` is not run again (the project is installed).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { buildIsCurrent } from "../../server/build-stamp";
import { expectOneLineRefusal, type CommandResult } from "../support/cli";
import { newDatabase, onPostgresql, type TestDatabase } from "../support/engines";
import { HttpSession } from "../support/http";
import { projectRoot } from "../support/paths";
import { freePort, outputOf, waitForAnswer } from "../support/server";
import { withSql } from "../support/sql";

let cleanUp: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanUp.reverse()) await step();
  cleanUp = [];
});

/** The shell commands of the README's "First run with real data", one per line. */
function readmeFirstRunCommands(): string[] {
  const readme = readFileSync(path.join(projectRoot, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((part) => part.startsWith("First run with real data\n"));
  const block = /```sh\n([\s\S]*?)```/.exec(section ?? "")?.[1];
  if (!block) throw new Error('README.md has no sh block under "## First run with real data"');
  return block
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter(Boolean);
}

/** Runs one command line through the shell in the project folder, like a person typing it; resolves whatever its exit code. */
function shell(line: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn("sh", ["-c", line], { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

test("the README's first run, as written, on a new database: create-admin then npm start serves sign-in and the invitation; keys made once, default protocol, no demo", async () => {
  // npm start builds only when the sources changed; here it must find the suite's build current, not rebuild under the other tests.
  if (!buildIsCurrent(projectRoot)) throw new Error("The build is not of the current sources: run `npm run build` first (npm test does this before the tests).");

  const commands = readmeFirstRunCommands();
  expect(commands[0]).toMatch(/^export DATABASE_URL=\S+$/);
  expect(commands.at(-1)).toBe("npm start");
  const db: TestDatabase = await newDatabase("readme-first-run");
  cleanUp.push(() => db.remove());
  const dataDir = mkdtempSync(path.join(tmpdir(), "debrief-readme-data-"));
  cleanUp.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  // A new machine's shell: no keys, no NODE_ENV, the README's DATABASE_URL (here the test's database).
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, DATA_DIR: dataDir, PORT: String(port) };
  for (const name of ["SESSION_SECRET", "ENCRYPTION_KEY", "NODE_ENV"]) delete env[name];

  const outputs: string[] = [];
  for (const line of commands.slice(1, -1)) {
    if (line === "npm install") continue;
    const result = await shell(line, env);
    expect(result.code, `${line}\n${result.stdout}\n${result.stderr}`).toBe(0);
    outputs.push(result.stdout + result.stderr);
  }
  const created = outputs.join("\n");
  const link = /https?:\/\/\S+?(\/invite\/[A-Za-z0-9_-]+)/.exec(created)?.[1];
  expect(link, created).toBeTruthy();
  // The keys, where npm start will look for them, readable by this user only; the output says where and to back them up.
  const keyFiles = ["session-secret", "encryption-key"].map((name) => path.join(dataDir, name));
  expect(created).toContain(`npm start reads the keys from ${keyFiles.join(" and ")}. Back them up with the database`);
  for (const file of keyFiles) expect(statSync(file).mode & 0o777).toBe(0o600);
  // So is a new SQLite database: it holds health data.
  if (!onPostgresql()) expect(statSync(db.url.replace(/^file:/, "")).mode & 0o777).toBe(0o600);
  const keys = keyFiles.map((file) => readFileSync(file, "utf8"));
  // The new organisation has the default support protocol, so its first exposures get follow-ups.
  expect(await withSql(db.url, (sql) => sql.all("SELECT label, offsetHours, contactType FROM FollowUpProtocolStep ORDER BY sortOrder"))).toEqual([
    { label: "72-hour risk assessment", offsetHours: 72, contactType: "risk_assessment" },
    { label: "28-day review", offsetHours: 672, contactType: "review" },
  ]);

  // npm start, in a process group of its own so that npm, its scripts and the server stop together.
  const start = spawn("sh", ["-c", "npm start"], { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const started = outputOf(start);
  cleanUp.push(
    () =>
      new Promise<void>((resolve) => {
        if (start.exitCode !== null) return resolve();
        start.once("exit", () => resolve());
        process.kill(-start.pid!, "SIGTERM");
      }),
  );
  const url = `http://localhost:${port}`;
  await waitForAnswer(`${url}/login`, start, started, 60_000);
  expect(started()).toContain("The build in build/ is current: not building again.");
  expect(started()).toContain("The database is up to date, and holds data: no demo is added.");
  expect(`${created}\n${started()}`).not.toMatch(/NOT be used|warn|Error/i);
  expect(keyFiles.map((file) => readFileSync(file, "utf8"))).toEqual(keys);

  const anonymous = new HttpSession(url);
  const signIn = await anonymous.get("/login");
  expect(signIn.status).toBe(200);
  const signInPage = await signIn.text();
  expect(signInPage).toContain("Sign in to Debrief");
  // A real organisation: no "Demo data" anywhere, and no password exists until the link is used.
  expect(signInPage).not.toContain("Demo data");
  const email = /--email (\S+)/.exec(commands.join("\n"))?.[1];
  expect((await anonymous.post("/login", { email: email!, password: "demo-password-1" })).status).toBe(400);
  expect((await anonymous.get(link!)).status).toBe(200);
  const set = await anonymous.post(link!, { password: "granite willow beacon", confirmPassword: "granite willow beacon" });
  expect(set.status).toBe(302);
  // A real organisation requires two-factor authentication by default, so the new admin sets it up first.
  expect(set.headers.get("location")).toMatch(/^\/account\/two-factor/);

  // One SQLite file has one server: a second npm start beside it is refused in one line, before any build.
  if (!onPostgresql()) {
    const second = await shell("npm start", { ...env, PORT: String(await freePort()) });
    expect(expectOneLineRefusal(second, "Debrief cannot start")).toMatch(/a Debrief server \(process \d+\) is running on .*: one server owns a database\. Stop it first, then try again$/);
    expect(second.stdout).not.toMatch(/vite v|building/);
  }
});
