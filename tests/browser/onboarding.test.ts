import { afterAll, beforeAll, expect, test } from "vitest";
import { authenticatorCode } from "../support/totp";
import { startAppUnderTest, type AppUnderTest } from "./harness";
import { accessibilityViolations, signIn } from "./support";

let app: AppUnderTest;
let server: AppUnderTest["server"];
let browser: AppUnderTest["browser"];

beforeAll(async () => {
  app = await startAppUnderTest("browser-onboarding");
  ({ server, browser } = app);
});
afterAll(async () => {
  await app?.close();
});


test("an admin invites a supporter, who sets a password, sets up MFA and signs in with it", async () => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, server.url, "admin@demo.test");
  await admin.getByRole("link", { name: /Users/ }).click();
  await admin.getByRole("heading", { level: 1, name: "Users" }).waitFor();
  expect(await accessibilityViolations(admin)).toEqual([]);

  // A mistake first: the form says what is wrong, next to the field and in the summary, and keeps the name.
  await admin.getByLabel("Name").fill("Casey Brown");
  await admin.getByRole("button", { name: "Create invitation link" }).click();
  await admin.locator(".govuk-error-summary").waitFor();
  expect(await admin.locator(".govuk-error-summary").textContent()).toContain("Enter the person's email address");
  expect(await admin.locator(".govuk-error-summary").textContent()).toContain("Choose at least one role");
  expect(await admin.getByLabel("Name").inputValue()).toBe("Casey Brown");
  expect(await accessibilityViolations(admin)).toEqual([]);

  await admin.getByLabel("Email address").fill("casey.brown@example.org");
  await admin.getByLabel("Supporter").check();
  await admin.getByRole("button", { name: "Create invitation link" }).click();
  const link = await admin.getByTestId("invitation-link").textContent();
  expect(link).toMatch(/\/invite\//);
  expect(await accessibilityViolations(admin)).toEqual([]);
  await adminContext.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link!);
  await page.getByRole("heading", { level: 1, name: "Set your password" }).waitFor();
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.getByLabel("Password", { exact: true }).fill("password1234");
  await page.getByLabel("Enter the password again").fill("password1234");
  await page.getByRole("button", { name: "Set password" }).click();
  await page.locator(".govuk-error-summary").waitFor();
  expect(await page.locator(".govuk-error-summary").textContent()).toContain("too common");
  expect(await page.getByLabel("Password", { exact: true }).inputValue()).toBe("");
  expect(await accessibilityViolations(page)).toEqual([]);

  await page.getByLabel("Password", { exact: true }).fill("copper meadow lantern");
  await page.getByLabel("Enter the password again").fill("copper meadow lantern");
  await page.getByRole("button", { name: "Set password" }).click();
  await page.getByRole("heading", { level: 1, name: "Set up two-factor authentication" }).waitFor();
  expect(await page.getByRole("img", { name: /QR code/ }).isVisible()).toBe(true);
  expect(await accessibilityViolations(page)).toEqual([]);

  const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s+/g, "");
  await page.getByLabel("Code from the app").fill(await authenticatorCode(secret));
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await page.getByRole("heading", { name: "Two-factor authentication is on" }).waitFor();
  expect(await page.getByRole("list", { name: "Recovery codes" }).locator("li").count()).toBe(10);
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.getByRole("link", { name: /I have stored my recovery codes/ }).click();
  await page.getByRole("heading", { level: 1, name: "My caseload" }).waitFor();

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`${server.url}/login`);
  await signIn(page, server.url, "casey.brown@example.org", "copper meadow lantern");
  expect(new URL(page.url()).pathname).toBe("/login/two-factor");
  await page.getByRole("heading", { level: 1, name: "Enter your code" }).waitFor();
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.getByLabel("Code").fill(await authenticatorCode(secret, 30));
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("heading", { level: 1, name: "My caseload" }).waitFor();
  expect(await accessibilityViolations(page)).toEqual([]);
  await context.close();
});
