import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import { PragmaError, applyAndVerifyPragmas, betterSqliteRows, pragmaProblems, type QueryRows } from "./pragmas";

const GOOD = { journalMode: "wal", synchronous: 2, foreignKeys: 1, busyTimeout: 5000, secureDelete: 1 };

describe("pragmaProblems", () => {
  test("none for WAL, FULL, foreign keys on, a busy timeout and secure delete", () => {
    expect(pragmaProblems(GOOD)).toEqual([]);
    expect(pragmaProblems({ ...GOOD, synchronous: 3 })).toEqual([]);
  });

  test("names each setting that did not take", () => {
    expect(pragmaProblems({ journalMode: "delete", synchronous: 1, foreignKeys: 0, busyTimeout: 0, secureDelete: 0 })).toEqual([
      "journal_mode is delete, expected wal",
      "synchronous is NORMAL, expected FULL",
      "foreign_keys is OFF, expected ON",
      "busy_timeout is 0 ms, expected at least 1000 ms",
      "secure_delete is OFF, expected ON",
    ]);
  });
});

describe("applyAndVerifyPragmas", () => {
  test("sets and verifies the durability pragmas on a real database file", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "debrief-pragma-")), "p.db");
    const db = new Database(file);
    // better-sqlite3 would otherwise leave a WAL database at synchronous=NORMAL.
    await expect(applyAndVerifyPragmas(betterSqliteRows(db))).resolves.toEqual(GOOD);
    db.close();
  });

  test("fails loudly when WAL cannot be used (an in-memory database)", async () => {
    const db = new Database(":memory:");
    await expect(applyAndVerifyPragmas(betterSqliteRows(db))).rejects.toThrow(/journal_mode is memory, expected wal/);
    db.close();
  });

  test("fails loudly when synchronous=FULL is silently ignored", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "debrief-pragma-")), "p.db");
    const db = new Database(file);
    const ignoringSynchronous: QueryRows = (sql) =>
      sql.startsWith("PRAGMA synchronous =") ? [] : betterSqliteRows(db)(sql);
    db.pragma("synchronous = NORMAL");
    const failure = applyAndVerifyPragmas(ignoringSynchronous);
    await expect(failure).rejects.toBeInstanceOf(PragmaError);
    await expect(failure).rejects.toThrow("synchronous is NORMAL, expected FULL");
    db.close();
  });
});
