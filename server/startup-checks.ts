import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * The committed migrations not yet applied to the database file (all of them when it does not
 * exist), so the server can refuse to start on an out-of-date schema instead of failing per page.
 */
export function pendingMigrations(databaseFile: string, migrationsDir: string): string[] {
  const committed = committedMigrations(migrationsDir);
  if (!existsSync(databaseFile)) return committed;
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return committed;
    const applied = new Set(
      (db.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all() as {
        migration_name: string;
      }[]).map((row) => row.migration_name),
    );
    return committed.filter((name) => !applied.has(name));
  } finally {
    db.close();
  }
}

/** The migrations this version of Debrief ships, oldest first. */
export function committedMigrations(migrationsDir: string) {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function migrationsDirectory(root: string) {
  return path.join(root, "prisma", "migrations");
}

/**
 * Whether the database holds a real (non-demo) organisation. A new encryption key may be generated
 * only where nothing real is encrypted yet: an empty database or the demo.
 */
export function holdsRealOrganisation(databaseFile: string) {
  if (!existsSync(databaseFile)) return false;
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'Organisation'").get();
    if (!table) return false;
    return (db.prepare("SELECT count(*) AS n FROM Organisation WHERE isDemo = 0").get() as { n: number }).n > 0;
  } finally {
    db.close();
  }
}
