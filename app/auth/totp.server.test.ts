import { generateTOTP } from "@epic-web/totp";
import { expect, test } from "vitest";
import { acceptTotp, hashRecoveryCode, newRecoveryCodes, newTotpSecret, totpQrCode } from "./totp.server";

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

test("recovery codes are distinct, and their hash ignores case and dashes", () => {
  const codes = newRecoveryCodes();
  expect(codes).toHaveLength(10);
  expect(new Set(codes).size).toBe(10);
  const [code] = codes;
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);
  expect(hashRecoveryCode(code!.toLowerCase().replace(/-/g, " "))).toBe(hashRecoveryCode(code!));
});
