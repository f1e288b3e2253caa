// Reading a spreadsheet of past records: the documented columns, how headers and values are
// understood, and each row turned into the same form input the supporter's forms send, so the
// same schemas judge it.
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { IMPORT_COLUMNS, type ImportColumn, type ImportField } from "~/domain/import-columns";
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

/** CSV in UTF-8, with or without BOM, comma or semicolon separated, quoted fields, a header row. */
export function parseCsv(text: string): ParsedFile | { problem: string } {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, delimiter, record_delimiter: ["\r\n", "\n", "\r"], skip_empty_lines: true, relax_column_count: true, info: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    const line = error && typeof error === "object" && "lines" in error ? ` near line ${String(error.lines)}` : "";
    return { problem: `The file could not be read as CSV${line}: check that every quote mark is closed.` };
  }
  const [header, ...rest] = records;
  if (!header || header.record.every((h) => h === "")) return { problem: "The file is empty: it needs a header row and at least one row of records." };
  const rows = rest.filter((r) => r.record.some((v) => v !== "")).map((r) => ({ line: r.info.lines, values: r.record }));
  if (rows.length === 0) return { problem: "The file has a header row but no records." };
  return { headers: header.record, rows };
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
