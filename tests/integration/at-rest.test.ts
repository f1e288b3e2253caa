// What a stolen copy of the database gives away, or lets someone with write access change unnoticed:
// recovery codes hashed with a salt of their own; encrypted values bound to their table, column and row.
import { createCipheriv, createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoCopyForModules, type DemoCopy } from "../support/app-modules";
import { demoWithServer, type DemoWithServer } from "../support/engines";
import { HttpSession, pageText } from "../support/http";

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

    await copy.sql.run("UPDATE User SET totpEnabledAt = ?, totpSecretEncrypted = ? WHERE id = ?", new Date().toISOString(), encrypt("JBSWY3DPEHPK3PXP", { table: "User", column: "totpSecretEncrypted", rowId: USER }), USER);
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

describe("encrypted values are bound to their row", () => {
  let demo: DemoWithServer;
  let supporter: HttpSession;
  let staffId: string;
  const NOTE_A = "Talked through the collision on the ring road";
  const NOTE_B = "Second exposure, the flat fire";

  beforeAll(async () => {
    demo = await demoWithServer("at-rest-binding");
    supporter = new HttpSession(demo.server.url);
    await supporter.signIn("supporter@demo.test");
    const created = await supporter.post("/staff/new", { reference: "BIND-0001", teamId: "demo-team-response-north" });
    staffId = created.headers.get("location")!.split("/").pop()!;
    for (const [day, notes] of [["10", NOTE_A], ["12", NOTE_B]] as const) {
      const saved = await supporter.post(`/staff/${staffId}/exposures/new`, {
        idempotencyKey: randomUUID(),
        "occurred.day": day,
        "occurred.month": "11",
        "occurred.year": "2026",
        incidentType: "serious_injury",
        involvement: "attended",
        informationReached: "2",
        initialDistress: "5",
        notes,
      });
      expect(saved.status).toBe(302);
    }
  }, 60_000);
  afterAll(async () => {
    await demo?.stop();
  });

  test("a note moved to another record in the database is refused: the page says it cannot be read, not an error", async () => {
    const [first, second] = await demo.sql.all<{ id: number; notesEncrypted: string }>(
      "SELECT id, notesEncrypted FROM Exposure WHERE staffMemberId = ? ORDER BY id",
      staffId,
    );
    expect(first!.notesEncrypted).toMatch(/^v2:/);
    // Someone with the database moves the first note onto the second record.
    await demo.sql.run("UPDATE Exposure SET notesEncrypted = ? WHERE id = ?", first!.notesEncrypted, second!.id);

    const casePage = await supporter.get(`/staff/${staffId}`);
    expect(casePage.status).toBe(200);
    const text = pageText(await casePage.text());
    expect(text).toContain(NOTE_A); // still on its own record
    expect(text).not.toContain(NOTE_B);
    expect(text).toContain("This text cannot be read: it was changed or moved outside Debrief.");
    expect(text.split(NOTE_A).length - 1).toBe(1); // not read on the record it was moved to

    const editPage = await supporter.get(`/staff/${staffId}/exposures/${second!.id}`);
    expect(editPage.status).toBe(200);
    expect(pageText(await editPage.text())).not.toContain(NOTE_A);
  });
});

describe("values encrypted before binding", () => {
  let copy: DemoCopy;
  const KEY = "0123456789abcdef".repeat(4);
  /** As Debrief wrote values before binding: AES-256-GCM without additional data, version v1. */
  const v1 = (plaintext: string) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", Buffer.from(KEY, "hex"), iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(":");
  };
  let exposureId: number;
  const oldNote = v1("Old note, written before binding");

  beforeAll(async () => {
    copy = await demoCopyForModules("at-rest-v1", async (sql) => {
      exposureId = await sql.value<number>("SELECT MIN(id) FROM Exposure");
      await sql.run("UPDATE Exposure SET notesEncrypted = ? WHERE id = ?", oldNote, exposureId);
      await sql.run("UPDATE StaffMember SET displayNameEncrypted = ? WHERE id = (SELECT staffMemberId FROM Exposure WHERE id = ?)", v1("Old Name"), exposureId);
    });
  }, 60_000);
  afterAll(async () => {
    await copy?.close();
  });

  test("are bound at start-up, once: they read as before on their own row, and no v1 value is left", async () => {
    const { bindEncryptedValues } = await import("~/models/at-rest.server");
    const { decrypt } = await import("~/security/encryption.server");
    await copy.sql.run("UPDATE SupportContact SET notesEncrypted = 'v1:not-a-value' WHERE id = (SELECT MIN(id) FROM SupportContact)");
    expect(await bindEncryptedValues()).toEqual({ bound: 2, unreadable: 1 });
    expect(await bindEncryptedValues()).toEqual({ bound: 0, unreadable: 1 }); // idempotent; the damaged one is left, and does not stop start-up
    const stored = await copy.sql.value<string>("SELECT notesEncrypted FROM Exposure WHERE id = ?", exposureId);
    expect(stored).toMatch(/^v2:/);
    expect(decrypt(stored, { table: "Exposure", column: "notesEncrypted", rowId: exposureId })).toBe("Old note, written before binding");
    expect(() => decrypt(stored, { table: "Exposure", column: "notesEncrypted", rowId: exposureId + 1 })).toThrow();
    for (const [table, column] of [["Exposure", "notesEncrypted"], ["StaffMember", "displayNameEncrypted"], ["User", "totpSecretEncrypted"]]) {
      expect(await copy.sql.value<number>(`SELECT COUNT(*) FROM ${table} WHERE ${column} LIKE 'v1:%'`), table).toBe(0);
    }
    // On SQLite, as start-up does after binding: the old value is in neither the file nor its WAL.
    const { compactDatabaseFile, databaseEngine } = await import("~/db.server");
    if (databaseEngine === "sqlite") {
      const { sqliteFilePath } = await import("~/env.server");
      const file = sqliteFilePath(copy.url);
      const holdsOldNote = () => [file, `${file}-wal`].some((name) => existsSync(name) && readFileSync(name).includes(oldNote.split(":").at(-1)!));
      expect(holdsOldNote()).toBe(true); // replaced, but still in the file's free space or the WAL
      expect(await compactDatabaseFile(copy.prisma)).toBe(true);
      expect(holdsOldNote()).toBe(false);
    }
  });
});
