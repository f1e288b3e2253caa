import { expect, test } from "vitest";
import { NewPasswordSchema, SetPasswordSchema } from "./password-policy";
import { commonPasswordCount, weakPasswordReason } from "./password-policy.server";

test("passwords need 12 to 128 characters and nothing else", () => {
  expect(NewPasswordSchema.safeParse("short-pass").success).toBe(false);
  expect(NewPasswordSchema.safeParse("a".repeat(129)).success).toBe(false);
  expect(NewPasswordSchema.safeParse("plain lowercase words").success).toBe(true);
  expect(NewPasswordSchema.safeParse("x".repeat(128)).success).toBe(true);
});

test("the confirmation must match", () => {
  const result = SetPasswordSchema.safeParse({ password: "lantern orbit pebble", confirmPassword: "lantern orbit pebbles" });
  expect(result.success).toBe(false);
  expect(result.error?.issues[0]).toMatchObject({ path: ["confirmPassword"], message: "The passwords do not match" });
});

test("ships at least 10,000 common passwords and refuses them in any case", () => {
  expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
  expect(weakPasswordReason("password1234")).toMatch(/too common/);
  expect(weakPasswordReason("PASSWORD1234")).toMatch(/too common/);
  expect(weakPasswordReason("lantern orbit pebble")).toBeNull();
});

test("refuses a password containing the email's name", () => {
  expect(weakPasswordReason("jordan.taylor-2026!", "jordan.taylor@example.org")).toMatch(/email/);
});
