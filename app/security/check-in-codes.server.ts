// Check-in codes: made at random, kept only as a keyed hash. The key is derived from the
// installation's ENCRYPTION_KEY, so a copy of the database alone cannot be searched for codes:
// with ~49 bits a code is safe against guessing on /pulse, but a plain hash of so short a
// secret could be reversed offline by trying every code.
import { createHmac, hkdfSync, randomInt } from "node:crypto";
import { CODE_ALPHABET, CODE_LENGTH } from "~/domain/pulse";
import { getEnv } from "~/env.server";

let derived: { from: string; key: Buffer } | undefined;
function hashKey(secret: string) {
  if (derived?.from !== secret) {
    derived = { from: secret, key: Buffer.from(hkdfSync("sha256", Buffer.from(secret, "hex"), Buffer.alloc(0), "debrief check-in codes", 32)) };
  }
  return derived.key;
}

/** A new code: CODE_LENGTH characters, each drawn uniformly from CODE_ALPHABET by the CSPRNG. */
export function newCheckInCode() {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
}

/** What the database keeps of a (tidied) code: HMAC-SHA-256 under a key derived from the installation's ENCRYPTION_KEY. */
export function hashCheckInCode(code: string, encryptionKey = getEnv().ENCRYPTION_KEY) {
  return createHmac("sha256", hashKey(encryptionKey)).update(code).digest("base64url");
}
