import { expect, test } from "vitest";
import { safeRedirectTarget } from "./redirect";

test("keeps same-site paths and refuses anything that leaves the site", () => {
  expect(safeRedirectTarget("/dashboard?team=a")).toBe("/dashboard?team=a");
  for (const target of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null]) {
    expect(safeRedirectTarget(target, "/home")).toBe("/home");
  }
});
