// Backup, restore and the marker a running server leaves beside its database file.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createOwnerOnlyFile } from "./file-modes";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { committedMigrations } from "./startup-checks";

/** The file a running server writes beside its database, holding its process id. */
export const serverMarker = (databaseFile: string) => `${databaseFile}.server`;

/**
 * Claims the database file for this server before it starts: the marker is created only if no
 * other live server holds it (created exclusively, so of two servers started at the same moment
 * one wins). Returns the other server's process id when one is running, else null.
 */
export function claimServerMarker(databaseFile: string): number | null {
  const marker = serverMarker(databaseFile);
  try {
    writeFileSync(marker, String(process.pid), { mode: 0o600, flag: "wx" });
    return null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const other = runningServer(databaseFile);
  if (other !== null && other !== process.pid) return other;
  // Left behind by a server that was killed.
  writeFileSync(marker, String(process.pid), { mode: 0o600 });
  return null;
}

/** Removes the marker, if it is this server's: a second server refused on the file never removes the first one's. */
export function clearServerMarker(databaseFile: string) {
  const marker = serverMarker(databaseFile);
  if (existsSync(marker) && readFileSync(marker, "utf8").trim() === String(process.pid)) rmSync(marker, { force: true });
}

/** The process id of a server running on this database file, if one is alive. */
export function runningServer(databaseFile: string): number | null {
  const marker = serverMarker(databaseFile);
  if (!existsSync(marker)) return null;
  const pid = Number(readFileSync(marker, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null; // left behind by a server that was killed
  }
}

/**
 * An online, consistent copy: VACUUM INTO reads one snapshot (WAL mode lets the server keep writing)
 * and writes a compact file. `onProgress` gets the bytes written so far and the source's size.
 */
export async function backupDatabase(databaseFile: string, target: string, onProgress?: (written: number, total: number) => void) {
  if (existsSync(target)) throw new Error(`${target} already exists: choose a new file name`);
  const total = statSync(databaseFile).size;
  // The backup holds the same health data as the database: owner-only before anything is written into it.
  createOwnerOnlyFile(target);
  const timer = onProgress ? setInterval(() => onProgress(existsSync(target) ? statSync(target).size : 0, total), 500) : null;
  try {
    // A worker thread keeps the progress timer running while SQLite copies.
    const betterSqlite = createRequire(import.meta.url).resolve("better-sqlite3");
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(
        `const Database = require(${JSON.stringify(betterSqlite)});
         const { workerData } = require("node:worker_threads");
         const db = new Database(workerData.source, { readonly: true, fileMustExist: true });
         db.pragma("busy_timeout = 10000");
         db.prepare("VACUUM INTO ?").run(workerData.target);
         db.close();`,
        { eval: true, workerData: { source: databaseFile, target } },
      );
      worker.once("error", reject);
      worker.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the backup stopped (code ${code})`))));
    });
  } finally {
    if (timer) clearInterval(timer);
  }
  onProgress?.(statSync(target).size, total);
}

/** Why a file cannot be restored (not SQLite, damaged, or from a newer Debrief), or null. */
export function restoreProblem(backupFile: string, migrationsDir: string): string | null {
  if (!existsSync(backupFile)) return `${backupFile} does not exist`;
  let db: Database.Database;
  try {
    db = new Database(backupFile, { readonly: true, fileMustExist: true });
  } catch (error) {
    return `${backupFile} cannot be opened as a database: ${(error as Error).message}`;
  }
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") return `${backupFile} is damaged (integrity check: ${String(integrity)})`;
    const hasMigrations = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!hasMigrations) return `${backupFile} is not a Debrief database`;
    const applied = (db.prepare("SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all() as { name: string }[]).map((r) => r.name);
    const known = new Set(committedMigrations(migrationsDir));
    const unknown = applied.filter((name) => !known.has(name));
    if (unknown.length > 0) return `${backupFile} comes from a newer version of Debrief (schema ${unknown.at(-1)}): update Debrief first`;
    return null;
  } catch (error) {
    return `${backupFile} cannot be read: ${(error as Error).message}`;
  } finally {
    db.close();
  }
}

/** Replaces the database file with the backup (written beside it first, then renamed into place). */
export function restoreDatabase(backupFile: string, databaseFile: string) {
  const staging = `${databaseFile}.restoring`;
  rmSync(staging, { force: true });
  createOwnerOnlyFile(staging);
  const source = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    source.prepare("VACUUM INTO ?").run(staging);
  } finally {
    source.close();
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(`${databaseFile}${suffix}`, { force: true });
  // rename is atomic on one file system: the database is either the old one or the restored one.
  renameSync(staging, databaseFile);
}
