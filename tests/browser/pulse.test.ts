import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startAppUnderTest, type AppUnderTest } from "./harness";
import { accessibilityViolations, signIn } from "./support";

let app: AppUnderTest;

beforeAll(async () => {
  app = await startAppUnderTest("browser-pulse");
});
afterAll(async () => {
  await app?.close();
});

test.each([true, false])("an admin opens a check-in and a team member answers it anonymously by keyboard (JavaScript: %s), with no axe violations", async (javaScriptEnabled) => {
  // axe runs in the page, so it checks the pages with JavaScript; without, the same pages must still work.
  const noViolations = async (page: Parameters<typeof accessibilityViolations>[0]) => {
    if (javaScriptEnabled) expect(await accessibilityViolations(page)).toEqual([]);
  };
  const adminContext = await app.browser.newContext({ javaScriptEnabled });
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, app.server.url, "admin@demo.test");
  await adminPage.goto(`${app.server.url}/admin`);
  await adminPage.getByRole("link", { name: /Team check-ins/ }).click();
  await adminPage.getByRole("heading", { name: "Team check-ins" }).waitFor();
  await noViolations(adminPage);
  await adminPage.getByLabel("Team").selectOption({ label: javaScriptEnabled ? "Roads Policing Unit (Northshire Police)" : "Public Protection Unit (Northshire Police)" });
  await adminPage.getByRole("button", { name: "Open check-in" }).click();
  await adminPage.waitForURL(/\/admin\/pulses\/[^/]+$/);
  const code = (await adminPage.locator(".app-pulse-code").textContent())!;
  expect(code).toMatch(/^[A-Z0-9]{4} [A-Z0-9]{4}$/);
  await noViolations(adminPage);

  // A member of staff on a shared device: no sign-in.
  const staffContext = await app.browser.newContext({ javaScriptEnabled });
  const page = await staffContext.newPage();
  await page.goto(`${app.server.url}/pulse`);
  await noViolations(page);
  await page.getByLabel("Check-in code").fill(code.toLowerCase());
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Team check-in" }).waitFor();
  await page.getByText("I have felt cheerful and in good spirits").waitFor();
  await noViolations(page);

  // Sending nothing: every question is listed in the summary, linked to its answers.
  await page.getByRole("button", { name: "Send my answers" }).click();
  const summary = page.locator(".govuk-error-summary");
  await summary.waitFor();
  expect(await summary.locator("a").count()).toBe(6);
  await noViolations(page);
  if (javaScriptEnabled) {
    const screenshots = path.resolve("test-results/screenshots");
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, "pulse.png"), fullPage: true });
  }

  // Answer by keyboard: focus each question's first answer and choose with the arrow keys.
  const questions = page.locator("fieldset");
  for (let index = 0; index < 6; index += 1) {
    await questions.nth(index).locator("input[type=radio]").first().focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowDown");
  }
  await page.getByRole("button", { name: "Send my answers" }).click();
  await page.getByRole("heading", { name: "Thank you" }).waitFor();
  await noViolations(page);

  // The same device cannot answer again.
  await page.goto(`${app.server.url}/pulse/${code.replace(" ", "")}`);
  await page.getByRole("heading", { name: "You have already answered this check-in" }).waitFor();
  await adminContext.close();
  await staffContext.close();
});
