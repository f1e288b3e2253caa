// Importing past records from a spreadsheet: a dry run that says what would happen, the import
// as one transaction, and undo of a whole import.
import { requireReferences } from "~/models/references.server";
import { createHash, randomUUID } from "node:crypto";
import { prisma, writeInBulk } from "~/db.server";
import { get, insert, pause, run } from "~/db/sql-steps";
import { bulkTallies, rowSteps } from "~/models/exposure-rows.server";
import { sqliteTimestamp } from "~/db/write-queue.server";
import { IMPORT_COLUMNS, type ImportColumn } from "~/domain/import-columns";
import { IMPORT_LIMITS, LISTED } from "~/domain/import-limits";
import {
  ImportFileRefused,
  formInputs,
  matchHeaders,
  parseCsv,
  rowKey,
  valuesOf,
  vocabularyKey,
  type HeaderMatch,
  type Mapping,
} from "~/domain/import-csv";
import { exposureSchema, staffReferenceSchema, supportContactSchema } from "~/domain/records";
import { INCIDENT_TYPES } from "~/domain/vocabulary";
import { normaliseReference } from "~/models/staff.server";
import { placeholdersFor } from "~/models/trends.server";
import { decrypt, encrypt, type Binding } from "~/security/encryption.server";
import { identifierProblem } from "~/privacy/identifier-screen";
import { monthKey, weekKey } from "~/utils/time";
import { countOf } from "~/utils/plural";

/** A mapping choice that makes a new team in a service, rather than naming an existing one. */
export const NEW_TEAM_PREFIX = "new:";
/** A mapping choice for an initiative name: the rows had none that Debrief knows. */
export const NO_INITIATIVE = "none";

/** Unknown names the admin can be asked about on one page. */
const MAX_NAMES_TO_MAP = 200;

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");
const CHUNK = 500;
/** Rows written between progress reports. */
const PROGRESS_STEP = 2000;

type ExposureData = ReturnType<ReturnType<typeof exposureSchema>["parse"]>;
type ContactData = ReturnType<ReturnType<typeof supportContactSchema>["parse"]>;

export type RowResult = {
  line: number;
  status: "ok" | "rejected" | "duplicate";
  reasons: string[];
  prepared?: { reference: string; team: string; exposure: ExposureData; contact: ContactData | null };
};

/** Names in the file that Debrief does not know, with what the admin chose for each so far. */
export type NamesToMap = Record<"team" | "incidentType" | "initiative", { name: string; chosen: string | null }[]>;

export type ImportAnalysis =
  | { kind: "unreadable"; problems: string[] }
  | {
      kind: "analysed";
      columns: HeaderMatch[];
      toMap: NamesToMap;
      /** lines of the file that are identical to each other, group by group (each group in file order) */
      identical: number[][];
      /** whether identical rows are treated as one record (the admin's choice, else as an earlier import did) */
      identicalAsOne: boolean;
      /** no choice was made, and identical rows are one record because an earlier import of them made them so */
      identicalAsBefore: boolean;
      /** names still without a choice */
      unmapped: number;
      rows: RowResult[];
      counts: { ok: number; rejected: number; duplicate: number };
      newStaff: number;
      fileHash: string;
    };

const columnName = (field: string) => IMPORT_COLUMNS.find((c) => c.field === field)?.header ?? field;

/** "Exposure date: The date must be in the past" from a schema issue. */
function issueText(path: (string | number)[], message: string, prefix = "") {
  const field = String(path[0] ?? "");
  const names: Record<string, string> = {
    occurred: "exposureDate",
    contacted: "contactDate",
    distress: "contactDistress",
    outcome: "contactOutcome",
    contactType: "contactType",
  };
  const column = prefix === "contact" ? (names[field] ?? field) : field === "occurred" ? "exposureDate" : field;
  return `${columnName(column)}: ${message}`;
}

/**
 * What importing the file would do, changing nothing: how each column was understood, the names
 * that need mapping, and every row's outcome with its line number and the reasons in words.
 */
const CHECK_STEP = 500;
/** Lets the requests waiting meanwhile be served before the check goes on. */
const otherRequestsFirst = () => new Promise((resolve) => setImmediate(resolve));
type RowOfFile = { line: number; values: ReturnType<typeof valuesOf> };

