// Upgrades of what is stored at rest, run by the server at start-up before it accepts requests.
// Each is idempotent: it finds only values still in the old form, so a second run changes nothing.
import { isUnsaltedRecoveryHash, rehashUnsaltedRecoveryHash } from "~/auth/totp.server";
import { prisma } from "~/db.server";
import { ENCRYPTED_COLUMNS, decryptUnbound, encrypt } from "~/security/encryption.server";

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

const BATCH = 500;

/**
 * Values encrypted before binding (v1) are encrypted again bound to their table, column and row (v2);
 * returns how many, and how many could not be read (left as they are: unreadable either way, and
 * refused by decrypt). A row is rewritten only if it still holds the value read, so a save in between wins.
 */
export async function bindEncryptedValues() {
  let bound = 0;
  let unreadable = 0;
  for (const { table, column } of ENCRYPTED_COLUMNS) {
    // In id order, a batch at a time, past the last id seen: a value left unread is not met again.
    let after: string | number | null = null;
    for (;;) {
      // Names from the fixed list ENCRYPTED_COLUMNS, never from input.
      const select = `SELECT "id", "${column}" AS "value" FROM "${table}" WHERE "${column}" LIKE 'v1:%'`;
      const rows: { id: string | number; value: string }[] =
        after === null
          ? await prisma.$queryRawUnsafe(`${select} ORDER BY "id" LIMIT ${BATCH}`)
          : await prisma.$queryRawUnsafe(`${select} AND "id" > ? ORDER BY "id" LIMIT ${BATCH}`, after);
      if (rows.length === 0) break;
      for (const { id, value } of rows) {
        let plaintext: string;
        try {
          plaintext = decryptUnbound(value);
        } catch {
          unreadable += 1;
          continue;
        }
        const rebound = encrypt(plaintext, { table, column, rowId: id });
        bound += await prisma.$executeRawUnsafe(`UPDATE "${table}" SET "${column}" = ? WHERE "id" = ? AND "${column}" = ?`, rebound, id, value);
      }
      after = rows.at(-1)!.id;
    }
  }
  return { bound, unreadable };
}
