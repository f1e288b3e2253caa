// An uploaded import file holds notes: it is kept encrypted while the admin checks it, never in
// clear in the database file or its WAL, and deleted when it is imported, cancelled or left a day.
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { migrate } from "../support/database";
import { demoCopyForModules, type DemoCopy } from "../support/app-modules";
import { demoDatabase, demoWithServer, onPostgresql, type DemoWithServer, type TestDatabase } from "../support/engines";
import { HttpSession, pageText } from "../support/http";
import { withSql, type TestSql } from "../support/sql";

type ImportModule = typeof import("~/models/import.server"); // eslint-disable-line @typescript-eslint/consistent-type-imports

const ORG = "demo-organisation";
/** A note no other record holds, to look for as bytes. */
const NOTE = "Debriefed after the Kestrel Fenwick ridge rescue";
const HEADER = "Staff reference,Team,Exposure date,Incident type,Involvement,Initial distress,Notes";
const FILE = `${HEADER}\nUPL-0001,Response Team North,03/04/2021,other,attended,4,${NOTE}\n`;
const MIGRATION = "20261208010000_encrypted_import_uploads";

/** Whether the text is anywhere in the SQLite database file or its WAL (false on PostgreSQL, whose files the test cannot read). */
function inDatabaseFiles(databaseUrl: string, text: string) {
  if (onPostgresql()) return false;
  const file = databaseUrl.slice("file:".length);
  return [file, `${file}-wal`].some((path) => existsSync(path) && readFileSync(path).includes(Buffer.from(text)));
}

describe("uploading a file to import", () => {
  let demo: DemoWithServer;
  let admin: HttpSession;
  let sql: TestSql;
  const uploads = () => sql.value<number>("SELECT count(*) n FROM ImportUpload");

  beforeAll(async () => {
    demo = await demoWithServer("import-uploads");
    sql = demo.sql;
    admin = new HttpSession(demo.server.url);
    await admin.signIn("admin@demo.test");
  }, 60_000);
  afterAll(async () => {
    await demo?.stop();
  });

  async function upload(content: string) {
    const response = await admin.upload("/admin/import", "file", "history.csv", content);
    expect(response.status).toBe(302);
    return response.headers.get("location")!;
  }

  test("the file is kept encrypted: a note in it is never in the database file or its WAL, through upload, import and undo", async () => {
    const location = await upload(FILE);
    const uploadId = location.split("/").at(-1)!;
    expect(inDatabaseFiles(demo.url, NOTE)).toBe(false);
    const stored = await sql.value<string>("SELECT contentEncrypted FROM ImportUpload WHERE id = ?", uploadId);
    expect(stored).toMatch(/^v2:/); // bound to its row (decision 0006)
    expect(stored).not.toContain("Kestrel");
    // The admin's check reads it as before.
    expect(pageText(await (await admin.get(location)).text())).toContain("1 row would be imported");

    const imported = await admin.post(location, {});
    expect(imported.headers.get("location")).toMatch(/^\/admin\/import\?imported=/);
    const batchId = decodeURIComponent(imported.headers.get("location")!.split("=")[1]!);
    expect(await sql.value<number>("SELECT count(*) n FROM ImportUpload WHERE id = ?", uploadId)).toBe(0);
    expect(inDatabaseFiles(demo.url, NOTE)).toBe(false);

    expect((await admin.post("/admin/import", { batchId })).status).toBe(302);
    expect(await uploads()).toBe(0);
    expect(inDatabaseFiles(demo.url, NOTE)).toBe(false);
  });

  test("an import refused keeps the file for another try; the import that is written deletes it with the rows", async () => {
    const location = await upload(`${HEADER}\nUPL-0002,Response Team North,04/04/2021,other,attended,4,\nUPL-0003,Response Team North,31/02/2021,other,attended,4,\n`);
    expect((await admin.post(location, {})).status).toBe(400);
    expect(await uploads()).toBe(1);
    expect((await admin.post(location, { validOnly: "yes" })).status).toBe(302);
    expect(await uploads()).toBe(0);
  });

  test("cancelling deletes the file at once, and says so", async () => {
    const location = await upload(FILE);
    const cancelled = await admin.post(location, { intent: "cancel" });
    expect(cancelled.status).toBe(302);
    expect(cancelled.headers.get("location")).toBe("/admin/import?cancelled=1");
    expect(await uploads()).toBe(0);
    expect(pageText(await (await admin.get("/admin/import?cancelled=1")).text())).toContain("The file was deleted. Nothing was imported from it.");
    expect((await admin.get(location)).status).toBe(404);
    expect(await sql.value<number>("SELECT count(*) n FROM StaffMember WHERE reference = 'UPL-0001'")).toBe(0);
  });
});