export async function analyseImport(input: {
  organisationId: string;
  timeZone: string;
  text: string;
  mapping: Mapping;
  now?: Date;
  /** rows checked so far, of all */
  onProgress?: (checked: number, total: number) => void;
}): Promise<ImportAnalysis> {
  const { organisationId, timeZone, text, mapping, now = new Date(), onProgress } = input;
  let parsed: Awaited<ReturnType<typeof parseCsv>>;
  try {
    parsed = await parseCsv(text);
  } catch (error) {
    // A file kept from before the limits were checked on upload.
    if (error instanceof ImportFileRefused) return { kind: "unreadable", problems: [error.message] };
    throw error;
  }
  if ("problem" in parsed) return { kind: "unreadable", problems: [parsed.problem] };
  const { matches, missing, repeated } = matchHeaders(parsed.headers);
  if (missing.length > 0 || repeated.length > 0) {
    return {
      kind: "unreadable",
      problems: [
        ...missing.map((c: ImportColumn) => `The file has no “${c.header}” column (it is required; see the template).`),
        ...repeated.map((h) => `The column “${h}” appears twice.`),
      ],
    };
  }

  const [teams, initiatives] = await Promise.all([
    prisma.team.findMany({ where: { organisationId, archivedAt: null }, select: { id: true, name: true } }),
    prisma.initiative.findMany({ where: { organisationId }, select: { id: true, name: true } }),
  ]);
  const services = new Set((await prisma.service.findMany({ where: { organisationId }, select: { id: true } })).map((s) => s.id));
  const rows = parsed.rows.map((row) => ({ line: row.line, values: valuesOf(matches, row.values) }));

  const toMap: NamesToMap = { team: [], incidentType: [], initiative: [] };
  const teamOf = new Map<string, string | null>();
  const typeOf = new Map<string, string | null>();
  const initiativeOf = new Map<string, string | null>();
  for (const [i, { values }] of rows.entries()) {
    if (i % CHECK_STEP === 0 && i > 0) await otherRequestsFirst();
    const team = values.team ?? "";
    if (team && !teamOf.has(team)) {
      const known = teams.find((t) => squash(t.name) === squash(team))?.id;
      const chosen = mapping.team[team];
      const valid = chosen && (teams.some((t) => t.id === chosen) || (chosen.startsWith(NEW_TEAM_PREFIX) && services.has(chosen.slice(NEW_TEAM_PREFIX.length))));
      teamOf.set(team, known ?? (valid ? (chosen.startsWith(NEW_TEAM_PREFIX) ? `${chosen}|${team.trim()}` : chosen) : null));
      if (!known) toMap.team.push({ name: team, chosen: valid ? chosen : null });
    }
    const type = values.incidentType ?? "";
    if (type && !typeOf.has(type)) {
      const known = vocabularyKey(INCIDENT_TYPES, type) as string | null;
      const chosen = mapping.incidentType[type];
      const valid = chosen && chosen in INCIDENT_TYPES ? chosen : null;
      typeOf.set(type, known ?? valid);
      if (!known) toMap.incidentType.push({ name: type, chosen: valid });
    }
    const initiative = values.initiative ?? "";
    if (initiative && !initiativeOf.has(initiative)) {
      const known = initiatives.find((i) => squash(i.name) === squash(initiative))?.id;
      const chosen = mapping.initiative[initiative];
      const valid = chosen === NO_INITIATIVE || initiatives.some((i) => i.id === chosen);
      initiativeOf.set(initiative, known ?? (valid ? chosen! : null));
      if (!known) toMap.initiative.push({ name: initiative, chosen: valid ? chosen! : null });
    }
  }

  const names = toMap.team.length + toMap.incidentType.length + toMap.initiative.length;
  if (names > MAX_NAMES_TO_MAP) {
    // Each would be a choice on the page: a real file names a few dozen teams at most.
    return {
      kind: "unreadable",
      problems: [`The file names ${names.toLocaleString("en-GB")} teams, incident types or initiatives Debrief does not know, more than the ${MAX_NAMES_TO_MAP} that can be chosen on one page: check the columns, or add the teams first.`],
    };
  }

  // Identical rows: the n-th of a group is keyed as the n-th, so each imports once (see rowKey).
  const linesOfContent = new Map<string, number[]>();
  const keyed: (RowOfFile & { firstLine: number; occurrence: number; keys: { exposure: string; contact: string } })[] = [];
  for (const [i, row] of rows.entries()) {
    // Three digests a row: in steps too, like the judging below.
    if (i % CHECK_STEP === 0 && i > 0) await otherRequestsFirst();
    const content = rowKey(organisationId, row.values, "exposure");
    const lines = linesOfContent.get(content) ?? [];
    lines.push(row.line);
    linesOfContent.set(content, lines);
    const occurrence = lines.length;
    keyed.push({
      ...row,
      firstLine: lines[0]!,
      occurrence,
      keys: { exposure: rowKey(organisationId, row.values, "exposure", occurrence), contact: rowKey(organisationId, row.values, "contact", occurrence) },
    });
  }
  const identical = [...linesOfContent.values()].filter((lines) => lines.length > 1);
  // Rows already in Debrief (from an earlier import of the same rows) are recognised by their key.
  const existing = new Set<string>();
  for (let i = 0; i < keyed.length; i += CHUNK) {
    // Raw look-ups: a model query's plan is compiled anew for each list of keys.
    const keys = keyed.slice(i, i + CHUNK).map((r) => r.keys.exposure);
    const found = await prisma.$queryRawUnsafe<{ key: string }[]>(`SELECT idempotencyKey AS key FROM Exposure WHERE idempotencyKey IN (${placeholdersFor(keys)})`, ...keys);
    for (const f of found) existing.add(f.key);
  }
  // Unless the admin chooses, identical rows are as many records, except when an earlier import
  // of them took each set as one (its first row is in Debrief, no later one is): importing the
  // file again then adds nothing.
  const keysOfLine = new Map(keyed.map((r) => [r.line, r.keys.exposure]));
  const importedAsOne = identical.some((lines) => existing.has(keysOfLine.get(lines[0]!)!) && lines.slice(1).every((line) => !existing.has(keysOfLine.get(line)!)));
  const identicalAsOne = mapping.identicalAsOne ?? importedAsOne;
  const references = [...new Set(rows.map((r) => normaliseReference(r.values.staffReference ?? "")).filter(Boolean))];
  const knownStaff = new Set<string>();
  for (let i = 0; i < references.length; i += CHUNK) {
    const chunk = references.slice(i, i + CHUNK);
    const found = await prisma.$queryRawUnsafe<{ reference: string }[]>(
      `SELECT reference FROM StaffMember WHERE organisationId = ? AND reference IN (${placeholdersFor(chunk)})`,
      organisationId,
      ...chunk,
    );
    for (const f of found) knownStaff.add(f.reference);
  }

  const schemas = { exposure: exposureSchema({ timeZone, now }), contact: supportContactSchema({ timeZone, now }) };
  const judge = ({ line, values, keys, occurrence, firstLine }: (typeof keyed)[number]): RowResult => {
    if (identicalAsOne && occurrence > 1) return { line, status: "duplicate", reasons: [`The same as line ${firstLine}, which it repeats`] };
    if (existing.has(keys.exposure)) return { line, status: "duplicate", reasons: ["Already in Debrief from an earlier import"] };

    const reasons: string[] = [];
    const reference = staffReferenceSchema.safeParse(values.staffReference ?? "");
    if (!reference.success) reasons.push(`${columnName("staffReference")}: ${reference.error.issues[0]!.message}`);
    const team = values.team ? teamOf.get(values.team) : null;
    if (!values.team) reasons.push("Team: Enter the team");
    else if (!team) reasons.push(`Team: “${values.team}” is not mapped to a team`);
    const incidentType = values.incidentType ? (typeOf.get(values.incidentType) ?? null) : null;
    if (values.incidentType && !incidentType) reasons.push(`Incident type: “${values.incidentType}” is not mapped to a type`);
    const initiativeChoice = values.initiative ? initiativeOf.get(values.initiative) : null;
    if (values.initiative && !initiativeChoice) reasons.push(`Initiative: “${values.initiative}” is not mapped to an initiative`);
    const initiativeId = initiativeChoice && initiativeChoice !== NO_INITIATIVE ? initiativeChoice : null;

    const forms = formInputs(values, { incidentType, initiativeId }, keys);
    reasons.push(...forms.problems);
    const exposure = schemas.exposure.safeParse(forms.exposure);
    if (!exposure.success) {
      for (const issue of exposure.error.issues) {
        // A missing type is reported above when it is an unmapped name.
        if (issue.path[0] === "incidentType" && values.incidentType) continue;
        reasons.push(issueText(issue.path, issue.message));
      }
    }
    const screened = forms.exposure.notes ? identifierProblem(forms.exposure.notes, now) : null;
    if (screened) reasons.push(`${columnName("notes")}: ${screened}`);
    const contact = forms.contact ? schemas.contact.safeParse(forms.contact) : null;
    if (contact && !contact.success) for (const issue of contact.error.issues) reasons.push(issueText(issue.path, issue.message, "contact"));
    if (exposure.success && contact?.success && contact.data.contactedAt < exposure.data.occurredAt) reasons.push("First contact date: The first contact must be after the exposure");

    const unique = [...new Set(reasons)];
    if (unique.length > 0 || !exposure.success || !reference.success || !team) return { line, status: "rejected", reasons: unique };
    return {
      line,
      status: "ok",
      reasons: [],
      prepared: { reference: normaliseReference(reference.data), team, exposure: exposure.data, contact: contact?.success ? contact.data : null },
    };
  };
  const results: RowResult[] = [];
  for (const [i, row] of keyed.entries()) {
    // A large file is checked in steps, so other people's pages keep being served meanwhile.
    if (i % CHECK_STEP === 0 && i > 0) {
      onProgress?.(i, keyed.length);
      await otherRequestsFirst();
    }
    results.push(judge(row));
  }

  const count = (status: RowResult["status"]) => results.filter((r) => r.status === status).length;
  const newStaff = new Set(results.flatMap((r) => (r.prepared && !knownStaff.has(r.prepared.reference) ? [r.prepared.reference] : []))).size;
  return {
    kind: "analysed",
    columns: matches,
    toMap,
    identical,
    identicalAsOne,
    identicalAsBefore: mapping.identicalAsOne === undefined && importedAsOne,
    unmapped: [...toMap.team, ...toMap.incidentType, ...toMap.initiative].filter((n) => n.chosen === null).length,
    rows: results,
    counts: { ok: count("ok"), rejected: count("rejected"), duplicate: count("duplicate") },
    newStaff,
    fileHash: createHash("sha256").update(text).digest("hex"),
  };
}

