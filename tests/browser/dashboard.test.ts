import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startAppUnderTest, type AppUnderTest } from "./harness";
import { accessibilityViolations, signIn } from "./support";

let app: AppUnderTest;

beforeAll(async () => {
  app = await startAppUnderTest("browser-dashboard");
});
afterAll(async () => {
  await app?.close();
});

const SCREENSHOTS = path.resolve("test-results/screenshots");

test("the manager dashboard draws its charts, each chart matches its table, and axe finds nothing", async () => {
  const context = await app.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  // Signing in lands on the dashboard: reached from a page React runs, it is loaded as a document
  // of its own, which runs only the chart script.
  await signIn(page, app.server.url, "manager@demo.test");
  await page.waitForURL(/\/dashboard$/);
  await page.getByRole("heading", { name: "Team trends" }).waitFor();
  expect(await page.evaluate(() => "__remixContext" in window)).toBe(false);
  const charts = page.locator("figure.trend-chart");
  const count = await charts.count();
  expect(count).toBeGreaterThanOrEqual(8);
  await page.waitForFunction((expected) => document.querySelectorAll("canvas[data-plotted]").length === expected, count);

  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard.png"), fullPage: true });

  for (let index = 0; index < count; index += 1) {
    const figure = charts.nth(index);
    const plotted = JSON.parse((await figure.locator("canvas").getAttribute("data-plotted"))!) as (number | null)[][];
    // The table's columns, read back as numbers (a withheld figure is a gap in the chart).
    const columns = await figure.locator("tbody tr").evaluateAll((rows, series) =>
      Array.from({ length: series }, (_, column) =>
        rows.map((row) => {
          const value = row.querySelectorAll("td")[column]!.getAttribute("data-value")!;
          return value === "" ? null : Number(value);
        }),
      ),
      plotted.length,
    );
    expect(columns, `chart ${index + 1}`).toEqual(plotted);
    expect(plotted.flat().some((value) => value !== null), `chart ${index + 1} draws something`).toBe(true);
  }

  // The table is behind a button, reachable by keyboard.
  const toggle = charts.first().getByRole("button", { name: "Show as table" });
  const sameToggle = charts.first().locator(".trend-chart__toggle");
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => sameToggle.getAttribute("aria-expanded")).toBe("true");
  await expect.poll(() => charts.first().locator("table").isVisible()).toBe(true);
  expect(await accessibilityViolations(page)).toEqual([]);

  // A different focus from the filter, by keyboard.
  await page.getByLabel("Teams, incident type or partner agency").selectOption({ label: "Response Team North" });
  await page.getByRole("button", { name: "Show figures" }).click();
  await page.waitForURL(/focus=team%3Ademo-team-response-north/);
  await expect.poll(() => page.locator(".dashboard__period").textContent()).toContain("Response Team North");
  expect(await accessibilityViolations(page)).toEqual([]);

  // On a phone: nothing scrolls the page sideways (tables scroll in their own box), and axe is clean.
  await page.setViewportSize({ width: 320, height: 800 });
  await page.goto(`${app.server.url}/dashboard`);
  await page.waitForFunction((expected) => document.querySelectorAll("canvas[data-plotted]").length === expected, count);
  await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard-320.png"), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  expect(await accessibilityViolations(page)).toEqual([]);

  // Printed, the tables are part of the report and the filters are not.
  await page.emulateMedia({ media: "print" });
  expect(await charts.first().locator("table").isVisible()).toBe(true);
  expect(await page.locator(".dashboard__filters").isVisible()).toBe(false);
  await context.close();
}, 120_000);

test("without JavaScript the figures are in tables", async () => {
  const context = await app.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, app.server.url, "manager@demo.test");
  await page.goto(`${app.server.url}/dashboard?from=2026-01&to=2026-06`);
  const table = page.locator("figure.trend-chart table").first();
  expect(await table.isVisible()).toBe(true);
  expect(await table.locator("tbody tr").count()).toBe(6);
  await context.close();
}, 60_000);
