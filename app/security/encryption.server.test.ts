import { expect, test } from "vitest";
import { decrypt, encrypt } from "./encryption.server";

const KEY = "11".repeat(32);
const OTHER = "22".repeat(32);

test("round-trips text, and the same text never encrypts the same way twice", () => {
  const a = encrypt("JBSWY3DPEHPK3PXP", KEY);
  const b = encrypt("JBSWY3DPEHPK3PXP", KEY);
  expect(a).not.toBe(b);
  expect(a).not.toContain("JBSWY3DPEHPK3PXP");
  expect(decrypt(a, KEY)).toBe("JBSWY3DPEHPK3PXP");
});

test("a wrong key or a tampered value does not decrypt", () => {
  const sealed = encrypt("secret", KEY);
  expect(() => decrypt(sealed, OTHER)).toThrow();
  const parts = sealed.split(":");
  parts[3] = Buffer.from("tampered").toString("base64url");
  expect(() => decrypt(parts.join(":"), KEY)).toThrow();
});
