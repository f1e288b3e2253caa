// How large an import file may be, in one place the upload page (in the browser too), the reader
// of the file and the README agree on.

/**
 * The largest file the import takes: five years of a large trust's records (about 20,000 a year)
 * with room to spare. Above these one file would hold the server (memory, and the check of every
 * row) long enough to slow everyone else's pages; larger histories go in as several files.
 */
export const IMPORT_LIMITS = {
  bytes: 20 * 1024 * 1024,
  rows: 100_000,
  columns: 50,
  /** a cell: notes are at most 500 characters, so longer text is never a record */
  cellCharacters: 2_000,
  /** a row's cells together, so one cell never grows past what is read before it is measured */
  rowCharacters: 10_000,
} as const;

export const grouped = (n: number) => n.toLocaleString("en-GB");
/** The limits in words, as the upload page and the README give them. */
export const IMPORT_LIMITS_IN_WORDS = `Up to ${IMPORT_LIMITS.bytes / 1024 / 1024} MB, ${grouped(IMPORT_LIMITS.rows)} rows and ${IMPORT_LIMITS.columns} columns, with at most ${grouped(IMPORT_LIMITS.cellCharacters)} characters in a cell.`;

/** Rejected rows (and groups of identical rows) listed on a file's page; the rest are counted. */
export const LISTED = 200;