export class ImportRefused extends Error {}

const HOUR_MS = 60 * 60 * 1000;
/** Month and week keys per hour: time-zone offsets change only on the hour, and a file repeats hours a lot. */
function calendarKeys(timeZone: string) {
  const memo = new Map<number, { month: string; week: string }>();
  return (instant: Date) => {
    const hour = Math.floor(instant.getTime() / HOUR_MS);
    let keys = memo.get(hour);
    if (!keys) {
      keys = { month: monthKey(instant, timeZone), week: weekKey(instant, timeZone) };
      memo.set(hour, keys);
    }
    return keys;
  };
}

/**
 * Imports the analysed file in one transaction: all its rows, or with `validOnly` the valid ones.
 * Names still unmapped, or rejected rows without `validOnly`, import nothing.
 */
/** Why this import cannot run as asked, before anything is written, or null. */
export function importRefusal(analysis: ImportAnalysis, validOnly: boolean): string | null {
  if (analysis.kind !== "analysed") return "The file could not be read.";
  const { unmapped, counts, rows } = analysis;
  if (unmapped > 0) return "Choose what each name in the file stands for before importing.";
  if (counts.rejected > 0 && !validOnly) return `${countOf(counts.rejected, "row")} ${counts.rejected === 1 ? "is" : "are"} rejected: correct ${counts.rejected === 1 ? "it" : "them"}, or choose to import the valid rows only.`;
  if (!rows.some((r) => r.prepared)) return "There are no new rows to import.";
  return null;
}

