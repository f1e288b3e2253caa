import { acceptTotp, hashRecoveryCode, newRecoveryCodes, newTotpSecret, recoveryCodeMatches } from "~/auth/totp.server";
import { prisma } from "~/db.server";
import { decrypt, encrypt, type Binding } from "~/security/encryption.server";

const totpSecretOf = (userId: string): Binding => ({ table: "User", column: "totpSecretEncrypted", rowId: userId });

/** The secret being set up (kept until confirmed, so reloading the page shows the same QR code). */
export async function pendingTotpSecret(userId: string) {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { totpSecretEncrypted: true, totpEnabledAt: true },
  });
  if (user.totpEnabledAt) return null;
  if (user.totpSecretEncrypted) return decrypt(user.totpSecretEncrypted, totpSecretOf(userId));
  const secret = await newTotpSecret();
  await prisma.user.update({ where: { id: userId }, data: { totpSecretEncrypted: encrypt(secret, totpSecretOf(userId)) } });
  return secret;
}

/** Turns MFA on when the code proves the app holds the secret; returns the new recovery codes. */
export async function confirmTotpEnrolment(userId: string, code: string) {
  const secret = await pendingTotpSecret(userId);
  if (!secret) return null;
  const step = await acceptTotp(secret, code, null);
  if (step === null) return null;
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map(hashRecoveryCode));
  await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { totpEnabledAt: new Date(), totpLastStep: step } }),
    prisma.recoveryCode.deleteMany({ where: { userId } }),
    prisma.recoveryCode.createMany({ data: hashes.map((codeHash) => ({ userId, codeHash })) }),
  ]);
  return codes;
}

/**
 * Checks a second factor at sign-in: a current TOTP code not used before, or an unused recovery
 * code (then spent). Returns how it was proved, or null.
 */
export async function verifySecondFactor(userId: string, code: string): Promise<"totp" | "recovery_code" | null> {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: { totpSecretEncrypted: true, totpEnabledAt: true, totpLastStep: true },
  });
  if (!user.totpEnabledAt || !user.totpSecretEncrypted) return null;
  const step = await acceptTotp(decrypt(user.totpSecretEncrypted, totpSecretOf(userId)), code, user.totpLastStep);
  if (step !== null) {
    // Conditional update: two requests racing with the same code cannot both succeed.
    const { count } = await prisma.user.updateMany({
      where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1 ? "totp" : null;
  }
  // Each code has its own salt, so the typed code is checked against each unused one (ten at most).
  const unused = await prisma.recoveryCode.findMany({ where: { userId, usedAt: null }, select: { id: true, codeHash: true } });
  for (const candidate of unused) {
    if (!(await recoveryCodeMatches(candidate.codeHash, code))) continue;
    // Conditional update: two requests racing with the same code cannot both spend it.
    const { count } = await prisma.recoveryCode.updateMany({ where: { id: candidate.id, usedAt: null }, data: { usedAt: new Date() } });
    return count === 1 ? "recovery_code" : null;
  }
  return null;
}

export function unusedRecoveryCodeCount(userId: string) {
  return prisma.recoveryCode.count({ where: { userId, usedAt: null } });
}
