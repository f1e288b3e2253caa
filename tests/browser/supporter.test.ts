import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startAppUnderTest, type AppUnderTest } from "./harness";
import { accessibilityViolations } from "./support";

let app: AppUnderTest;

beforeAll(async () => {
  app = await startAppUnderTest("browser-supporter");
});
afterAll(async () => {
  await app?.close();
});

/** Keyboard only: focus a control, then type or press keys, as someone using Tab would. */
async function type(page: Page, label: string | RegExp, text: string) {
  const field = page.getByLabel(label, { exact: typeof label === "string" });
  await field.focus();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
}
async function choose(page: Page, group: string, option: string | RegExp) {
  const control = page.getByRole("group", { name: group }).getByLabel(option, { exact: typeof option === "string" });
  await control.focus();
  await page.keyboard.press("Space");
}
async function typeDateTime(page: Page, [day, month, year, hour, minute]: [string, string, string, string, string]) {
  for (const [label, value] of [["Day", day], ["Month", month], ["Year", year], ["Hour", hour], ["Minutes", minute]] as const) {
    await type(page, label, value);
  }
}
async function submit(page: Page, button: string) {
  await page.getByRole("button", { name: button }).focus();
  await page.keyboard.press("Enter");
}

// axe runs inside the page, so it checks the run with JavaScript; without it the server sends the same markup.
let scriptsOn = true;
async function expectAccessible(page: Page, where: string) {
  if (scriptsOn) expect(await accessibilityViolations(page), where).toEqual([]);
}

