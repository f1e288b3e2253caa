// Reading a spreadsheet of past records: the documented columns, how headers and values are
// understood, and each row turned into the same form input the supporter's forms send, so the
// same schemas judge it.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { IMPORT_COLUMNS, type ImportColumn, type ImportField } from "~/domain/import-columns";
import { IMPORT_LIMITS, grouped } from "~/domain/import-limits";
import { BARRIERS, CONTACT_TYPES, INVOLVEMENTS, OUTCOMES, PARTNER_AGENCIES } from "~/domain/vocabulary";


const squash = (text: string) => text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]/g, "");

export type HeaderMatch = { header: string; field: ImportField | null };

/** How each header was understood: a documented column (case, spaces and punctuation ignored) or ignored. */
export function matchHeaders(headers: string[]): { matches: HeaderMatch[]; missing: ImportColumn[]; repeated: string[] } {
  const seen = new Set<ImportField>();
  const repeated: string[] = [];
  const matches = headers.map((header) => {
    const column = IMPORT_COLUMNS.find((c) => [c.header, c.field, ...c.aliases].some((name) => squash(name) === squash(header)));
    if (!column) return { header, field: null };
    if (seen.has(column.field)) {
      repeated.push(header);
      return { header, field: null };
    }
    seen.add(column.field);
    return { header, field: column.field };
  });
  return { matches, missing: IMPORT_COLUMNS.filter((c) => c.required && !seen.has(c.field)), repeated };
}

export type ParsedFile = { headers: string[]; rows: { line: number; values: string[] }[] };

/** The file breaks a limit (413), or is not text (400): refused as a whole, with the reason in words. */
export class ImportFileRefused extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 = 413,
  ) {
    super(message);
  }
}

const NOT_UTF8 = "The file is not UTF-8 text: in your spreadsheet, save it as “CSV UTF-8”";

/**
 * The file's bytes as text, piece by piece: refused once it passes the size limit (before the
 * rest is read), when it is not UTF-8, or when it holds a null character (no spreadsheet writes one).
 */
export async function* utf8Text(bytes: AsyncIterable<Uint8Array>, maxBytes: number = IMPORT_LIMITS.bytes): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let total = 0;
  const decoded = (chunk?: Uint8Array) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new ImportFileRefused(NOT_UTF8, 400);
    }
  };
  for await (const chunk of bytes) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new ImportFileRefused(`The file is larger than ${maxBytes / 1024 / 1024} MB: split it into smaller files`);
    const text = decoded(chunk);
    if (text.includes("\u0000")) throw new ImportFileRefused("The file holds a null character, so it is not a CSV file: in your spreadsheet, save it as “CSV UTF-8”", 400);
    if (text) yield text;
  }
  const rest = decoded();
  if (rest) yield rest;
}

/** Text read in pieces (a stored file is parsed as a stream too, never as one large parse). */
async function* inPieces(text: string, size = 64 * 1024) {
  for (let start = 0; start < text.length; start += size) yield text.slice(start, start + size);
}

/**
 * Counts the cells of each line as the text streams past, quotes respected, so a line of a
 * million empty cells is refused before the parser has built it (the parser only hands over whole rows).
 */
function columnCounter(delimiter: string) {
  let inQuotes = false;
  let cells = 1;
  return (text: string) => {
    for (let i = 0; i < text.length; i += 1) {
      const c = text[i];
      if (c === '"') inQuotes = !inQuotes;
      else if (inQuotes) continue;
      else if (c === delimiter && ++cells > IMPORT_LIMITS.columns) return false;
      else if (c === "\n" || c === "\r") cells = 1;
    }
    return true;
  };
}

const tooManyColumns = `The file has a row of more than ${IMPORT_LIMITS.columns} columns: remove the columns Debrief does not read (the template shows those it does)`;

/**
 * Reads CSV in UTF-8 (with or without BOM, comma or semicolon separated, quoted fields, a header
 * row) as a stream: memory stays bounded by the limits, and a file over one of them stops being
 * read at once (thrown as ImportFileRefused). A file that is simply not good CSV is answered with
 * its problem. `keepRows: false` only counts the rows (the check while the file is uploaded).
 */
