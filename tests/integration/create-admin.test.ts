// create-admin's own answers. The first run as the README gives it (create-admin on a new database,
// then npm start) is walked in readme-first-run.test.ts.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, expect, test } from "vitest";
import { runScript } from "../support/cli";
import { demoDatabase, emptyDatabase, type TestDatabase } from "../support/engines";
import { projectRoot, tsxBin } from "../support/paths";

const run = promisify(execFile);
let db: TestDatabase | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await db?.remove();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function createAdmin(databaseUrl: string, ...args: string[]) {
  return run(tsxBin, ["server/cli/create-admin.ts", ...args], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: databaseUrl } });
}

test("with the keys in the environment, create-admin stores none and says to give npm start the same; the address is kept in lower case", async () => {
  db = await emptyDatabase("create-admin-env-keys");
  dataDir = mkdtempSync(path.join(tmpdir(), "debrief-create-admin-data-"));
  // The suite's environment sets SESSION_SECRET and ENCRYPTION_KEY.
  const created = await runScript("server/cli/create-admin.ts", ["--email", "Lead@Example.org", "--organisation", "Northshire Police", "--base-url", "https://debrief.example.org"], { DATABASE_URL: db.url, DATA_DIR: dataDir });
  expect(created.code, created.stderr).toBe(0);
  expect(created.stdout).toContain('Created administrator lead@example.org in "Northshire Police"');
  expect(created.stdout).toMatch(/Set the password within 72 hours at: https:\/\/debrief\.example\.org\/invite\/[A-Za-z0-9_-]+/);
  expect(created.stdout).toContain("SESSION_SECRET and ENCRYPTION_KEY come from the environment: give npm start the same. Back them up with the database");
  expect(["session-secret", "encryption-key"].filter((name) => existsSync(path.join(dataDir!, name)))).toEqual([]);

  // The link was lost before the password was set: the same command gives a new one.
  const again = await runScript("server/cli/create-admin.ts", ["--email", "lead@example.org", "--base-url", "https://debrief.example.org"], { DATABASE_URL: db.url, DATA_DIR: dataDir });
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toContain('lead@example.org in "Northshire Police" has not set a password yet: here is a new link (the earlier one no longer works).');
  const link = (output: string) => /\/invite\/[A-Za-z0-9_-]+/.exec(output)![0];
  expect(link(again.stdout)).not.toBe(link(created.stdout));
});

test("create-admin refuses a demo database, an existing address and a missing --email", async () => {
  db = await demoDatabase("create-admin-demo");
  await expect(createAdmin(db.url, "--email", "lead@example.org")).rejects.toMatchObject({ stderr: expect.stringMatching(/demo organisation/) });
  await expect(createAdmin(db.url, "--email", "admin@demo.test")).rejects.toMatchObject({ stderr: expect.stringMatching(/already has an account/) });
  await expect(createAdmin(db.url)).rejects.toMatchObject({ stderr: expect.stringMatching(/--email/) });
});

test("a second organisation on one database: a new name adds it, an existing name (any case) adds to it, no name with two is refused; --help explains", async () => {
  db = await emptyDatabase("create-admin-two-organisations");
  const env = { DATABASE_URL: db.url };
  const make = (...args: string[]) => runScript("server/cli/create-admin.ts", args, env);
  expect((await make("--email", "lead@police.test", "--organisation", "Northshire Police")).stdout).toContain('Created administrator lead@police.test in "Northshire Police"');
  const second = await make("--email", "lead@fire.test", "--organisation", "Eastmoor Fire and Rescue");
  expect(second.code, second.stderr).toBe(0);
  expect(second.stdout).toContain('Added the organisation "Eastmoor Fire and Rescue" beside "Northshire Police": nothing of one is seen by the other.');
  expect(second.stdout).toContain('Created administrator lead@fire.test in "Eastmoor Fire and Rescue"');
  // The same address may be in both, as an invitation in each would make it.
  expect((await make("--email", "lead@police.test", "--organisation", "eastmoor fire and rescue")).stdout).toContain('Created administrator lead@police.test in "Eastmoor Fire and Rescue"');
  const unnamed = await make("--email", "third@example.org");
  expect(unnamed.code).not.toBe(0);
  expect(unnamed.stderr).toContain('this database holds 2 organisations ("Northshire Police", "Eastmoor Fire and Rescue")');
  const help = await make("--help");
  expect(help.code).toBe(0);
  expect(help.stdout).toContain("Usage: npm run create-admin -- --email you@example.org");
  const wrong = await make("--organization", "x");
  expect(wrong.code).not.toBe(0);
  expect(wrong.stderr).toContain("Usage: npm run create-admin");
  expect(wrong.stderr).not.toContain("    at ");
});
