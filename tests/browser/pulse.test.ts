import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startAppUnderTest, type AppUnderTest } from "./harness";
import { accessibilityViolations, signIn } from "./support";

let app: AppUnderTest;
const K = 5;
const SCREENSHOTS = path.resolve("test-results/screenshots");

beforeAll(async () => {
  app = await startAppUnderTest("browser-pulse");
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await app?.close();
});

/**
 * axe finds nothing (it runs in the page, so only with JavaScript), and at 320 px wide nothing
 * scrolls sideways; with `shot`, the page is photographed at 1280 and at 320 px to be looked at.
 */
async function checkPage(page: Page, javaScriptEnabled: boolean, shot?: string) {
  if (javaScriptEnabled) expect(await accessibilityViolations(page)).toEqual([]);
  if (shot && javaScriptEnabled) await page.screenshot({ path: path.join(SCREENSHOTS, `${shot}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 320, height: 800 });
  const wider = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll("body *")]
      .filter((element) => element.checkVisibility() && element.getBoundingClientRect().right > width + 1)
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join(".")}`);
  });
  expect(wider, `${page.url()} at 320 px`).toEqual([]);
  if (shot && javaScriptEnabled) await page.screenshot({ path: path.join(SCREENSHOTS, `${shot}-320.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** As if the check-in's announced end had passed: time injected into its row, as the integration tests do. */
function runToItsEnd(pulseId: string) {
  const db = new Database(app.db.file, { timeout: 10_000 });
  db.prepare("UPDATE Pulse SET closesAt = ? WHERE id = ?").run(new Date(Date.now() - 60_000).toISOString().replace("Z", "+00:00"), pulseId);
  db.close();
}

/** One person at the shared PC: types their code, answers every question by keyboard, sends. */
async function answerAtSharedPc(page: Page, code: string) {
  await page.getByLabel("Code from your slip").fill(code.toLowerCase());
  await page.keyboard.press("Enter");
  await page.getByText("I have felt cheerful and in good spirits").waitFor();
  const questions = page.locator("fieldset");
  for (let index = 0; index < 6; index += 1) {
    await questions.nth(index).locator("input[type=radio]").first().focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowDown");
  }
  await page.getByRole("button", { name: "Send my answers" }).click();
  await page.getByRole("heading", { name: "Thank you" }).waitFor();
}

test.each([true, false])(
  "an admin opens a check-in and prints its slips; two people answer on one shared browser, each with their own code; results only after the end (JavaScript: %s)",
  async (javaScriptEnabled) => {
    const scriptErrors: string[] = [];
    const adminContext = await app.browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const adminPage = await adminContext.newPage();
    adminPage.on("pageerror", (error) => scriptErrors.push(error.message));
    await signIn(adminPage, app.server.url, "admin@demo.test");
    await adminPage.goto(`${app.server.url}/admin`);
    await adminPage.getByRole("link", { name: /Team check-ins/ }).click();
    await adminPage.getByRole("heading", { name: "Team check-ins" }).waitFor();
    await checkPage(adminPage, javaScriptEnabled, "pulse-admin-list");

    // Opening without a team: the summary names the problem and links to the field.
    await adminPage.getByRole("button", { name: "Open check-in" }).click();
    const problem = adminPage.locator(".govuk-error-summary");
    await problem.waitFor();
    expect(await problem.locator("a").getAttribute("href")).toBe("#open-pulse-team");
    if (javaScriptEnabled) expect(await adminPage.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary"))).toBe(true);

    const team = javaScriptEnabled ? "Roads Policing Unit" : "Public Protection Unit";
    await adminPage.getByLabel("Team").selectOption({ label: `${team} (Northshire Police)` });
    await adminPage.getByRole("button", { name: "Open check-in" }).click();
    await adminPage.waitForURL(/\/admin\/pulses\/[^/]+\/slips$/);
    const pulseId = new URL(adminPage.url()).pathname.split("/")[3]!;
    await adminPage.getByRole("heading", { name: `Slips for ${team}` }).waitFor();
    await checkPage(adminPage, javaScriptEnabled, "pulse-slips-before");

    await adminPage.getByRole("button", { name: "Make the slips" }).click();
    await adminPage.getByText(/codes are shown only now, on this page/).waitFor();
    const codes = (await adminPage.locator(".app-slip__code").allTextContents()).map((code) => code.trim());
    expect(codes.length).toBeGreaterThanOrEqual(K);
    for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$/);
    await checkPage(adminPage, javaScriptEnabled, "pulse-slips-sheet");
    if (javaScriptEnabled) {
      // The mail-merge list downloads as CSV with the same codes; in print only the slips appear.
      await adminPage.getByText("Send the codes by e-mail instead").click();
      const [download] = await Promise.all([adminPage.waitForEvent("download"), adminPage.getByRole("link", { name: /Download the codes/ }).click()]);
      const csv = readFileSync((await download.path())!, "utf8");
      expect(csv.trim().split("\n").slice(1).map((line) => line.split(",")[0])).toEqual(codes);
      await adminPage.emulateMedia({ media: "print" });
      expect(await adminPage.getByRole("heading", { name: `Slips for ${team}` }).isVisible()).toBe(false);
      expect(await adminPage.locator(".govuk-header").isVisible()).toBe(false);
      expect(await adminPage.locator(".app-slip").first().isVisible()).toBe(true);
      await adminPage.screenshot({ path: path.join(SCREENSHOTS, "pulse-slips-print.png"), fullPage: true });
      await adminPage.pdf({ path: path.join(SCREENSHOTS, "pulse-slips.pdf"), format: "A4" });
      await adminPage.emulateMedia({ media: "screen" });
    }

    // One shared PC: nobody signs in, and each person types the code on their own slip.
    const sharedContext = await app.browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
    const sharedPc = await sharedContext.newPage();
    sharedPc.on("pageerror", (error) => scriptErrors.push(error.message));
    await sharedPc.goto(`${app.server.url}/pulse`);
    await checkPage(sharedPc, javaScriptEnabled, "pulse-code");

    // A code that is not one: refused beside the field.
    await sharedPc.getByLabel("Code from your slip").fill("ABCDE-FGHJK");
    await sharedPc.getByRole("button", { name: "Continue" }).click();
    await sharedPc.locator(".govuk-error-summary").getByText("That code is wrong or has already been used").waitFor();
    expect(await sharedPc.locator(".govuk-error-summary a").getAttribute("href")).toBe("#pulse-code-code");
    if (javaScriptEnabled) expect(await sharedPc.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary"))).toBe(true);
    await checkPage(sharedPc, javaScriptEnabled);

    // The first person: sending nothing lists every question in the summary, linked to its answers.
    await sharedPc.getByLabel("Code from your slip").fill(codes[0]!);
    await sharedPc.getByRole("button", { name: "Continue" }).click();
    await sharedPc.getByText("I have felt cheerful and in good spirits").waitFor();
    await checkPage(sharedPc, javaScriptEnabled, "pulse-questions");
    await sharedPc.getByRole("button", { name: "Send my answers" }).click();
    const summary = sharedPc.locator(".govuk-error-summary");
    await summary.waitFor();
    expect(await summary.locator("a").count()).toBe(6);
    if (javaScriptEnabled) expect(await sharedPc.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary"))).toBe(true);
    await checkPage(sharedPc, javaScriptEnabled, "pulse-questions-errors");
    await sharedPc.goto(`${app.server.url}/pulse`);
    await answerAtSharedPc(sharedPc, codes[0]!);
    await checkPage(sharedPc, javaScriptEnabled, "pulse-thanks");

    // The next person at the same browser, straight from the thank-you page, with their own code.
    await answerAtSharedPc(sharedPc, codes[1]!);
    // The first code does not work a second time.
    await sharedPc.getByLabel("Code from your slip").fill(codes[0]!);
    await sharedPc.getByRole("button", { name: "Continue" }).click();
    await sharedPc.locator(".govuk-error-summary").getByText("That code is wrong or has already been used").waitFor();

    await adminPage.goto(`${app.server.url}/admin/pulses/${pulseId}`);
    await adminPage.getByText(`2 of ${codes.length}`).waitFor();
    expect(await adminPage.getByText("Mean WHO-5 well-being score").count()).toBe(0);

    // Three more people: k have answered, but the results still wait for the announced end.
    for (const code of codes.slice(2, K)) await answerAtSharedPc(sharedPc, code);
    await adminPage.reload();
    await adminPage.getByText(`${K} of ${codes.length}`).waitFor();
    await adminPage.getByText(/Results appear here after/).waitFor();
    expect(await adminPage.getByText("Mean WHO-5 well-being score").count()).toBe(0);
    await checkPage(adminPage, javaScriptEnabled, "pulse-detail-open");

    runToItsEnd(pulseId);
    await adminPage.reload();
    await adminPage.getByText("Mean WHO-5 well-being score").waitFor();
    await checkPage(adminPage, javaScriptEnabled, "pulse-detail-results");

    expect(scriptErrors).toEqual([]);
    await adminContext.close();
    await sharedContext.close();
  },
  180_000,
);
