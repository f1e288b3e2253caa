import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";

export const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** axe-core violations of WCAG 2.2 A/AA, as readable lines (empty when the page passes). */
export async function accessibilityViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return results.violations.map(
    (violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`,
  );
}

export async function signIn(page: Page, baseUrl: string, email: string, password = "demo-password-1") {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Either the app moves on (with or without a full page load) or the sign-in page shows its errors.
  await Promise.race([
    page.waitForURL((url) => url.pathname !== "/login"),
    page.locator(".govuk-error-summary").waitFor(),
  ]);
}