export async function readCsv(source: AsyncIterable<string> | string, options: { keepRows?: boolean; onRows?: (read: number) => void } = {}): Promise<(ParsedFile & { rowCount: number }) | { problem: string }> {
  const { keepRows = true, onRows } = options;
  const pieces = (typeof source === "string" ? inPieces(source) : source)[Symbol.asyncIterator]();
  // The separator is chosen from the header line, so the parser starts once that line is in.
  let head = "";
  let ended = false;
  while (!/[\r\n]/.test(head) && head.length <= IMPORT_LIMITS.rowCharacters) {
    const next = await pieces.next();
    if (next.done) {
      ended = true;
      break;
    }
    head += next.value;
  }
  const firstLine = head.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const withinColumns = columnCounter(delimiter);
  async function* wholeText() {
    if (!withinColumns(head)) throw new ImportFileRefused(tooManyColumns);
    yield head;
    if (ended) return;
    for (let next = await pieces.next(); !next.done; next = await pieces.next()) {
      if (!withinColumns(next.value)) throw new ImportFileRefused(tooManyColumns);
      yield next.value;
    }
  }
  const parser = parse({
    bom: true,
    delimiter,
    record_delimiter: ["\r\n", "\n", "\r"],
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
    trim: true,
    max_record_size: IMPORT_LIMITS.rowCharacters,
  });
  const input = Readable.from(wholeText());
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);

  let headers: string[] | null = null;
  const rows: ParsedFile["rows"] = [];
  let rowCount = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (record.some((cell) => cell.length > IMPORT_LIMITS.cellCharacters)) {
        throw new ImportFileRefused(`Line ${info.lines} has a cell of more than ${grouped(IMPORT_LIMITS.cellCharacters)} characters: no column Debrief reads holds that much`);
      }
      if (headers === null) {
        headers = record;
        continue;
      }
      if (record.every((v) => v === "")) continue;
      rowCount += 1;
      if (rowCount > IMPORT_LIMITS.rows) throw new ImportFileRefused(`The file has more than ${grouped(IMPORT_LIMITS.rows)} rows: split it into smaller files`);
      if (keepRows) rows.push({ line: info.lines, values: record });
      // Other people's pages are served between steps.
      if (rowCount % 2000 === 0) {
        onRows?.(rowCount);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } catch (error) {
    if (error instanceof ImportFileRefused) throw error;
    const code = error && typeof error === "object" && "code" in error ? error.code : null;
    if (code === "CSV_MAX_RECORD_SIZE") throw new ImportFileRefused(`The file has a row of more than ${grouped(IMPORT_LIMITS.rowCharacters)} characters: no row of records holds that much`);
    const line = error && typeof error === "object" && "lines" in error ? ` near line ${String(error.lines)}` : "";
    return { problem: `The file could not be read as CSV${line}: check that every quote mark is closed.` };
  } finally {
    input.destroy();
    parser.destroy();
  }
  if (!headers || headers.every((h) => h === "")) return { problem: "The file is empty: it needs a header row and at least one row of records." };
  if (rowCount === 0) return { problem: "The file has a header row but no records." };
  return { headers, rows, rowCount };
}

/** The whole of a (stored) file, read as a stream with the same limits. */
export async function parseCsv(text: string) {
  return readCsv(text);
}

/** A value of a fixed list, by its key or its wording, case and punctuation ignored. */
export function vocabularyKey<T extends Record<string, string>>(vocabulary: T, raw: string): keyof T | null {
  const wanted = squash(raw);
  if (!wanted) return null;
  for (const [key, label] of Object.entries(vocabulary)) if (squash(key) === wanted || squash(label) === wanted) return key as keyof T;
  return null;
}

/** "31/01/2025", "2025-01-31", with an optional "14:30": the form's date parts. */
export function dateParts(raw: string): { day: string; month: string; year: string; hour?: string; minute?: string } | null {
  const match = raw.trim().match(/^(?:(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4})-(\d{1,2})-(\d{1,2}))(?:[ T](\d{1,2}):(\d{2}))?$/);
  if (!match) return null;
  const [, d1, m1, y1, y2, m2, d2, hour, minute] = match;
  return { day: (d1 ?? d2)!, month: (m1 ?? m2)!, year: (y1 ?? y2)!, ...(hour ? { hour, minute } : {}) };
}

