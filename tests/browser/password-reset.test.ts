import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startAppUnderTest, type AppUnderTest } from "./harness";
import { accessibilityViolations, signIn } from "./support";

// An administrator resets a supporter's forgotten password. The demo server has no SMTP, so the
// e-mail is written to its console, which the test reads as the supporter would read their mail.
let app: AppUnderTest;
const SCREENSHOTS = path.resolve("test-results/screenshots");

beforeAll(async () => {
  app = await startAppUnderTest("browser-password-reset");
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await app?.close();
});

/** The elements wider than a 320 px screen, named (empty when nothing sticks out). */
const stickingOut = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll("body *")]
      .filter((element) => element.checkVisibility() && element.getBoundingClientRect().right > width + 1)
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join(".")}`);
  });

test("an admin sends a reset link they never see; the supporter is signed out and chooses a new password from it", async () => {
  const { server, browser } = app;
  const supporterContext = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const supporter = await supporterContext.newPage();
  await signIn(supporter, server.url, "supporter@demo.test");
  await supporter.getByRole("heading", { level: 1, name: "My caseload" }).waitFor();

  for (const width of [1280, 320]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const admin = await context.newPage();
    await signIn(admin, server.url, "admin@demo.test");
    await admin.goto(`${server.url}/admin/users/demo-user-supporter`);
    await admin.getByRole("heading", { level: 1, name: "Jordan Taylor" }).waitFor();
    expect(await admin.getByRole("button", { name: "Create a new invitation link" }).count()).toBe(0);
    expect(await admin.getByText("so the message is written to the server’s console instead; it is never shown to you").count()).toBe(1);
    await admin.screenshot({ path: path.join(SCREENSHOTS, `admin-user-reset-${width}.png`), fullPage: true });
    expect(await accessibilityViolations(admin)).toEqual([]);
    expect(await stickingOut(admin)).toEqual([]);

    await admin.getByRole("button", { name: "Send a password reset link" }).click();
    await admin.getByText("A password reset link was made for supporter@demo.test").waitFor();
    expect(await admin.content()).not.toContain("/reset-password/");
    await admin.screenshot({ path: path.join(SCREENSHOTS, `admin-user-reset-sent-${width}.png`), fullPage: true });
    expect(await accessibilityViolations(admin)).toEqual([]);
    expect(await stickingOut(admin)).toEqual([]);
    await context.close();
  }

  // Signed out at their next step.
  await supporter.reload();
  await supporter.waitForURL((url) => url.pathname === "/login");

  // The latest link works; the first one stopped working when the second was sent.
  const links = [...server.output().matchAll(/(http:\/\/localhost:\d+\/reset-password\/[A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
  expect(links).toHaveLength(2);
  await supporter.goto(links[0]!);
  expect(await supporter.getByText("This link has expired or has already been used").count()).toBe(1);
  expect(await supporter.getByRole("heading", { level: 1 }).textContent()).toBe("This link cannot be used");
  await supporter.goto(links[1]!);
  await supporter.getByRole("heading", { level: 1, name: "Choose a new password" }).waitFor();
  await supporter.screenshot({ path: path.join(SCREENSHOTS, "reset-password-320.png"), fullPage: true });
  expect(await accessibilityViolations(supporter)).toEqual([]);
  expect(await stickingOut(supporter)).toEqual([]);
  await supporter.getByLabel("Password", { exact: true }).fill("copper meadow lantern");
  await supporter.getByLabel("Enter the password again").fill("copper meadow lantern");
  await supporter.getByRole("button", { name: "Set new password" }).click();
  await supporter.getByRole("heading", { level: 1, name: "My caseload" }).waitFor();
  await supporterContext.close();
}, 180_000);