describe("a file left behind", () => {
  let demo: DemoCopy;
  let imports: ImportModule;
  const HOUR = 60 * 60 * 1000;

  beforeAll(async () => {
    demo = await demoCopyForModules("abandoned-uploads");
    imports = await import("~/models/import.server");
  });
  afterAll(() => demo?.close());

  test("is kept for a day, then deleted by the hourly clean-up (driven here by a clock of its own) or by the next upload", async () => {
    const { id } = await imports.saveUpload(ORG, "left.csv", FILE);
    const uploadedAt = Date.now();
    // A day less a minute later: still there, and the admin can still check it.
    expect(await imports.discardAbandonedUploads(new Date(uploadedAt + 24 * HOUR - 60_000))).toBe(0);
    expect((await imports.findUpload(ORG, id))?.content).toBe(FILE);
    // Once a day has passed it is not offered any more, even before the clean-up runs...
    expect(await imports.findUpload(ORG, id, new Date(uploadedAt + 24 * HOUR + 60_000))).toBeNull();
    // ...which then deletes it.
    expect(await imports.discardAbandonedUploads(new Date(uploadedAt + 24 * HOUR + 60_000))).toBe(1);
    expect(await demo.sql.value<number>("SELECT count(*) n FROM ImportUpload")).toBe(0);

    // A new upload first clears those left for more than a day.
    const left = await imports.saveUpload(ORG, "left.csv", FILE);
    await demo.sql.run("UPDATE ImportUpload SET createdAt = ? WHERE id = ?", new Date(uploadedAt - 25 * HOUR).toISOString().replace("Z", "+00:00"), left.id);
    const next = await imports.saveUpload(ORG, "next.csv", FILE);
    expect(await demo.sql.all("SELECT id FROM ImportUpload")).toEqual([{ id: next.id }]);
  });
});

describe("files uploaded in clear before this version", () => {
  let db: TestDatabase | undefined;
  afterAll(() => db?.remove());

  test("are deleted by the migration, and nothing of them, nor of uploads deleted earlier, stays in the database file", async () => {
    db = await demoDatabase("legacy-uploads");
    const rows = (tag: string) => `${HEADER}\n${Array.from({ length: 400 }, (_, i) => `OLD-${i},Response Team North,03/04/2021,other,attended,4,${tag} ${i}`).join("\n")}\n`;
    // The database as the previous version left it: the table with the file in clear, one upload
    // still there and one deleted earlier (its pages freed, their text kept).
    await withSql(db.url, async (sql) => {
      await sql.run("DELETE FROM _prisma_migrations WHERE migration_name = ?", MIGRATION);
      if (onPostgresql()) {
        await sql.run(`ALTER TABLE "ImportUpload" DROP COLUMN "contentEncrypted", ADD COLUMN "content" TEXT NOT NULL`);
      } else {
        await sql.run(`DROP TABLE "ImportUpload"`);
        await sql.run(`CREATE TABLE "ImportUpload" (
          "id" TEXT NOT NULL PRIMARY KEY, "organisationId" TEXT NOT NULL, "fileName" TEXT NOT NULL, "content" TEXT NOT NULL,
          "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
          CONSTRAINT "ImportUpload_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE)`);
      }
      const insert = `INSERT INTO ImportUpload (id, organisationId, fileName, content, createdAt) VALUES (?, ?, 'history.csv', ?, ?)`;
      const now = new Date().toISOString().replace("Z", "+00:00");
      await sql.run(insert, "still-there", ORG, rows("Osprey still there"), now);
      await sql.run(insert, "deleted-earlier", ORG, rows("Osprey deleted earlier"), now);
      await sql.run("DELETE FROM ImportUpload WHERE id = 'deleted-earlier'");
    });
    if (!onPostgresql()) {
      // What the attack found: the text of both, in the file.
      expect(inDatabaseFiles(db.url, "Osprey deleted earlier 399")).toBe(true);
      expect(inDatabaseFiles(db.url, "Osprey still there 399")).toBe(true);
    }

    await migrate(db.url);
    await withSql(db.url, async (sql) => {
      expect(await sql.value<number>("SELECT count(*) n FROM ImportUpload")).toBe(0);
      expect(await sql.columns("ImportUpload")).toContain("contentEncrypted");
      expect(await sql.columns("ImportUpload")).not.toContain("content");
    });
    expect(inDatabaseFiles(db.url, "Osprey")).toBe(false);
  }, 120_000);
});
