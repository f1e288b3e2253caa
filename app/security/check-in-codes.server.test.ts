import { createHash } from "node:crypto";
import { expect, test } from "vitest";
import { CODE_ALPHABET, CODE_LENGTH, isCodeShaped } from "~/domain/pulse";
import { hashCheckInCode, newCheckInCode } from "~/security/check-in-codes.server";

const KEY = "a".repeat(64);
const OTHER_KEY = "b".repeat(64);

test("a new code is 10 characters from the unambiguous alphabet, and codes do not repeat", () => {
  const codes = Array.from({ length: 2000 }, () => newCheckInCode());
  for (const code of codes) expect(isCodeShaped(code)).toBe(true);
  expect(new Set(codes).size).toBe(codes.length);
  // Every character of the alphabet turns up, and none outside it (no I, L, O, 0 or 1).
  const seen = new Set(codes.join(""));
  expect([...seen].sort().join("")).toBe([...CODE_ALPHABET].sort().join(""));
  expect(CODE_LENGTH * Math.log2(CODE_ALPHABET.length)).toBeGreaterThan(49);
});

test("a code is kept as a keyed hash: the same for the same key, different under another key, and not a plain hash of the code", () => {
  const code = "KP7QH2MXRT";
  const kept = hashCheckInCode(code, KEY);
  expect(hashCheckInCode(code, KEY)).toBe(kept);
  expect(hashCheckInCode(code, OTHER_KEY)).not.toBe(kept);
  expect(hashCheckInCode("KP7QH2MXRU", KEY)).not.toBe(kept);
  expect(kept).not.toContain(code);
  for (const plain of ["sha256", "sha1", "md5"]) {
    expect(kept).not.toBe(createHash(plain).update(code).digest("base64url"));
    expect(kept).not.toBe(createHash(plain).update(code).digest("hex"));
  }
});
