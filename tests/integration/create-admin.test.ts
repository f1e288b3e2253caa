import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, expect, test } from "vitest";
import { demoDatabase, newDatabase, type TestDatabase } from "../support/engines";
import { HttpSession } from "../support/http";
import { projectRoot, tsxBin } from "../support/paths";
import { startServerOn, type RunningServer } from "../support/server";

const run = promisify(execFile);
let db: TestDatabase | undefined;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
  await db?.remove();
});

function createAdmin(databaseUrl: string, ...args: string[]) {
  return run(tsxBin, ["server/cli/create-admin.ts", ...args], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: databaseUrl } });
}

test("first run on a new database: create-admin makes the first admin with a one-time link and no password", async () => {
  db = await newDatabase("create-admin");
  const { stdout } = await createAdmin(db.url, "--email", "Lead@Example.org", "--organisation", "Northshire Police", "--base-url", "https://debrief.example.org");
  expect(stdout).toContain('Created administrator lead@example.org in "Northshire Police"');
  const link = /https:\/\/debrief\.example\.org(\/invite\/[A-Za-z0-9_-]+)/.exec(stdout)?.[1];
  expect(link).toBeTruthy();

  server = await startServerOn(db.url);
  const anonymous = new HttpSession(server.url);
  // No password exists until the link is used: nothing to guess.
  expect((await anonymous.post("/login", { email: "lead@example.org", password: "demo-password-1" })).status).toBe(400);
  expect((await anonymous.get(link!)).status).toBe(200);
  const set = await anonymous.post(link!, { password: "granite willow beacon", confirmPassword: "granite willow beacon" });
  expect(set.status).toBe(302);
  // A real organisation requires MFA by default, so the new admin sets it up first.
  expect(set.headers.get("location")).toMatch(/^\/account\/two-factor/);
  // And nothing shows "Demo data" here.
  expect(await (await new HttpSession(server.url).get("/login")).text()).not.toContain("Demo data");
});

test("create-admin refuses a demo database, an existing address and a missing --email", async () => {
  db = await demoDatabase("create-admin-demo");
  await expect(createAdmin(db.url, "--email", "lead@example.org")).rejects.toMatchObject({ stderr: expect.stringMatching(/demo organisation/) });
  await expect(createAdmin(db.url, "--email", "admin@demo.test")).rejects.toMatchObject({ stderr: expect.stringMatching(/already has an account/) });
  await expect(createAdmin(db.url)).rejects.toMatchObject({ stderr: expect.stringMatching(/--email/) });
});