describe.each([
  ["with JavaScript", true, "NP-7001"],
  ["without JavaScript", false, "NP-7002"],
])("a supporter logs an exposure and its first support contact by keyboard, %s", (_label, javaScriptEnabled, reference) => {
  // About 55 s with JavaScript on a shared 2-core machine (axe on every screen), too close to the default 60 s.
  test("from the caseload to the saved contact, with axe checks on every screen (with JavaScript)", { timeout: 240_000 }, async () => {
    scriptsOn = javaScriptEnabled;
    const context = await app.browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(`${app.server.url}/login`);
    await type(page, "Email address", "supporter@demo.test");
    await type(page, "Password", "demo-password-1");
    await submit(page, "Sign in");
    await page.getByRole("heading", { level: 1, name: "My caseload" }).waitFor();
    await expectAccessible(page, "caseload");

    await page.getByRole("link", { name: "Add a staff member" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Add a staff member" }).waitFor();
    await expectAccessible(page, "add staff member");
    await submit(page, "Add staff member");
    await page.locator(".govuk-error-summary").waitFor();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("Enter the staff reference");
    await expectAccessible(page, "add staff member with errors");
    await type(page, "Staff reference", reference);
    await page.getByLabel("Team").focus();
    await page.getByLabel("Team").selectOption({ label: "Response Team North (Northshire Police)" });
    await submit(page, "Add staff member");
    await page.getByRole("heading", { level: 1, name: reference }).waitFor();
    await expectAccessible(page, "staff member");

    await page.getByRole("link", { name: "Log an exposure" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Log an exposure" }).waitFor();
    await expectAccessible(page, "log exposure");

    // A first attempt with the distress question left out: a message, and what was typed stays.
    await typeDateTime(page, ["21", "11", "2026", "23", "40"]);
    await choose(page, "What kind of incident was it?", "Attempted suicide or self-harm");
    await choose(page, "How were they involved?", "Attended in person");
    await choose(page, "Which partner agencies were involved?", "Mental-health services");
    await choose(page, "Did the information they needed from partner agencies reach them?", "2 – a little");
    await choose(page, "What got in the way of sharing information?", "Systems don't connect");
    await type(page, "Notes (optional)", "Quiet afterwards; agreed to talk again tomorrow.");
    await submit(page, "Save exposure");
    const summary = page.locator(".govuk-error-summary");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Choose how distressed they felt");
    expect(await page.getByLabel("Day").inputValue()).toBe("21");
    expect(await page.getByLabel("Notes (optional)").inputValue()).toBe("Quiet afterwards; agreed to talk again tomorrow.");
    await expectAccessible(page, "log exposure with errors");

    await choose(page, "How distressed did they feel at the time?", "7");
    await submit(page, "Save exposure");
    await page.getByText("Exposure saved").waitFor();
    await expectAccessible(page, "exposure saved");

    await page.getByRole("link", { name: "next: log the first support contact" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Log a support contact" }).waitFor();
    await expectAccessible(page, "log support contact");
    await submit(page, "Save support contact");
    await page.locator(".govuk-error-summary").waitFor();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("Choose the kind of support contact");
    await expectAccessible(page, "log support contact with errors");
    await choose(page, "What kind of contact was it?", "Defusing (within hours)");
    await typeDateTime(page, ["22", "11", "2026", "01", "15"]);
    await choose(page, "Which exposures was it about?", /Attempted suicide or self-harm/);
    await choose(page, "Individual or group?", "Individual");
    await type(page, "How long, in minutes? (optional)", "20");
    await choose(page, "How distressed were they?", "6");
    await choose(page, "Did any of these apply?", "Trouble sleeping");
    await choose(page, "What was the outcome?", "Signposted to support");
    await choose(page, "If signposted, where to?", "Occupational health");
    await submit(page, "Save support contact");
    await page.getByText("Support contact saved").waitFor();
    expect(await page.getByRole("heading", { level: 3, name: /Defusing \(within hours\)/ }).count()).toBe(1);
    await expectAccessible(page, "contact saved");

    // The risk assessment at about 72 hours: of the kind the 72-hour follow-up asks for and in its
    // window, so it completes it unless the supporter says otherwise (with JavaScript the answer is
    // chosen and said as they type; without, the server applies the same rule to the unanswered question).
    await page.getByRole("link", { name: "Log a support contact" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Log a support contact" }).waitFor();
    await choose(page, "What kind of contact was it?", "Risk assessment (about 72 hours)");
    await typeDateTime(page, ["25", "11", "2026", "10", "00"]);
    const assessmentOption = page.getByRole("group", { name: "Does this contact complete a follow-up?" }).getByLabel(/^72-hour risk assessment, due/);
    if (javaScriptEnabled) {
      await page.getByText("This contact will complete the 72-hour risk assessment due on 24 November 2026 at 23:40").waitFor();
      expect(await assessmentOption.isChecked()).toBe(true);
    } else {
      expect(await assessmentOption.isChecked()).toBe(false);
      await page.getByText("Left unanswered, a contact of the kind a follow-up asks for, in its window, completes it.").waitFor();
    }
    await choose(page, "Individual or group?", "Individual");
    await choose(page, "How distressed were they?", "9");
    // The crisis routes are in view as soon as an urgent referral is chosen, before anything is saved.
    const routes = page.getByText(/Samaritans on 116 123/);
    if (javaScriptEnabled) expect(await routes.isVisible()).toBe(false);
    await choose(page, "What was the outcome?", "Urgent referral");
    expect(await routes.isVisible()).toBe(true);
    await submit(page, "Save support contact");
    await page.locator(".govuk-error-summary").waitFor();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("Choose where they were referred urgently");
    if (javaScriptEnabled) expect(await page.evaluate(() => document.activeElement?.closest(".govuk-error-summary") !== null)).toBe(true);
    await expectAccessible(page, "urgent referral without a destination");
    await choose(page, "Where were they referred?", "Mental-health crisis team");
    await page.setViewportSize({ width: 320, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scroll at 320 px").toBeLessThanOrEqual(320);
    await page.screenshot({ path: `test-results/screenshots/contact-urgent-${javaScriptEnabled ? "js" : "nojs"}-320.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `test-results/screenshots/contact-urgent-${javaScriptEnabled ? "js" : "nojs"}-1280.png`, fullPage: true });
    await submit(page, "Save support contact");
    await page.getByText("It completed the 72-hour risk assessment that was due on 24 November 2026 at 23:40.").waitFor();
    await page.getByText("Urgent referral to the mental-health crisis team").waitFor();
    await page.getByText(/Check within 24 hours of the urgent referral, due/).first().waitFor();
    await expectAccessible(page, "urgent referral saved");

    // The 28-day review moved 20 days and more: outside the protocol's window, so asked about first.
    await page.getByText("Reschedule or close 28-day review").click();
    const move = page.getByRole("group", { name: "New due date and time" }).last();
    for (const [label, value] of [["Day", "15"], ["Month", "1"], ["Year", "2030"], ["Hour", "16"], ["Minutes", "45"]] as const) {
      await move.getByLabel(label, { exact: true }).fill(value);
    }
    await move.locator("xpath=ancestor::form").getByRole("button", { name: "Reschedule" }).click();
    await page.getByText(/is outside the protocol's window for the 28-day review/).waitFor();
    await expectAccessible(page, "reschedule outside the window");
    await page.setViewportSize({ width: 320, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scroll at 320 px").toBeLessThanOrEqual(320);
    await page.screenshot({ path: `test-results/screenshots/reschedule-confirm-${javaScriptEnabled ? "js" : "nojs"}-320.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `test-results/screenshots/reschedule-confirm-${javaScriptEnabled ? "js" : "nojs"}-1280.png`, fullPage: true });
    await page.getByRole("button", { name: "Yes, move it to 15 January 2030 at 16:45" }).click();
    await page.getByText("Follow-up rescheduled").waitFor();
    await page.getByText("28-day review, due 15 January 2030 at 16:45").waitFor();
    await page.screenshot({ path: `test-results/screenshots/staff-after-${javaScriptEnabled ? "js" : "nojs"}-1280.png`, fullPage: true });

    await page.getByRole("link", { name: /Change or delete/ }).first().focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Change an exposure" }).waitFor();
    await expectAccessible(page, "change exposure");
    await choose(page, "How distressed did they feel at the time?", "6");
    await submit(page, "Save changes");
    await page.getByText("Exposure updated").waitFor();

    await page.getByRole("link", { name: /Change or delete this support contact/ }).first().focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Change a support contact" }).waitFor();
    await expectAccessible(page, "change support contact");
    // The delete form says what is missing when no reason is chosen.
    await submit(page, "Delete support contact");
    await page.getByText("Choose why the support contact is being deleted").first().waitFor();
    await expectAccessible(page, "delete support contact with error");
    await context.close();
  });
});

const SCREENSHOTS = path.resolve("test-results/screenshots");

/** Nothing wider than the window scrolls sideways: the elements that stick out, if any. */
async function sticksOut(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll("body *")]
      .filter((element) => element.checkVisibility() && element.getBoundingClientRect().right > width + 1)
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join(".")}`);
  });
}

describe.each([
  ["at 1280 px with JavaScript", 1280, true, "NP-7101"],
  ["at 320 px with JavaScript", 320, true, "NP-7201"],
  ["at 320 px without JavaScript", 320, false, "NP-7301"],
])("a supporter hands one case over and closes another, %s", (_label, width, javaScriptEnabled, reference) => {
  test("from the caseload, by keyboard, with a confirmation before the handover and a reason for the close", { timeout: 120_000 }, async () => {
    scriptsOn = javaScriptEnabled;
    mkdirSync(SCREENSHOTS, { recursive: true });
    const context = await app.browser.newContext({ javaScriptEnabled, viewport: { width, height: 900 } });
    const page = await context.newPage();
    const check = async (where: string) => {
      await expectAccessible(page, where);
      expect(await sticksOut(page), `${where} at ${width} px`).toEqual([]);
      if (javaScriptEnabled) await page.screenshot({ path: path.join(SCREENSHOTS, `caseload-${where.replaceAll(" ", "-")}-${width}.png`), fullPage: true });
    };
    await page.goto(`${app.server.url}/login`);
    await type(page, "Email address", "supporter@demo.test");
    await type(page, "Password", "demo-password-1");
    await submit(page, "Sign in");
    await page.getByRole("heading", { level: 1, name: "My caseload" }).waitFor();
    await check("caseload");
    // Each list says how many there are and which of them this page shows.
    expect(await page.getByRole("heading", { level: 2, name: /^Overdue follow-ups \(\d+\)$/ }).count()).toBe(1);

    const addCase = async (ref: string) => {
      await page.goto(`${app.server.url}/staff/new`);
      await type(page, "Staff reference", ref);
      await page.getByLabel("Team").selectOption({ label: "Response Team North (Northshire Police)" });
      await submit(page, "Add staff member");
      await page.getByRole("heading", { level: 1, name: ref }).waitFor();
    };

    // Handing over: choose a colleague, confirm, and the case shows as handed over.
    await addCase(reference);
    await page.getByRole("link", { name: "Hand over this case" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Hand over this case" }).waitFor();
    await check("handover");
    await submit(page, "Continue");
    await page.locator(".govuk-error-summary").waitFor();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("Choose who will hold the case");
    if (javaScriptEnabled) expect(await page.evaluate(() => document.activeElement?.classList.contains("govuk-error-summary"))).toBe(true);
    await check("handover with error");
    const group = page.getByRole("group", { name: "Who will hold the case?" });
    const colleague = (await group.locator("label").first().textContent())!.trim();
    await group.getByLabel(colleague, { exact: true }).focus();
    await page.keyboard.press("Space");
    await submit(page, "Continue");
    await page.getByRole("heading", { level: 1, name: `Hand ${reference} over to ${colleague}?` }).waitFor();
    await check("handover confirm");
    await submit(page, "Yes, hand it over");
    await page.getByText("Case handed over").waitFor();
    await page.getByText(`You handed this case over to ${colleague}`).waitFor();
    await check("handed over");

    // Closing: a reason is needed; then the case is closed and can be reopened.
    const closing = reference.replace(/1$/, "2");
    await addCase(closing);
    await page.getByRole("link", { name: "Close this case" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Close this case" }).waitFor();
    await submit(page, "Close case");
    await page.locator(".govuk-error-summary").waitFor();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("Choose why the case is closed");
    await check("close with error");
    expect(await page.locator(".govuk-error-summary a").getAttribute("href")).toBe("#reason");
    await choose(page, "Why is the case closed?", "Support completed");
    await submit(page, "Close case");
    await page.getByText("Case closed", { exact: true }).waitFor();
    await page.getByRole("heading", { level: 2, name: "Case: closed" }).waitFor();
    await check("closed");
    const closedCase = new URL(page.url()).pathname;

    // Both show in the case list with their status.
    await page.goto(`${app.server.url}/cases?status=all&ref=${reference.slice(0, 5)}`);
    await page.getByRole("heading", { level: 1, name: `Cases matching “${reference.slice(0, 5)}”` }).waitFor();
    await page.getByRole("row", { name: new RegExp(`${reference} .*Handed over to ${colleague}`) }).waitFor();
    await page.getByRole("row", { name: new RegExp(`${closing} .*Closed on .*Support completed`) }).waitFor();
    await check("case list");

    await page.goto(`${app.server.url}${closedCase}`);
    await submit(page, "Reopen this case");
    await page.getByText("Case reopened").waitFor();
    await page.getByRole("heading", { level: 2, name: "Case: open" }).waitFor();
    await context.close();
  });
});
