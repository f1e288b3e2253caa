import { describe, expect, test } from "vitest";
import { ROLE_HOME, homePathFor, isRole } from "./roles";

describe("homePathFor", () => {
  test("sends a user with one role straight to that role's page", () => {
    expect(homePathFor(["supporter"])).toBe("/caseload");
    expect(homePathFor(["manager"])).toBe("/dashboard");
    expect(homePathFor(["researcher"])).toBe("/research");
    expect(homePathFor(["admin"])).toBe("/admin");
  });

  test("lets a user with several roles, or none, choose on the start page", () => {
    expect(homePathFor(["admin", "manager"])).toBe("/");
    expect(homePathFor([])).toBe("/");
  });

  test("every role has its own page", () => {
    const paths = Object.values(ROLE_HOME).map((home) => home.path);
    expect(new Set(paths).size).toBe(paths.length);
  });
});

test("isRole accepts only the four roles", () => {
  expect(["admin", "supporter", "manager", "researcher"].every(isRole)).toBe(true);
  expect(isRole("superuser")).toBe(false);
  expect(isRole("Admin")).toBe(false);
});
