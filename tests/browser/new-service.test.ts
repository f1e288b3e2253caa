// Sam, a new fire and rescue service's admin, from an empty database to an evaluated initiative:
// the README's create-admin link, a password and two-factor, two services, twelve teams, thirty
// months of headcounts from a file, a manager and a researcher invited, three years of history
// imported (with two identical rows and a team the file names that Debrief does not know), an
// initiative registered, and its evaluation read by the researcher. No SQL, no file edits, no
// demo. Every page is checked with axe; the pages of the set-up also at 320 px wide.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { inject } from "vitest";
import { monthIndex, monthOf } from "~/domain/dashboard-filters";
import { monthKey } from "~/utils/time";
import { launchChromium } from "../support/browser";
import { copyOfTemplate, type TempDatabase } from "../support/database";
import { historyFile, type HistoryTeam } from "../support/history-file";
import { projectRoot, tsxBin } from "../support/paths";
import { startServer, type RunningServer } from "../support/server";
import { authenticatorCode } from "../support/totp";
import { accessibilityViolations } from "./support";

let db: TempDatabase;
let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let adminLink = "";

const OPERATIONS = ["Blue Watch", "Red Watch", "White Watch", "Amber Watch", "North Station", "South Station", "East Station", "West Station"];
const CONTROL = ["Control Watch A", "Control Watch B", "Control Watch C", "Control Watch D"];
const COVERED = ["Blue Watch", "Red Watch", "White Watch"];
const lastMonth = monthOf(monthIndex(monthKey(new Date(), "Europe/London")) - 1);
const firstMonth = monthOf(monthIndex(lastMonth) - 29);
const initiativeStart = monthOf(monthIndex(lastMonth) - 11);

beforeAll(async () => {
  db = copyOfTemplate(inject("emptyTemplate"), "browser-new-service");
  // The README's first-run command, as typed.
  const { stdout } = await promisify(execFile)(
    tsxBin,
    ["server/cli/create-admin.ts", "--email", "sam@shirefire.example", "--name", "Sam Okafor", "--organisation", "Shire Fire and Rescue Service"],
    { cwd: projectRoot, env: { ...process.env, DATABASE_URL: db.url } },
  );
  adminLink = /https?:\/\/[^/\s]+(\/invite\/[A-Za-z0-9_-]+)/.exec(stdout)![1]!;
  server = await startServer(db.file);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  db?.remove();
});

