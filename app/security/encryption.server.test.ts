import { createCipheriv, randomBytes } from "node:crypto";
import { expect, test } from "vitest";
import { CANNOT_BE_READ, UnreadableValue, decrypt, decryptForDisplay, decryptUnbound, encrypt, isUnbound, type Binding } from "./encryption.server";

const KEY = "11".repeat(32);
const OTHER = "22".repeat(32);
const NOTE_OF_7: Binding = { table: "Exposure", column: "notesEncrypted", rowId: 7 };

test("round-trips text, and the same text never encrypts the same way twice", () => {
  const a = encrypt("JBSWY3DPEHPK3PXP", NOTE_OF_7, KEY);
  const b = encrypt("JBSWY3DPEHPK3PXP", NOTE_OF_7, KEY);
  expect(a).not.toBe(b);
  expect(a).not.toContain("JBSWY3DPEHPK3PXP");
  expect(decrypt(a, NOTE_OF_7, KEY)).toBe("JBSWY3DPEHPK3PXP");
});

test("a wrong key or a tampered value does not decrypt", () => {
  const sealed = encrypt("secret", NOTE_OF_7, KEY);
  expect(() => decrypt(sealed, NOTE_OF_7, OTHER)).toThrow(UnreadableValue);
  const parts = sealed.split(":");
  parts[3] = Buffer.from("tampered").toString("base64url");
  expect(() => decrypt(parts.join(":"), NOTE_OF_7, KEY)).toThrow(UnreadableValue);
});

test("a value moved to another row, column or table does not decrypt, and a page shows a plain notice instead", () => {
  const sealed = encrypt("Stayed with the crew", NOTE_OF_7, KEY);
  for (const elsewhere of [
    { ...NOTE_OF_7, rowId: 8 },
    { ...NOTE_OF_7, rowId: "7 " },
    { table: "SupportContact", column: "notesEncrypted", rowId: 7 },
    { table: "Exposure", column: "otherColumn", rowId: 7 },
  ] satisfies Binding[]) {
    expect(() => decrypt(sealed, elsewhere, KEY)).toThrow(UnreadableValue);
  }
  expect(decryptForDisplay(encrypt("x", NOTE_OF_7), { ...NOTE_OF_7, rowId: 8 })).toBe(CANNOT_BE_READ);
});

test("a value from before binding (v1) is told apart by its version, read only by the upgrade, and refused by decrypt", () => {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(KEY, "hex"), iv);
  const ciphertext = Buffer.concat([cipher.update("old note", "utf8"), cipher.final()]);
  const v1 = ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(":");
  expect(isUnbound(v1)).toBe(true);
  expect(isUnbound(encrypt("new", NOTE_OF_7, KEY))).toBe(false);
  expect(decryptUnbound(v1, KEY)).toBe("old note");
  expect(() => decrypt(v1, NOTE_OF_7, KEY)).toThrow(UnreadableValue);
});
