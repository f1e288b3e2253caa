import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getEnv } from "~/env.server";

// AES-256-GCM from Node's crypto: authenticated, so a tampered value fails to decrypt. Since v2 the
// value is also bound to where it is stored (table, column, row id) as GCM's additional data, so a
// value copied or moved to another row or column fails to decrypt as well
// (docs/decisions/0008-encrypted-values-bound-to-their-row.md).
const BOUND = "v2";
/** Values written before binding: read only by the upgrade that binds them (at-rest.server.ts). */
const UNBOUND = "v1";

/** Every encrypted column: its table and column (the binding of each value adds the row's id). */
export const ENCRYPTED_COLUMNS = [
  { table: "StaffMember", column: "displayNameEncrypted" },
  { table: "Exposure", column: "notesEncrypted" },
  { table: "SupportContact", column: "notesEncrypted" },
  { table: "User", column: "totpSecretEncrypted" },
  { table: "ImportUpload", column: "contentEncrypted" },
  { table: "ImportUpload", column: "analysisEncrypted" },
  { table: "SubjectAccessRequest", column: "copyEncrypted" },
] as const;

/** Where an encrypted value is stored: its table, its column and its row's id. */
export type Binding = { table: EncryptedTable; column: string; rowId: string | number };
export type EncryptedTable = (typeof ENCRYPTED_COLUMNS)[number]["table"];

/** A stored value that cannot be decrypted here: moved from another row, changed, or under another key. */
export class UnreadableValue extends Error {
  constructor(binding: Binding) {
    super(`The encrypted ${binding.table}.${binding.column} of row ${binding.rowId} cannot be read`);
    this.name = "UnreadableValue";
  }
}

/** What a page shows in place of a value that cannot be read. */
export const CANNOT_BE_READ = "This text cannot be read: it was changed or moved outside Debrief.";

function key(hexKey = getEnv().ENCRYPTION_KEY) {
  return Buffer.from(hexKey, "hex");
}

function additionalData({ table, column, rowId }: Binding) {
  return Buffer.from(JSON.stringify([table, column, String(rowId)]), "utf8");
}

export function encrypt(plaintext: string, binding: Binding, hexKey?: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(hexKey), iv);
  cipher.setAAD(additionalData(binding));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [BOUND, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(":");
}

/** The plaintext of a value stored at `binding`; throws UnreadableValue if it was not encrypted for exactly that place. */
export function decrypt(sealed: string, binding: Binding, hexKey?: string) {
  try {
    return open(sealed, BOUND, hexKey, additionalData(binding));
  } catch {
    throw new UnreadableValue(binding);
  }
}

/** The plaintext of an optional encrypted column (null stays null); throws UnreadableValue as decrypt. */
export function decryptOptional(sealed: string | null, binding: Binding) {
  return sealed === null ? null : decrypt(sealed, binding);
}

/** For pages that show a value: its plaintext, or CANNOT_BE_READ rather than an error page. */
export function decryptForDisplay(sealed: string | null, binding: Binding) {
  try {
    return decryptOptional(sealed, binding);
  } catch (error) {
    if (error instanceof UnreadableValue) return CANNOT_BE_READ;
    throw error;
  }
}

/** Whether a stored value predates binding (the start-up upgrade binds it). */
export function isUnbound(sealed: string) {
  return sealed.startsWith(`${UNBOUND}:`);
}

/** The plaintext of a value written before binding (the upgrade only). */
export function decryptUnbound(sealed: string, hexKey?: string) {
  return open(sealed, UNBOUND, hexKey, null);
}

function open(sealed: string, expectedVersion: string, hexKey: string | undefined, aad: Buffer | null) {
  const [version, iv, tag, ciphertext] = sealed.split(":");
  if (version !== expectedVersion || !iv || !tag || ciphertext === undefined) throw new Error("Unrecognised encrypted value");
  const decipher = createDecipheriv("aes-256-gcm", key(hexKey), Buffer.from(iv, "base64url"));
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
