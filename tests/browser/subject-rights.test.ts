import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startAppUnderTest, type AppUnderTest } from "./harness";
import { accessibilityViolations, signIn } from "./support";

let app: AppUnderTest;
const mkScreenshots = () => {
  const screenshots = path.resolve("test-results/screenshots");
  mkdirSync(screenshots, { recursive: true });
  return screenshots;
};

beforeAll(async () => {
  app = await startAppUnderTest("browser-rights");
});
afterAll(async () => {
  await app?.close();
});

test.each([true, false])(
  "subject access and erasure from the admin's and the supporter's side, by keyboard (JavaScript: %s), with no axe violations",
  async (javaScriptEnabled) => {
    const reference = javaScriptEnabled ? "BRW-0001" : "BRW-0002";
    const noViolations = async (page: Parameters<typeof accessibilityViolations>[0]) => {
      if (javaScriptEnabled) expect(await accessibilityViolations(page)).toEqual([]);
    };
    const supporter = await (await app.browser.newContext({ javaScriptEnabled })).newPage();
    await signIn(supporter, app.server.url, "supporter@demo.test");
    await supporter.goto(`${app.server.url}/staff/new`);
    await supporter.getByLabel("Staff reference").fill(reference);
    await supporter.getByLabel("Team").selectOption({ label: "Response Team North (Northshire Police)" });
    await supporter.getByRole("button", { name: "Add staff member" }).click();
    await supporter.getByRole("heading", { level: 1, name: reference }).waitFor();
    const casePath = new URL(supporter.url()).pathname;

    const admin = await (await app.browser.newContext({ javaScriptEnabled })).newPage();
    await signIn(admin, app.server.url, "admin@demo.test");
    await admin.goto(`${app.server.url}/admin`);
    await admin.getByRole("link", { name: /Staff records/ }).click();
    await admin.getByRole("heading", { name: "Staff records: access and erasure" }).waitFor();
    await noViolations(admin);
    await admin.getByLabel("Staff reference").fill(reference.toLowerCase());
    await admin.keyboard.press("Enter");
    await admin.getByRole("heading", { name: reference }).waitFor();
    await noViolations(admin);
    await admin.getByRole("button", { name: "Ask for a subject access copy" }).click();
    await admin.getByText("Waiting for a supporter of this case to confirm").waitFor();
    if (javaScriptEnabled) await admin.screenshot({ path: path.join(mkScreenshots(), "staff-rights.png"), fullPage: true });

    await supporter.goto(`${app.server.url}${casePath}`);
    await supporter.getByRole("heading", { name: "Subject access request" }).waitFor();
    await noViolations(supporter);
    await supporter.getByRole("button", { name: "Confirm: this is the person who asked" }).focus();
    await supporter.keyboard.press("Enter");
    await supporter.getByText("Subject access request confirmed").waitFor();

    await admin.reload();
    await admin.getByRole("link", { name: /Read the copy/ }).click();
    await admin.getByRole("heading", { name: `What Debrief holds about staff member ${reference}` }).waitFor();
    await noViolations(admin);
    if (javaScriptEnabled) await admin.screenshot({ path: path.join(mkScreenshots(), "subject-access.png"), fullPage: true });

    await admin.getByRole("link", { name: "Back" }).click();
    // A wrong reference: the error is in the summary, linked to the field, and nothing is erased.
    await admin.getByLabel("To confirm, type the staff reference").fill("WRONG-1");
    await admin.getByRole("button", { name: "Erase this staff member" }).click();
    const summary = admin.locator(".govuk-error-summary");
    await summary.waitFor();
    await summary.getByRole("link", { name: new RegExp(`Type the staff reference ${reference} exactly`) }).click();
    expect(await admin.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("confirmReference");
    await noViolations(admin);
    await admin.getByLabel("To confirm, type the staff reference").fill(reference);
    await admin.getByRole("button", { name: "Erase this staff member" }).click();
    await admin.getByText("The staff member was erased").waitFor();

    const gone = await supporter.goto(`${app.server.url}${casePath}`);
    expect(gone?.status()).toBe(404);

    const privacy = await (await app.browser.newContext({ javaScriptEnabled })).newPage();
    await privacy.goto(app.server.url);
    await privacy.getByRole("link", { name: /Privacy: how Debrief uses personal data/ }).click();
    await privacy.getByRole("heading", { name: "How Debrief uses personal data" }).waitFor();
    await noViolations(privacy);
    if (javaScriptEnabled) await privacy.screenshot({ path: path.join(mkScreenshots(), "privacy.png"), fullPage: true });
  },
);
