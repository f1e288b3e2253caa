// Upgrades of what is stored at rest, run by the server at start-up before it accepts requests.
// Each is idempotent: it finds only values still in the old form, so a second run changes nothing.
import { isUnsaltedRecoveryHash, rehashUnsaltedRecoveryHash } from "~/auth/totp.server";
import { prisma } from "~/db.server";

/** Recovery codes stored as a bare SHA-256 (before salting) are hashed again with argon2id; returns how many. */
export async function upgradeUnsaltedRecoveryCodes() {
  // A bare SHA-256 is 64 hex characters; argon2id hashes start with "$", upgraded ones with "sha256+".
  const candidates = await prisma.recoveryCode.findMany({ where: { NOT: [{ codeHash: { startsWith: "$" } }, { codeHash: { startsWith: "sha256+" } }] }, select: { id: true, codeHash: true } });
  let upgraded = 0;
  for (const { id, codeHash } of candidates) {
    if (!isUnsaltedRecoveryHash(codeHash)) continue;
    const { count } = await prisma.recoveryCode.updateMany({ where: { id, codeHash }, data: { codeHash: await rehashUnsaltedRecoveryHash(codeHash) } });
    upgraded += count;
  }
  return upgraded;
}