/** axe finds nothing, and at 320 px wide nothing scrolls sideways (the page is looked at as it is, then put back to 1280). */
async function checkPage(page: Page, { narrow = false } = {}) {
  expect(await accessibilityViolations(page)).toEqual([]);
  if (!narrow) return;
  await page.setViewportSize({ width: 320, height: 800 });
  // Charts redraw to the new width on their own (Chart.js watches its box): that is waited for.
  await page.waitForFunction(() => [...document.querySelectorAll("canvas")].every((canvas) => canvas.getBoundingClientRect().right <= window.innerWidth + 1), null, { timeout: 10_000 });
  // The page does not scroll sideways; if it does, the visible elements that stick out are named.
  const wider = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll("body *")]
      .filter((element) => element.checkVisibility() && element.getBoundingClientRect().right > width + 1)
      .map((element) => {
        const labelled = element.closest("[data-testid], [aria-label], section[aria-labelledby]");
        const where = labelled?.getAttribute("data-testid") ?? labelled?.getAttribute("aria-label") ?? labelled?.getAttribute("aria-labelledby");
        return `${element.tagName.toLowerCase()}.${[...element.classList].join(".")}${where ? ` in ${where}` : ""}`;
      });
  });
  expect(wider, `${page.url()} at 320 px`).toEqual([]);
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Sets a password and turns on two-factor authentication from an invitation link; ends on the person's start page. */
async function acceptInvitation(page: Page, link: string, password: string) {
  await page.goto(`${server.url}${new URL(link, server.url).pathname}`);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Enter the password again").fill(password);
  await page.getByRole("button", { name: "Set password" }).click();
  await page.getByRole("heading", { level: 1, name: "Set up two-factor authentication" }).waitFor();
  const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s+/g, "");
  await page.getByLabel("Code from the app").fill(await authenticatorCode(secret));
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await page.getByRole("link", { name: /I have stored my recovery codes/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/account"));
}

test("a new service sets itself up from nothing and evaluates its first initiative", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // No page's script may fail (a server-only library in the browser bundle once broke the team page).
  const scriptErrors: string[] = [];
  page.on("pageerror", (error) => scriptErrors.push(`${page.url()}: ${error.message}`));

  await acceptInvitation(page, adminLink, "granite willow beacon");
  await page.getByRole("heading", { level: 1, name: "Shire Fire and Rescue Service" }).waitFor();
  // The set-up list says where to start.
  const checklist = page.getByRole("region", { name: "Set up your organisation" });
  expect(await checklist.textContent()).toContain("0 of 7 steps done");
  await checkPage(page, { narrow: true });

  // Two services, each with its teams, added one after another on the service's page.
  for (const [service, kind, teams] of [
    ["Fire and Rescue Operations", "Fire and rescue", OPERATIONS],
    ["Fire Control", "999 or 111 control room", CONTROL],
  ] as const) {
    await page.goto(`${server.url}/admin`);
    await page.getByRole("link", { name: "Services: the agencies that hold teams" }).click();
    await page.getByLabel("Name of the service").fill(service);
    await page.getByLabel(kind).check();
    await page.getByRole("button", { name: "Add service" }).click();
    await page.getByRole("heading", { level: 1, name: service }).waitFor();
    for (const team of teams) {
      await page.getByLabel("Add a team to this service").fill(team);
      await page.getByRole("button", { name: "Add team" }).click();
      await page.getByText(`${team} was added to ${service}.`).waitFor();
    }
  }
  expect(await page.getByRole("list", { name: "Teams of Fire Control" }).locator("li").count()).toBe(4);
  await checkPage(page, { narrow: true });
  await page.getByRole("link", { name: "Control Watch D" }).click();
  await page.getByRole("heading", { level: 1, name: "Control Watch D" }).waitFor();
  await checkPage(page, { narrow: true });
  await page.goto(`${server.url}/admin/services`);
  await checkPage(page, { narrow: true });

  // Thirty months of headcounts for the twelve teams, from a CSV file: checked, then saved.
  const teams = [...OPERATIONS, ...CONTROL];
  const headcountLines = ["Team,Month,Headcount"];
  for (const [index, team] of teams.entries()) {
    for (let m = monthIndex(firstMonth); m <= monthIndex(lastMonth); m += 1) headcountLines.push(`${team},${monthOf(m)},${40 + index + (m % 3)}`);
  }
  await page.goto(`${server.url}/admin/headcounts`);
  await page.getByRole("link", { name: /Add many headcounts at once/ }).click();
  await page.getByLabel("Or choose a CSV file").setInputFiles({ name: "headcounts.csv", mimeType: "text/csv", buffer: Buffer.from(headcountLines.join("\n")) });
  await page.getByRole("button", { name: "Check the list" }).click();
  expect(await page.getByTestId("headcount-dry-run").textContent()).toContain("360 new months");
  await checkPage(page, { narrow: true });
  await page.getByRole("button", { name: "Save 360 headcounts" }).click();
  await page.getByRole("heading", { level: 1, name: "Headcounts" }).waitFor();
  expect(await page.getByRole("status").textContent()).toContain("360 headcounts were saved");
  expect(await page.getByLabel(`Blue Watch, ${new Date(`${lastMonth}-01T00:00:00Z`).toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" })}`).inputValue()).toMatch(/^\d+$/);
  await checkPage(page, { narrow: true });

  // A manager for the operational teams and a researcher.
  await page.goto(`${server.url}/admin/users`);
  await page.getByLabel("Email address").fill("alex.manager@shirefire.example");
  await page.getByLabel("Name").fill("Alex Reid");
  await page.getByLabel("Manager").check();
  for (const team of OPERATIONS) await page.getByLabel(`${team} (Fire and Rescue Operations)`).check();
  await page.getByRole("button", { name: "Create invitation link" }).click();
  await page.getByText("Send this one-time link to alex.manager@shirefire.example").waitFor();
  await page.getByLabel("Email address").fill("dr.rao@university.example");
  await page.getByLabel("Name").fill("Dr Rao");
  await page.getByLabel("Researcher").check();
  await page.getByRole("button", { name: "Create invitation link" }).click();
  await page.getByText("Send this one-time link to dr.rao@university.example").waitFor();
  const researcherLink = (await page.getByTestId("invitation-link").textContent())!;
  await checkPage(page);

  // Three years of history: thousands of rows, two of them identical, and a team Debrief does not know yet.
  const history = historyFile({
    teams: teams.map((name, index): HistoryTeam => ({ name, prefix: `SF${index}`, staff: 40, covered: COVERED.includes(name) })),
    firstMonth,
    lastMonth,
    initiativeStart,
    rowsPerTeamMonth: 12,
  });
  const greenWatch = historyFile({ teams: [{ name: "Green Watch", prefix: "GW", staff: 30, covered: false }], firstMonth, lastMonth, initiativeStart, rowsPerTeamMonth: 10, seed: 7 });
  const twin = history.rows[0]!;
  const file = history.text([...greenWatch.rows, twin]);
  const total = history.rows.length + greenWatch.rows.length + 1;
  expect(total).toBeGreaterThan(4000);
  await page.goto(`${server.url}/admin/import`);
  await page.getByLabel("Spreadsheet saved as CSV").setInputFiles({ name: "trim-history.csv", mimeType: "text/csv", buffer: Buffer.from(file) });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await page.getByRole("heading", { level: 1, name: "trim-history.csv" }).waitFor();
  expect(await page.getByTestId("identical-rows").textContent()).toContain(`lines 2 and ${total + 1} are identical: imported as 2 records`);
  await page.getByLabel("Team “Green Watch” in the file").selectOption({ label: "Create “Green Watch” as a new team in Fire and Rescue Operations" });
  await page.getByRole("button", { name: "Check again with these choices" }).click();
  await page.getByRole("button", { name: `Import ${total.toLocaleString("en-GB")} rows` }).waitFor();
  await checkPage(page, { narrow: true });
  await page.getByRole("button", { name: `Import ${total.toLocaleString("en-GB")} rows` }).click();
  await page.waitForURL(/\/admin\/import\?imported=/, { timeout: 120_000 });
  await page.getByText("The records were imported").waitFor();
  await checkPage(page);

  // The first initiative, covering three watches from a year ago.
  await page.goto(`${server.url}/initiatives/new`);
  await page.getByLabel("Name", { exact: true }).fill("Shared incident briefings with the police");
  await page.getByLabel("Police").check();
  const start = page.getByRole("group", { name: /When did it start/ });
  await start.getByLabel("Day").fill("1");
  await start.getByLabel("Month").fill(String(Number(initiativeStart.slice(5))));
  await start.getByLabel("Year").fill(initiativeStart.slice(0, 4));
  for (const team of COVERED) await page.getByLabel(`${team} (Fire and Rescue Operations)`).check();
  await page.getByLabel("Mean distress at first contact").check();
  await page.getByRole("button", { name: "Save initiative" }).click();
  await page.waitForURL(/\/initiatives\?saved=/);
  await checkPage(page);

  // The set-up list now counts what is done (people are not: nobody supports cases yet).
  await page.goto(`${server.url}/admin`);
  const steps = await checklist.textContent();
  // Green Watch came with the history and has no headcount yet.
  expect(steps).toContain("12 of 13 teams have a headcount");
  expect(steps).toContain("1 import");
  expect(steps).toContain("1 initiative");
  expect(scriptErrors).toEqual([]);
  await context.close();

  // Dr Rao reads the evaluation: the estimates are there, and the fall in distress is found.
  const researcher = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const rao = await researcher.newPage();
  await acceptInvitation(rao, researcherLink, "copper meadow lantern");
  const initiative = await rao.getByRole("link", { name: "Shared incident briefings with the police" }).getAttribute("href");
  // The imported months are published in the background after the import: at most a few seconds here.
  const evaluated = async () => {
    await rao.goto(`${server.url}${initiative}`);
    return rao.getByRole("heading", { name: /What the data says about mean distress at first contact/ }).count();
  };
  try {
    await expect.poll(evaluated, { timeout: 60_000, interval: 2_000 }).toBe(1);
  } catch (error) {
    throw new Error(`${(error as Error).message}\nThe page: ${(await rao.locator("main").textContent())?.slice(0, 1500)}\nThe server said:\n${server.output().slice(-3000)}`);
  }
  const evaluation = (await rao.locator("main").textContent())!.replace(/\s+/g, " ");
  expect(evaluation).toMatch(/Mean distress at first contact fell by \d\.\d points in the covered teams/);
  expect(evaluation).not.toMatch(/Mean distress at first contact Too many months withheld/);
  await checkPage(rao, { narrow: true });
  await researcher.close();
}, 600_000);
