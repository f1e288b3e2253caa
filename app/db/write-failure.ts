/**
 * Database failures that mean "this was not saved, and trying again later may work": the write lock
 * was held too long by another process, the disk is full, or the database cannot be written. Nothing
 * of the failed write remains (the statement or transaction is rolled back), so the form can say
 * "not saved" and keep what was typed.
 */
export type WriteFailure = "busy" | "full" | "unavailable";

/** A write that waited longer than it may for the write queue (another long write held it). */
export class WriteQueueWaitExceeded extends Error {
  constructor() {
    super("The write waited too long for its turn in the write queue");
    this.name = "WriteQueueWaitExceeded";
  }
}

type ErrorShape = { code?: unknown; cause?: { originalCode?: unknown }; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };

export function writeFailureOf(error: unknown): WriteFailure | null {
  if (typeof error !== "object" || error === null) return null;
  if (error instanceof WriteQueueWaitExceeded) return "busy";
  const shape = error as ErrorShape;
  const codes = [shape.code, shape.cause?.originalCode, shape.meta?.driverAdapterError?.cause?.originalCode].filter(
    (code): code is string => typeof code === "string",
  );
  // P1008: Prisma's name for SQLITE_BUSY; P2028: a transaction could not start in time. PostgreSQL's
  // SQLSTATEs: a deadlock or serialization failure left after the retries, a lock not available,
  // too many connections; a full disk; a lost or refused connection (P1001, P1017 through Prisma), a server
  // shutting down or read-only.
  if (codes.some((code) => code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED") || ["P1008", "P2028", "40001", "40P01", "55P03", "53300"].includes(code))) {
    return "busy";
  }
  if (codes.some((code) => code === "SQLITE_FULL" || code === "53100")) return "full";
  if (codes.some((code) => /^SQLITE_(IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB)/.test(code) || /^(08...|57P0.|25006|ECONNREFUSED|ECONNRESET|P1001|P1017)$/.test(code))) return "unavailable";
  return null;
}

const REASONS: Record<WriteFailure, { reason: string; next: string }> = {
  busy: { reason: "Debrief was too busy to save this just now", next: "try again" },
  full: { reason: "the server has run out of storage space", next: "tell your Debrief administrator, then try again" },
  unavailable: { reason: "the database could not be written to", next: "tell your Debrief administrator, then try again" },
};

export type NotSavedWording = {
  /** what did not happen, e.g. "Not saved" or "You are not signed in" */
  headline?: string;
  /** what the person still has, or null when there is nothing to say */
  kept?: string | null;
};

/** The message a form shows when the database could not take a write. */
export function notSavedMessage(failure: WriteFailure, { headline = "Not saved", kept = "What you entered is still here" }: NotSavedWording = {}) {
  const { reason, next } = REASONS[failure];
  return `${headline}: ${reason}. ${kept ? `${kept}; please` : "Please"} ${next}.`;
}
