/**
 * SQLite settings that "nothing entered is ever lost" depends on (DESIGN.md, Durability).
 * They are set on every connection and read back, because SQLite ignores some of them
 * silently (journal_mode inside a transaction, or on an in-memory database).
 */
export const BUSY_TIMEOUT_MS = 5000;

export const PRAGMA_STATEMENTS = [
  "PRAGMA journal_mode = WAL",
  // better-sqlite3 defaults WAL databases to NORMAL, which can lose the last commits on power loss.
  "PRAGMA synchronous = FULL",
  "PRAGMA foreign_keys = ON",
  `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`,
  // What is deleted or replaced (an erased note, a value re-encrypted) is overwritten with zeros,
  // so a copy of the file does not keep it in free space.
  "PRAGMA secure_delete = ON",
] as const;

export type PragmaReadings = {
  journalMode: string;
  synchronous: number;
  foreignKeys: number;
  busyTimeout: number;
  secureDelete: number;
};

const SYNCHRONOUS_NAMES: Record<number, string> = { 0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA" };

/** Pure: what is wrong with these readings, one sentence each (empty when all is well). */
export function pragmaProblems(readings: PragmaReadings): string[] {
  const problems: string[] = [];
  if (readings.journalMode.toLowerCase() !== "wal") {
    problems.push(`journal_mode is ${readings.journalMode}, expected wal`);
  }
  // EXTRA is stricter than FULL and also acceptable.
  if (readings.synchronous < 2) {
    const name = SYNCHRONOUS_NAMES[readings.synchronous] ?? String(readings.synchronous);
    problems.push(`synchronous is ${name}, expected FULL`);
  }
  if (readings.foreignKeys !== 1) problems.push("foreign_keys is OFF, expected ON");
  if (readings.busyTimeout < 1000) {
    problems.push(`busy_timeout is ${readings.busyTimeout} ms, expected at least 1000 ms`);
  }
  if (readings.secureDelete !== 1) problems.push("secure_delete is OFF, expected ON");
  return problems;
}

export class PragmaError extends Error {
  constructor(readonly problems: string[]) {
    super(`SQLite durability settings did not take: ${problems.join("; ")}`);
    this.name = "PragmaError";
  }
}

type Row = Record<string, unknown>;
/** Runs one SQL statement and returns its rows; lets Prisma and raw better-sqlite3 share this code. */
export type QueryRows = (sql: string) => Promise<Row[]> | Row[];

/** QueryRows on a raw better-sqlite3 connection (statements without rows are run). */
export function betterSqliteRows(db: { prepare(sql: string): { reader: boolean; run(): unknown; all(): unknown[] } }): QueryRows {
  return (sql) => {
    const statement = db.prepare(sql);
    if (!statement.reader) {
      statement.run();
      return [];
    }
    return statement.all() as Row[];
  };
}

function firstValue(rows: Row[]): unknown {
  const row = rows[0];
  return row ? Object.values(row)[0] : undefined;
}

export async function readPragmas(query: QueryRows): Promise<PragmaReadings> {
  const read = async (name: string) => firstValue(await query(`PRAGMA ${name}`));
  return {
    journalMode: String(await read("journal_mode")),
    synchronous: Number(await read("synchronous")),
    foreignKeys: Number(await read("foreign_keys")),
    busyTimeout: Number(await read("busy_timeout")),
    secureDelete: Number(await read("secure_delete")),
  };
}

/** Sets the pragmas, reads them back and throws PragmaError if any did not take. */
export async function applyAndVerifyPragmas(query: QueryRows): Promise<PragmaReadings> {
  for (const statement of PRAGMA_STATEMENTS) await query(statement);
  const readings = await readPragmas(query);
  const problems = pragmaProblems(readings);
  if (problems.length > 0) throw new PragmaError(problems);
  return readings;
}
