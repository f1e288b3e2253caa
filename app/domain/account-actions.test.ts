import { describe, expect, test } from "vitest";
import { offeredAccountIntents, passwordResetEmail, refusalOf, type AccountState } from "./account-actions";

const active: AccountState = { hasPassword: true, disabled: false, isSelf: false, canSendReset: true };

describe("offeredAccountIntents", () => {
  test("an account in use may be reset or disabled, never re-invited", () => {
    expect(offeredAccountIntents(active)).toEqual(["reset", "disable"]);
  });

  test("an account that never set a password may be re-invited, not reset", () => {
    expect(offeredAccountIntents({ ...active, hasPassword: false })).toEqual(["reinvite", "disable"]);
  });

  test("a disabled account may only be enabled", () => {
    expect(offeredAccountIntents({ ...active, disabled: true })).toEqual(["enable"]);
    expect(offeredAccountIntents({ ...active, hasPassword: false, disabled: true })).toEqual(["enable"]);
  });

  test("no reset without a way to deliver it, and nothing but access for one's own account", () => {
    expect(offeredAccountIntents({ ...active, canSendReset: false })).toEqual(["disable"]);
    expect(offeredAccountIntents({ ...active, isSelf: true })).toEqual([]);
  });

  test("each refusal says what to do instead", () => {
    expect(refusalOf("reinvite", active)).toContain("send a password reset link instead");
    expect(refusalOf("reset", { ...active, canSendReset: false })).toContain("E-mail is not set up");
    expect(refusalOf("enable", active)).toBe("This account is not disabled.");
  });
});

test("the reset e-mail holds the link and a plain sentence, and nothing about the person", () => {
  const email = passwordResetEmail("sam@example.org", "https://debrief.example.org/reset-password/abc");
  expect(email.text).toContain("https://debrief.example.org/reset-password/abc");
  expect(email.text).not.toContain("sam");
  expect(email.subject).not.toContain("sam");
});
