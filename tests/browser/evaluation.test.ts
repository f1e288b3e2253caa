import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startAppUnderTest, type AppUnderTest } from "./harness";
import { accessibilityViolations, signIn } from "./support";

let app: AppUnderTest;

beforeAll(async () => {
  app = await startAppUnderTest("browser-evaluation");
});
afterAll(async () => {
  await app?.close();
});

test("the evaluation page gives a verdict, draws the time series like its table, and axe finds nothing", async () => {
  const context = await app.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await signIn(page, app.server.url, "manager@demo.test");
  await page.goto(`${app.server.url}/initiatives`);
  await page.getByRole("link", { name: "Evaluate Street triage: police with mental-health nurses" }).click();
  await page.getByRole("heading", { name: "Street triage: police with mental-health nurses" }).waitFor();
  await expect.poll(() => page.getByTestId("verdict").textContent()).toMatch(/^(Mean distress at first contact (fell|rose) by|Not enough data to tell)/);

  // Choose the information-sharing outcome by keyboard-operable controls and update.
  await page.getByLabel("Outcome for the verdict and the time series").selectOption("information_reached");
  await page.getByRole("button", { name: "Update evaluation" }).click();
  await page.waitForURL(/measure=information_reached/);
  await expect.poll(() => page.getByRole("heading", { name: /What the data says about information fully or mostly reached staff/ }).count()).toBe(1);

  const figure = page.locator("figure.trend-chart").first();
  await page.waitForFunction(() => document.querySelector("canvas[data-plotted]") !== null);
  const plotted = JSON.parse((await figure.locator("canvas").getAttribute("data-plotted"))!) as (number | null)[][];
  const columns = await figure.locator("tbody tr").evaluateAll(
    (rows, series) =>
      Array.from({ length: series }, (_, column) =>
        rows.map((row) => {
          const value = row.querySelectorAll("td")[column]!.getAttribute("data-value")!;
          return value === "" ? null : Number(value);
        }),
      ),
    plotted.length,
  );
  expect(columns).toEqual(plotted);
  expect(await page.getByTestId("before-after").locator("tbody tr").count()).toBe(5);

  const screenshots = path.resolve("test-results/screenshots");
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, "evaluation.png"), fullPage: true });
  expect(await accessibilityViolations(page)).toEqual([]);
  await context.close();
});

test("adding an initiative: errors are summarised and linked, what was typed stays, then it is saved", async () => {
  const context = await app.browser.newContext();
  const page = await context.newPage();
  await signIn(page, app.server.url, "manager@demo.test");
  await page.goto(`${app.server.url}/initiatives/new`);
  await page.getByLabel("Name").fill("Joint crisis plans");
  await page.getByRole("button", { name: "Save initiative" }).click();
  const summary = page.locator(".govuk-error-summary");
  await summary.waitFor();
  for (const message of ["Choose at least one partner agency", "Enter the start date", "Choose at least one team the initiative covers", "Choose at least one outcome measure to watch"]) {
    await expect.poll(() => summary.getByRole("link", { name: message }).count()).toBe(1);
  }
  expect(await page.getByLabel("Name").inputValue()).toBe("Joint crisis plans");
  expect(await accessibilityViolations(page)).toEqual([]);

  await summary.getByRole("link", { name: "Choose at least one partner agency" }).click();
  await page.getByLabel("Police", { exact: true }).check();
  await page.getByLabel("Mental-health services", { exact: true }).check();
  await page.getByLabel("Day").first().fill("1");
  await page.getByLabel("Month").first().fill("5");
  await page.getByLabel("Year").first().fill("2026");
  await page.getByLabel("Response Team South (Northshire Police)").check();
  await page.getByLabel("Mean distress at first contact").check();
  await page.getByRole("button", { name: "Save initiative" }).click();
  await page.waitForURL(/\/initiatives\?saved=/);
  await expect.poll(() => page.getByText("Joint crisis plans is saved in the register.").count()).toBe(1);
  expect(await accessibilityViolations(page)).toEqual([]);
  await context.close();
});
