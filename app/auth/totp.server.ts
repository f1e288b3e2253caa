import { createHash, randomBytes } from "node:crypto";
import { generateTOTP, getTOTPAuthUri, verifyTOTP } from "@epic-web/totp";
import { hash, verify } from "@node-rs/argon2";
import QRCode from "qrcode";
import { ARGON2_OPTIONS } from "~/auth/password.server";

// What authenticator apps expect by default (RFC 6238): SHA-1, 6 digits, 30-second steps.
const TOTP = { period: 30, digits: 6, algorithm: "SHA-1" } as const;
const RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export async function newTotpSecret() {
  const { secret } = await generateTOTP(TOTP);
  return secret;
}

export async function totpQrCode(secret: string, accountName: string) {
  const uri = getTOTPAuthUri({ ...TOTP, secret, accountName, issuer: "Debrief" });
  return { uri, dataUrl: await QRCode.toDataURL(uri, { margin: 2, width: 240 }) };
}

/**
 * The 30-second step of an accepted code (one step of clock drift allowed either way), or null.
 * A code is refused when its step is not after `lastStep`, so a code can be used only once.
 */
export async function acceptTotp(secret: string, code: string, lastStep: number | null, now = Date.now()) {
  const otp = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(otp)) return null;
  const result = await verifyTOTP({ ...TOTP, otp, secret, window: 1 });
  if (!result) return null;
  const step = Math.floor(now / 1000 / TOTP.period) + result.delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

/** Ten single-use recovery codes like "K7PX-M2QD-9R", shown once; only hashes are kept. */
export function newRecoveryCodes(count = 10) {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const chars = Array.from(bytes, (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 10)}`;
  });
}

/**
 * A recovery code's stored hash: argon2id, as passwords, with a salt of its own (the library makes
 * one per hash), so a stolen copy of the database cannot be searched for every account's codes at once.
 * Spacing and case are ignored.
 */
export function hashRecoveryCode(code: string) {
  return hash(normaliseRecoveryCode(code), ARGON2_OPTIONS);
}

/** Whether a typed code is the one behind a stored hash (argon2id, or a legacy SHA-256 hashed again: LEGACY_PREFIX). */
export async function recoveryCodeMatches(storedHash: string, code: string) {
  const normalised = normaliseRecoveryCode(code);
  const legacy = storedHash.startsWith(LEGACY_PREFIX);
  try {
    return await verify(legacy ? storedHash.slice(LEGACY_PREFIX.length) : storedHash, legacy ? legacySha256(normalised) : normalised);
  } catch {
    return false;
  }
}

/**
 * Codes stored before salting were a bare SHA-256 (hex). They are hashed again with argon2id and
 * marked with this prefix, so the person's codes still work and no unsalted hash stays stored.
 */
export const LEGACY_PREFIX = "sha256+";

export function isUnsaltedRecoveryHash(storedHash: string) {
  return /^[0-9a-f]{64}$/.test(storedHash);
}

/** The argon2id of a legacy SHA-256 hash, for the upgrade of codes stored before salting. */
export async function rehashUnsaltedRecoveryHash(sha256Hex: string) {
  return LEGACY_PREFIX + (await hash(sha256Hex, ARGON2_OPTIONS));
}

function normaliseRecoveryCode(code: string) {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

function legacySha256(normalised: string) {
  return createHash("sha256").update(normalised).digest("hex");
}
