import { generateTOTP } from "@epic-web/totp";
import { expect, test } from "vitest";
import { createHash } from "node:crypto";
import { acceptTotp, hashRecoveryCode, isUnsaltedRecoveryHash, newRecoveryCodes, newTotpSecret, recoveryCodeMatches, rehashUnsaltedRecoveryHash, totpQrCode } from "./totp.server";

test("accepts the current code once, and never the same step again", async () => {
  const secret = await newTotpSecret();
  const { otp } = await generateTOTP({ secret, period: 30, digits: 6, algorithm: "SHA-1" });
  const step = await acceptTotp(secret, otp, null);
  expect(step).toBeTypeOf("number");
  expect(await acceptTotp(secret, otp, step)).toBeNull();
});

test("refuses wrong, malformed and other secrets' codes", async () => {
  const secret = await newTotpSecret();
  const other = await newTotpSecret();
  const { otp } = await generateTOTP({ secret: other, period: 30, digits: 6, algorithm: "SHA-1" });
  expect(await acceptTotp(secret, otp, null)).toBeNull();
  expect(await acceptTotp(secret, "12345", null)).toBeNull();
  expect(await acceptTotp(secret, "abcdef", null)).toBeNull();
});

test("the QR code carries an otpauth URI naming Debrief and the account", async () => {
  const { uri, dataUrl } = await totpQrCode(await newTotpSecret(), "jo@example.org");
  expect(uri).toMatch(/^otpauth:\/\/totp\/Debrief:jo%40example.org\?/);
  expect(dataUrl).toMatch(/^data:image\/png;base64,/);
});

test("recovery codes are distinct, and checking one ignores case and dashes", async () => {
  const codes = newRecoveryCodes();
  expect(codes).toHaveLength(10);
  expect(new Set(codes).size).toBe(10);
  const [code, other] = codes;
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);
  const stored = await hashRecoveryCode(code!);
  expect(await recoveryCodeMatches(stored, code!.toLowerCase().replace(/-/g, " "))).toBe(true);
  expect(await recoveryCodeMatches(stored, other!)).toBe(false);
});

test("a recovery code is hashed with argon2id and a salt of its own: the same code never gives the same stored value", async () => {
  const [code] = newRecoveryCodes(1);
  const [first, second] = [await hashRecoveryCode(code!), await hashRecoveryCode(code!)];
  expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  expect(first).not.toBe(second);
  expect(first).not.toContain(createHash("sha256").update(code!.replace(/-/g, "")).digest("hex"));
});

test("a code stored before salting (bare SHA-256) still works once hashed again, and is no longer stored bare", async () => {
  const [code] = newRecoveryCodes(1);
  const bare = createHash("sha256").update(code!.replace(/-/g, "")).digest("hex");
  expect(isUnsaltedRecoveryHash(bare)).toBe(true);
  const upgraded = await rehashUnsaltedRecoveryHash(bare);
  expect(upgraded).not.toContain(bare);
  expect(isUnsaltedRecoveryHash(upgraded)).toBe(false);
  expect(await recoveryCodeMatches(upgraded, code!)).toBe(true);
  expect(await recoveryCodeMatches(upgraded, newRecoveryCodes(1)[0]!)).toBe(false);
});
