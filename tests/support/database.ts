import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { prismaBin, projectRoot } from "./paths";

const run = promisify(execFile);

export type TempDatabase = { dir: string; file: string; url: string; remove: () => void };

/** A new, empty SQLite file in its own temporary folder (never under data/). */
export function tempDatabase(label = "db"): TempDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), `debrief-${label}-`));
  const file = path.join(dir, "debrief.db");
  return { dir, file, url: `file:${file}`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Applies the committed migrations with the real Prisma CLI, as npm start does. */
export async function migrate(databaseUrl: string) {
  return run(prismaBin, ["migrate", "deploy"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

/** A private copy of a template database (built once by the global setup). */
export function copyOfTemplate(templateFile: string, label = "copy"): TempDatabase {
  const db = tempDatabase(label);
  copyFileSync(templateFile, db.file);
  return db;
}
