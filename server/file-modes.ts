// Debrief's files hold health data (the database, its WAL, backups) or the keys to it: readable by
// the user that runs Debrief only. New files are made owner-only (umask, and an explicit mode where
// a file is created before data goes in), and the server checks what it finds at start-up.
import { chmodSync, closeSync, existsSync, openSync, statSync } from "node:fs";

export const OWNER_ONLY_FILE = 0o600;
export const OWNER_ONLY_FOLDER = 0o700;

/** Every file and folder this process creates from now on is owner-only (its children inherit it too). */
export function keepNewFilesPrivate() {
  process.umask(0o077);
}

/** An empty file only its owner can read, for SQLite to write into (VACUUM INTO accepts an empty file). */
export function createOwnerOnlyFile(file: string) {
  closeSync(openSync(file, "wx", OWNER_ONLY_FILE));
  // The mode given to open is reduced by the umask only, never widened: set it once more, to be exact.
  chmodSync(file, OWNER_ONLY_FILE);
}

/** The database file and the files SQLite keeps beside it. */
export function sqliteFiles(databaseFile: string) {
  return [databaseFile, `${databaseFile}-wal`, `${databaseFile}-shm`];
}

/**
 * Files that other local users can read or write are made owner-only, and folders that others can
 * enter are reported; returns one plain warning per finding (none when all is private).
 */
export function privateFileWarnings(files: string[], folders: string[]) {
  const warnings: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) === 0) continue;
    try {
      chmodSync(file, OWNER_ONLY_FILE);
      warnings.push(`Warning: ${file} was readable by other users on this machine (mode ${octal(mode)}); Debrief made it owner-only (600).`);
    } catch {
      warnings.push(`Warning: ${file} is readable by other users on this machine (mode ${octal(mode)}): run chmod 600 ${file}`);
    }
  }
  for (const folder of new Set(folders)) {
    if (!existsSync(folder)) continue;
    const mode = statSync(folder).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      warnings.push(`Warning: the folder ${folder} can be opened by other users on this machine (mode ${octal(mode)}): run chmod 700 ${folder}`);
    }
  }
  return warnings;
}

const octal = (mode: number) => mode.toString(8).padStart(3, "0");