const list = (raw: string) =>
  raw
    .split(";")
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * An idempotency key made from the row's content and which of the file's identical rows it is
 * (the first, second …): importing the same file again adds nothing, while two genuine records
 * with the same answers (two exposures of one person on one day) each import. The first keeps the
 * key it had before identical rows were counted, so files imported then are still recognised.
 */
export function rowKey(organisationId: string, values: Record<string, string>, part: "exposure" | "contact", occurrence = 1) {
  const content = [organisationId, part, IMPORT_COLUMNS.map((c) => squash(values[c.field] ?? ""))];
  const hex = createHash("sha256")
    .update(JSON.stringify(occurrence === 1 ? content : [...content, occurrence]))
    .digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The row's values by field, from the matched headers. */
export function valuesOf(matches: HeaderMatch[], values: string[]) {
  const byField: Partial<Record<ImportField, string>> = {};
  matches.forEach((match, index) => {
    if (match.field) byField[match.field] = (values[index] ?? "").trim();
  });
  return byField;
}

/**
 * What the admin chose for each unknown team, incident type or initiative name, and whether
 * identical rows of the file are one record repeated by mistake (by default each is a record).
 */
export type Mapping = { team: Record<string, string>; incidentType: Record<string, string>; initiative: Record<string, string>; identicalAsOne?: boolean };

/**
 * The form input for the exposure (and its first contact) of one row, with names already turned
 * into ids; the problems found before the schemas run (a value not in a list).
 */
export function formInputs(values: Partial<Record<ImportField, string>>, resolved: { initiativeId: string | null; incidentType: string | null }, keys: { exposure: string; contact: string }) {
  const problems: string[] = [];
  const fromList = <T extends Record<string, string>>(vocabulary: T, raw: string | undefined, what: string) => {
    if (!raw) return undefined;
    const key = vocabularyKey(vocabulary, raw);
    if (key === null) problems.push(`${what} “${raw}” is not one of the choices`);
    return key === null ? undefined : String(key);
  };
  const manyFromList = <T extends Record<string, string>>(vocabulary: T, raw: string | undefined, what: string) =>
    list(raw ?? "").flatMap((item) => {
      const key = fromList(vocabulary, item, what);
      return key ? [key] : [];
    });
  const date = (raw: string | undefined, what: string) => {
    if (!raw) return {};
    const parts = dateParts(raw);
    if (!parts) problems.push(`${what} “${raw}” is not a date like 31/01/2025 or 2025-01-31`);
    return parts ?? { day: "", month: "", year: "" };
  };
  const partnerAgencies = manyFromList(PARTNER_AGENCIES, values.partnerAgencies, "Partner agency");
  const barriers = manyFromList(BARRIERS, values.barriers, "Barrier");
  const exposure = {
    idempotencyKey: keys.exposure,
    occurred: date(values.exposureDate, "Exposure date"),
    incidentType: resolved.incidentType ?? undefined,
    involvement: fromList(INVOLVEMENTS, values.involvement, "Involvement"),
    partnerAgencies,
    // Blank is stored as the form's "not applicable" (no rating); with barriers, a rating is needed.
    informationReached: values.informationReached ? values.informationReached : barriers.length === 0 ? "na" : undefined,
    barriers,
    initiativeId: resolved.initiativeId ?? undefined,
    initialDistress: values.initialDistress ?? "",
    notes: values.notes || undefined,
  };
  const contact = values.contactType
    ? {
        idempotencyKey: keys.contact,
        contactType: fromList(CONTACT_TYPES, values.contactType, "First contact type"),
        contacted: date(values.contactDate, "First contact date"),
        format: "individual",
        distress: values.contactDistress ?? "",
        outcome: fromList(OUTCOMES, values.contactOutcome, "First contact outcome"),
        exposureIds: [],
        riskIndicators: [],
        signposts: [],
      }
    : null;
  if (!values.contactType && (values.contactDate || values.contactDistress || values.contactOutcome)) problems.push("First contact details are given without a first contact type");
  return { exposure, contact, problems };
}
