import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startAppUnderTest, type AppUnderTest } from "./harness";
import { accessibilityViolations, signIn } from "./support";

let app: AppUnderTest;
let server: AppUnderTest["server"];
let browser: AppUnderTest["browser"];
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  app = await startAppUnderTest("browser");
  ({ server, browser } = app);
});

afterAll(async () => {
  await app?.close();
});

beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
});

afterEach(async () => {
  await context.close();
});

describe("home page", () => {
  test("loads, says what Debrief is, and flags the demo data", async () => {
    const response = await page.goto(server.url);
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toMatch(/Debrief/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Debrief");
    expect(await page.getByRole("region", { name: "Demo data" }).isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Sign in" }).isVisible()).toBe(true);
  });

  test("an unknown address answers 404 inside the layout, with the demo banner", async () => {
    const response = await page.goto(`${server.url}/no-such-page`);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Page not found");
    expect(await page.getByRole("region", { name: "Demo data" }).isVisible()).toBe(true);
  });

  test("runs its scripts under the Content-Security-Policy without a single violation", async () => {
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    await page.goto(`${server.url}/login`);
    // Hydrated: the client router handles the next navigation without a full page load.
    await page.waitForFunction(() => "__remixRouter" in window);
    await signIn(page, server.url, "manager@demo.test");
    await page.getByRole("heading", { level: 1, name: "Team trends" }).waitFor();
    expect(problems).toEqual([]);
  });

  test("has no WCAG 2.2 AA violations found by axe-core", async () => {
    await page.goto(server.url);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  test("the sign-in page has no WCAG 2.2 AA violations, also when showing errors", async () => {
    await page.goto(`${server.url}/login`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("There is a problem").waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

describe("demo logins", () => {
  test.each([
    ["supporter@demo.test", "/caseload", "My caseload"],
    ["manager@demo.test", "/dashboard", "Team trends"],
    ["researcher@demo.test", "/research", "Research"],
    ["admin@demo.test", "/admin", "Northshire Emergency Services Partnership"],
  ])("%s reaches %s", async (email, path, heading) => {
    await signIn(page, server.url, email);
    expect(new URL(page.url()).pathname).toBe(path);
    await page.getByRole("heading", { level: 1, name: heading, exact: true }).waitFor();
    expect(await page.getByRole("region", { name: "Demo data" }).isVisible()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${server.url}/login`);
    await page.goto(`${server.url}${path}`);
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  test("every administration page has no WCAG 2.2 AA violations, also when showing errors", async () => {
    await signIn(page, server.url, "admin@demo.test");
    for (const path of ["/admin", "/admin/users", "/admin/users/demo-user-manager", "/admin/teams", "/admin/teams/demo-team-response-north", "/admin/settings", "/admin/audit"]) {
      await page.goto(`${server.url}${path}`);
      expect(await accessibilityViolations(page), path).toEqual([]);
    }
    await page.goto(`${server.url}/admin/settings`);
    await page.getByLabel("Anonymity threshold").fill("11");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.locator(".govuk-error-summary").waitFor();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("The anonymity threshold must be 10 or less");
    expect(await page.getByLabel("Anonymity threshold").inputValue()).toBe("11");
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  test("a role's page refuses users without that role", async () => {
    await signIn(page, server.url, "manager@demo.test");
    await page.waitForURL(`${server.url}/dashboard`);
    const response = await page.goto(`${server.url}/caseload`);
    expect(response?.status()).toBe(403);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("You do not have access to this page");
  });

  test("a signed-out visitor is sent to sign in and then on to the page they asked for", async () => {
    await page.goto(`${server.url}/dashboard`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.getByLabel("Email address").fill("manager@demo.test");
    await page.getByLabel("Password").fill("demo-password-1");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/dashboard`);
  });

  test("a wrong password shows a linked error summary and keeps the email address", async () => {
    await signIn(page, server.url, "supporter@demo.test", "not-the-password");
    expect(new URL(page.url()).pathname).toBe("/login");
    const summary = page.locator(".govuk-error-summary");
    expect(await summary.textContent()).toContain("Enter a correct email address and password");
    expect(await page.getByLabel("Email address").inputValue()).toBe("supporter@demo.test");
    expect(await page.getByLabel("Password").inputValue()).toBe("");
  });

  test("an empty form gets a message beside each field, linked from the summary", async () => {
    await page.goto(`${server.url}/login`);
    await page.getByRole("button", { name: "Sign in" }).click();
    const link = page.locator(".govuk-error-summary a", { hasText: "Enter your email address" });
    await link.waitFor();
    await link.click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("email");
    expect(await page.locator("#login-email-error, [id$='email-error']").first().textContent()).toContain(
      "Enter your email address",
    );
  });

  test("signing in works without JavaScript", async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${server.url}/login`);
    await plain.getByRole("button", { name: "Sign in" }).click();
    await plain.waitForLoadState("load");
    expect(await plain.locator(".govuk-error-summary").textContent()).toContain("Enter your email address");
    await signIn(plain, server.url, "researcher@demo.test");
    expect(new URL(plain.url()).pathname).toBe("/research");
    await noScript.close();
  });

  test.each(["supporter@demo.test", "manager@demo.test", "researcher@demo.test", "admin@demo.test"])(
    "%s's page fits a 320 px wide phone screen without sideways scrolling",
    async (email) => {
      const phone = await browser.newContext({ viewport: { width: 320, height: 640 } });
      const small = await phone.newPage();
      await signIn(small, server.url, email);
      await small.waitForLoadState("networkidle");
      const overflow = await small.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await phone.close();
    },
  );
});
