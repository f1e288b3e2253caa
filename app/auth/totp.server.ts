import { createHash, randomBytes } from "node:crypto";
import { generateTOTP, getTOTPAuthUri, verifyTOTP } from "@epic-web/totp";
import QRCode from "qrcode";

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

/** Recovery codes are random (50 bits), so a fast hash suffices; spacing and case are ignored. */
export function hashRecoveryCode(code: string) {
  const normalised = code.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return createHash("sha256").update(normalised).digest("hex");
}