export async function runImport(input: {
  organisationId: string;
  timeZone: string;
  analysis: ImportAnalysis;
  fileName: string;
  validOnly: boolean;
  runById: string | null;
  /** the upload the rows came from: deleted in the same transaction, so a file once imported is never kept */
  uploadId?: string;
  onProgress?: (done: number, total: number) => void;
}) {
  const { organisationId, timeZone, analysis, fileName, validOnly, runById, uploadId, onProgress } = input;
  const refusal = importRefusal(analysis, validOnly);
  if (refusal) throw new ImportRefused(refusal);
  if (analysis.kind !== "analysed") throw new ImportRefused("The file could not be read.");
  const { rows } = analysis;
  const ready = rows.filter((r) => r.prepared).map((r) => r.prepared!);

  // Prisma compiles a plan for every statement, which would take most of the time of a large
  // import; the rows go in through raw statements (prepared once on SQLite), as one transaction.
  return writeInBulk(function* () {
    const insertInto = (table: string, columns: string[]) => {
      const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`;
      return (...values: unknown[]) => run(sql, ...values);
    };
    const writtenAt = sqliteTimestamp(new Date());
    const batchId = randomUUID();
    yield* insertInto("ImportBatch", ["id", "organisationId", "fileName", "fileHash", "rowsImported", "rowsSkipped", "runById", "createdAt"])(
      batchId,
      organisationId,
      fileName.slice(0, 200),
      analysis.fileHash,
      ready.length,
      rows.length - ready.length,
      runById,
      writtenAt,
    );
    // Teams the admin chose to create, one per name.
    const addTeam = insertInto("Team", ["id", "organisationId", "serviceId", "name", "createdAt", "updatedAt"]);
    const newTeams = new Map<string, string>();
    for (const choice of new Set(ready.map((r) => r.team).filter((t) => t.startsWith(NEW_TEAM_PREFIX)))) {
      const [serviceId, ...nameParts] = choice.slice(NEW_TEAM_PREFIX.length).split("|");
      const id = randomUUID();
      yield* addTeam(id, organisationId, serviceId!, nameParts.join("|"), writtenAt, writtenAt);
      newTeams.set(choice, id);
    }
    const teamIdOf = (team: string) => newTeams.get(team) ?? team;
    // Staff references already in Debrief, and the new ones, each added to its first row's team.
    const addStaff = insertInto("StaffMember", ["id", "organisationId", "reference", "teamId", "importBatchId", "createdAt", "updatedAt"]);
    const staffIds = new Map<string, string>();
    for (const { reference, team } of ready) {
      if (staffIds.has(reference)) continue;
      let id = (yield* get<{ id: string }>(`SELECT "id" FROM "StaffMember" WHERE "organisationId" = ? AND "reference" = ?`, organisationId, reference))?.id;
      if (!id) {
        id = randomUUID();
        yield* addStaff(id, organisationId, reference, teamIdOf(team), batchId, writtenAt, writtenAt);
      }
      staffIds.set(reference, id);
    }

    const keysOf = calendarKeys(timeZone);
    yield* bulkTallies.start(batchId);
    const contactColumns = [
      "organisationId", "staffMemberId", "contactType", "contactedAt", "contactedMonth", "contactedWeek", "format", "distress", "outcome",
      "idempotencyKey", "importBatchId", "createdAt", "updatedAt",
    ];
    const addContactSql = `INSERT INTO "SupportContact" (${contactColumns.map((c) => `"${c}"`).join(", ")}) VALUES (${contactColumns.map(() => "?").join(", ")})`;
    const linkContact = insertInto("SupportContactExposure", ["supportContactId", "exposureId"]);
    for (const [index, { reference, team, exposure, contact }] of ready.entries()) {
      const staffMemberId = staffIds.get(reference)!;
      const occurred = keysOf(exposure.occurredAt);
      const exposureId = yield* rowSteps.exposure(
        {
          ...exposure,
          organisationId,
          staffMemberId,
          teamId: teamIdOf(team),
          occurredMonth: occurred.month,
          occurredWeek: occurred.week,
          initiativeId: exposure.initiativeId ?? null,
          createdById: null,
          importBatchId: batchId,
        },
        writtenAt,
      );
      if (contact) {
        const contacted = keysOf(contact.contactedAt);
        const contactId = yield* insert(
          addContactSql,
          organisationId, staffMemberId, contact.contactType, sqliteTimestamp(contact.contactedAt), contacted.month, contacted.week,
          contact.format, contact.distress, contact.outcome, contact.idempotencyKey, batchId, writtenAt, writtenAt,
        );
        yield* linkContact(contactId, exposureId);
      }
      if ((index + 1) % PROGRESS_STEP === 0 || index + 1 === ready.length) {
        onProgress?.(index + 1, ready.length);
        // Lets the progress page (and other people's pages, which only read) be served meanwhile.
        yield* pause();
      }
    }
    yield* bulkTallies.settle(batchId);
    if (uploadId) yield* run(`DELETE FROM "ImportUpload" WHERE "id" = ? AND "organisationId" = ?`, uploadId, organisationId);
    return { batchId, imported: ready.length, skipped: rows.length - ready.length };
  });
}

export function importHistory(organisationId: string) {
  return prisma.importBatch.findMany({
    where: { organisationId },
    select: { id: true, fileName: true, rowsImported: true, rowsSkipped: true, createdAt: true, undoneAt: true, runBy: { select: { displayName: true } } },
    orderBy: { createdAt: "desc" },
    take: 50,
  });
}

/**
 * Removes everything one import brought in, in one transaction: its exposures (with their
 * agencies, barriers and links), its contacts, and the staff members it added that hold nothing else.
 */
export async function undoImport(organisationId: string, batchId: string) {
  return prisma.$transaction(async (tx) => {
    const batch = await tx.importBatch.findFirst({ where: { id: batchId, organisationId, undoneAt: null }, select: { id: true } });
    if (!batch) return null;
    const contacts = await tx.supportContact.deleteMany({ where: { importBatchId: batch.id } });
    const exposures = await tx.exposure.deleteMany({ where: { importBatchId: batch.id } });
    const staff = await tx.staffMember.deleteMany({ where: { importBatchId: batch.id, exposures: { none: {} }, supportContacts: { none: {} } } });
    await tx.importBatch.update({ where: { id: batch.id }, data: { undoneAt: new Date() } });
    return { exposures: exposures.count, contacts: contacts.count, staffMembers: staff.count };
  });
}

/** How long an uploaded file is kept for the admin to map and check; after that it is abandoned. */
export const UPLOAD_LIFETIME_MS = 24 * 60 * 60 * 1000;
const abandonedBefore = (now: Date) => new Date(now.getTime() - UPLOAD_LIFETIME_MS);

/**
 * Deletes the uploads older than a day, which nobody imported or cancelled. The server runs this
 * every hour, and each new upload first; `now` is for tests.
 */
export async function discardAbandonedUploads(now = new Date()) {
  const { count } = await prisma.importUpload.deleteMany({ where: { createdAt: { lt: abandonedBefore(now) } } });
  return count;
}

/** What an organisation may keep of uploaded files waiting to be imported, in bytes: three of the largest. */
export const UPLOADS_KEPT_BYTES = 3 * IMPORT_LIMITS.bytes;

/** The bytes of the organisation's uploaded files kept now, those left for a day gone first (the stored text is base64: 4 characters for 3 bytes). */
export async function keptUploadBytes(organisationId: string) {
  await discardAbandonedUploads();
  const [row] = await prisma.$queryRawUnsafe<{ chars: bigint | number | null }[]>(
    "SELECT SUM(LENGTH(contentEncrypted)) AS chars FROM ImportUpload WHERE organisationId = ?",
    organisationId,
  );
  return Math.floor((Number(row?.chars ?? 0) * 3) / 4);
}

/** The organisation's uploaded files waiting to be imported or cancelled, newest first. */
export function waitingUploads(organisationId: string, now = new Date()) {
  return prisma.importUpload.findMany({
    where: { organisationId, createdAt: { gte: abandonedBefore(now) } },
    select: { id: true, fileName: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  });
}

/**
 * Keeps an uploaded file while the admin checks it. Its text holds notes, so it is encrypted before
 * it is written, as notes are: the database file, its WAL and its backups only ever hold ciphertext.
 */
export async function saveUpload(organisationId: string, fileName: string, content: string) {
  await discardAbandonedUploads();
  return prisma.$transaction(async (tx) => {
    const upload = await tx.importUpload.create({ data: { organisationId, fileName: fileName.slice(0, 200), contentEncrypted: "" }, select: { id: true } });
    // Once the row has its id: the ciphertext is bound to it. Nothing in clear is written in between.
    const contentEncrypted = encrypt(content, { table: "ImportUpload", column: "contentEncrypted", rowId: upload.id });
    await tx.importUpload.update({ where: { id: upload.id }, data: { contentEncrypted } });
    return upload;
  });
}

/** The upload with its text, unless it was imported, cancelled or abandoned. */
export async function findUpload(organisationId: string, uploadId: string, now = new Date()) {
  const upload = await prisma.importUpload.findFirst({
    where: { id: uploadId, organisationId, createdAt: { gte: abandonedBefore(now) } },
    select: { id: true, fileName: true, contentEncrypted: true },
  });
  return upload && { id: upload.id, fileName: upload.fileName, content: decrypt(upload.contentEncrypted, { table: "ImportUpload", column: "contentEncrypted", rowId: upload.id }) };
}

/** What the upload's page shows of a check: everything but the rows themselves, which are only counted and listed in part. */
export type StoredCheck =
  | { kind: "unreadable"; problems: string[] }
  | (Omit<Extract<ImportAnalysis, { kind: "analysed" }>, "rows" | "fileHash"> & {
      rejected: { line: number; reasons: string[] }[];
    });

export function storedCheckOf(analysis: ImportAnalysis): StoredCheck {
  if (analysis.kind === "unreadable") return analysis;
  const { rows, fileHash: _fileHash, ...summary } = analysis;
  return {
    ...summary,
    identical: analysis.identical.slice(0, LISTED),
    rejected: rows.filter((r) => r.status === "rejected").slice(0, LISTED).map(({ line, reasons }) => ({ line, reasons })),
  };
}

const checkOf = (uploadId: string): Binding => ({ table: "ImportUpload", column: "analysisEncrypted", rowId: uploadId });

/** Keeps what the check found with the upload (encrypted: it quotes the file), unless the upload went meanwhile. */
export async function storeCheck(organisationId: string, uploadId: string, choices: string, check: StoredCheck) {
  await prisma.importUpload.updateMany({
    where: { id: uploadId, organisationId },
    data: { analysisEncrypted: encrypt(JSON.stringify(check), checkOf(uploadId)), analysedChoices: choices },
  });
}

/** The upload's name and its last check (with the choices it was made with), without reading the file itself. */
export async function findCheckedUpload(organisationId: string, uploadId: string, now = new Date()) {
  const upload = await prisma.importUpload.findFirst({
    where: { id: uploadId, organisationId, createdAt: { gte: abandonedBefore(now) } },
    select: { id: true, fileName: true, analysisEncrypted: true, analysedChoices: true },
  });
  if (!upload) return null;
  const check = upload.analysisEncrypted ? (JSON.parse(decrypt(upload.analysisEncrypted, checkOf(upload.id))) as StoredCheck) : null;
  return { id: upload.id, fileName: upload.fileName, check, choices: upload.analysedChoices };
}

/** The admin cancelled: the file goes now rather than after a day. */
export async function discardUpload(organisationId: string, uploadId: string) {
  const { count } = await prisma.importUpload.deleteMany({ where: { id: uploadId, organisationId } });
  return count > 0;
}

/** The teams, services (for a new team) and initiatives the admin's choices name: all of this organisation, or a 400. */
export function requireMappedReferences(organisationId: string, mapping: Mapping) {
  const teams = Object.values(mapping.team);
  return requireReferences(
    { organisationId },
    {
      activeTeams: teams.filter((choice) => !choice.startsWith(NEW_TEAM_PREFIX)),
      activeServices: teams.filter((choice) => choice.startsWith(NEW_TEAM_PREFIX)).map((choice) => choice.slice(NEW_TEAM_PREFIX.length)),
      initiatives: Object.values(mapping.initiative).filter((choice) => choice !== NO_INITIATIVE),
    },
  );
}

/**
 * The admin's choices for names the file uses, from form or address fields "team:<name>",
 * "incidentType:<name>", "initiative:<name>", and "identical" ("one" to treat identical rows as one record, "separate" as many; else as an earlier import did).
 */
export function mappingFrom(params: URLSearchParams | FormData): Mapping {
  const identical = params.get("identical");
  const mapping: Mapping = { team: {}, incidentType: {}, initiative: {}, identicalAsOne: identical === "one" ? true : identical === "separate" ? false : undefined };
  for (const [key, value] of params.entries()) {
    if (typeof value !== "string" || !value) continue;
    const [kind, ...rest] = key.split(":");
    if (kind === "team" || kind === "incidentType" || kind === "initiative") mapping[kind][rest.join(":")] = value;
  }
  return mapping;
}
