// What a stolen copy of the database gives away: recovery codes hashed with a salt of their own.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoCopyForModules, type DemoCopy } from "../support/app-modules";

const USER = "demo-user-supporter";
const LEGACY_CODE = "K7PX-M2QD-9R";
const bareSha256 = (code: string) => createHash("sha256").update(code.replace(/-/g, "")).digest("hex");

describe("recovery codes", () => {
  let copy: DemoCopy;
  beforeAll(async () => {
    copy = await demoCopyForModules("at-rest-recovery", async (sql) => {
      // As a database from before salting holds them: a bare SHA-256 of each code.
      await sql.run("INSERT INTO RecoveryCode (userId, codeHash) VALUES (?, ?)", USER, bareSha256(LEGACY_CODE));
      await sql.run("INSERT INTO RecoveryCode (userId, codeHash) VALUES (?, ?)", USER, bareSha256("AAAA-BBBB-CC"));
    });
  }, 60_000);
  afterAll(async () => {
    await copy?.close();
  });

  test("codes stored unsalted are hashed again at start-up, still work once, and no bare SHA-256 stays", async () => {
    const { upgradeUnsaltedRecoveryCodes } = await import("~/models/at-rest.server");
    const { verifySecondFactor } = await import("~/models/mfa.server");
    const { encrypt } = await import("~/security/encryption.server");
    expect(await upgradeUnsaltedRecoveryCodes()).toBe(2);
    expect(await upgradeUnsaltedRecoveryCodes()).toBe(0); // idempotent
    const stored = await copy.sql.all<{ codeHash: string }>("SELECT codeHash FROM RecoveryCode WHERE userId = ?", USER);
    expect(stored.map((row) => row.codeHash)).not.toContain(bareSha256(LEGACY_CODE));
    expect(stored.every((row) => row.codeHash.startsWith("sha256+$argon2id$"))).toBe(true);

    await copy.sql.run("UPDATE User SET totpEnabledAt = ?, totpSecretEncrypted = ? WHERE id = ?", new Date().toISOString(), encrypt("JBSWY3DPEHPK3PXP"), USER);
    expect(await verifySecondFactor(USER, "k7px m2qd 9r")).toBe("recovery_code");
    expect(await verifySecondFactor(USER, LEGACY_CODE)).toBeNull();
  });

  test("new codes are argon2id with a salt each: two people with the same code store different values", async () => {
    const { hashRecoveryCode } = await import("~/auth/totp.server");
    const [first, second] = [await hashRecoveryCode(LEGACY_CODE), await hashRecoveryCode(LEGACY_CODE)];
    expect(first).toMatch(/^\$argon2id\$/);
    expect(first).not.toBe(second);
  });
});
