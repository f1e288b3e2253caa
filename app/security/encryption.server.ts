import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getEnv } from "~/env.server";

// AES-256-GCM from Node's crypto: authenticated, so a tampered value fails to decrypt.
const VERSION = "v1";

function key(hexKey = getEnv().ENCRYPTION_KEY) {
  return Buffer.from(hexKey, "hex");
}

export function encrypt(plaintext: string, hexKey?: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(hexKey), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(":");
}

export function decrypt(sealed: string, hexKey?: string) {
  const [version, iv, tag, ciphertext] = sealed.split(":");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("Unrecognised encrypted value");
  const decipher = createDecipheriv("aes-256-gcm", key(hexKey), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

/** The plaintext of an optional encrypted column (null stays null). */
export function decryptOptional(sealed: string | null) {
  return sealed === null ? null : decrypt(sealed);
}
