// The check of an uploaded file (what importing it would do) runs in the background, once for each
// set of the admin's choices, and its result is kept with the upload: the upload's page only reads
// it. Checks run one at a time in the server, so a large file never takes more than its turn.
import { createHash } from "node:crypto";
import type { Mapping } from "~/domain/import-csv";
import { runningImports } from "~/models/import-jobs.server";
import { analyseImport, findUpload, storeCheck, storedCheckOf } from "~/models/import.server";
import { singleton } from "~/utils/singleton.server";

/** Files of one organisation being uploaded, checked or imported at once; another upload waits for one to finish. */
export const IMPORTS_IN_FLIGHT_PER_ORGANISATION = 2;

export type ImportCheck = {
  organisationId: string;
  uploadId: string;
  /** the digest of the choices it checks with */
  choices: string;
  state: "waiting" | "running";
  /** rows checked so far, of all (0 of 0 until the file is read) */
  checked: number;
  total: number;
  finished: Promise<void>;
};

const checks = singleton("import-checks", () => ({
  byUpload: new Map<string, ImportCheck>(),
  queue: Promise.resolve(),
  /** files still arriving, by organisation: a slow sender holds its place as much as a check does */
  receiving: new Map<string, number>(),
}));

/** The same choices, however they were sent, give the same digest. */
export function choicesDigest(mapping: Mapping) {
  const sorted = (names: Record<string, string>) => Object.entries(names).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = [sorted(mapping.team), sorted(mapping.incidentType), sorted(mapping.initiative), mapping.identicalAsOne ?? null];
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}

async function runCheck(check: ImportCheck, timeZone: string, mapping: Mapping) {
  // Other choices were asked for while this one waited: only the latest is checked.
  if (checks.byUpload.get(check.uploadId) !== check) return;
  check.state = "running";
  const { organisationId, uploadId, choices } = check;
  try {
    const upload = await findUpload(organisationId, uploadId);
    if (!upload) return;
    const analysis = await analyseImport({
      organisationId,
      timeZone,
      text: upload.content,
      mapping,
      onProgress: (checked, total) => Object.assign(check, { checked, total }),
    });
    await storeCheck(organisationId, uploadId, choices, storedCheckOf(analysis));
  } catch (error) {
    console.error(`The check of an uploaded file stopped: ${(error as Error).message}`);
    await storeCheck(organisationId, uploadId, choices, {
      kind: "unreadable",
      problems: ["The check of this file stopped because of a fault, which was logged. Cancel it and upload the file again."],
    }).catch(() => undefined);
  } finally {
    if (checks.byUpload.get(uploadId) === check) checks.byUpload.delete(uploadId);
  }
}

/**
 * Asks for the upload to be checked with these choices, unless that check is already waiting or
 * running; the page shows its result once it is stored. Null when the organisation's files under
 * way are as many as allowed: the page says so and asks again later.
 */
export function requestCheck(input: {
  organisationId: string;
  uploadId: string;
  timeZone: string;
  mapping: Mapping;
  /** the file has just arrived through takeUploadPlace: its place passes to this check */
  holdsPlace?: boolean;
}): ImportCheck | null {
  const { organisationId, uploadId, timeZone, mapping, holdsPlace = false } = input;
  const choices = choicesDigest(mapping);
  const current = checks.byUpload.get(uploadId);
  if (current && current.organisationId === organisationId && current.choices === choices) return current;
  // New choices for a file already checked take a place like a new file: asking again and again,
  // or for every stored file at once, must not queue up the server. (Replacing a check of this
  // file that is still under way takes none: only the latest choices are checked.)
  if (!current && !holdsPlace && importsInFlight(organisationId) >= IMPORTS_IN_FLIGHT_PER_ORGANISATION) return null;
  const check: ImportCheck = { organisationId, uploadId, choices, state: "waiting", checked: 0, total: 0, finished: Promise.resolve() };
  checks.byUpload.set(uploadId, check);
  check.finished = checks.queue = checks.queue.then(() => runCheck(check, timeZone, mapping));
  return check;
}

/** The check of this upload waiting or running now, if any. */
export function checkUnderWay(organisationId: string, uploadId: string) {
  const check = checks.byUpload.get(uploadId);
  return check && check.organisationId === organisationId ? check : null;
}

/** How many of the organisation's files are being uploaded, checked or imported now. */
export function importsInFlight(organisationId: string) {
  const checking = [...checks.byUpload.values()].filter((c) => c.organisationId === organisationId).length;
  return (checks.receiving.get(organisationId) ?? 0) + checking + runningImports(organisationId);
}

/**
 * Takes a place for a file about to be received, unless the organisation's are all taken; the
 * place is given back (by the function returned) once the file's check has been asked for or the
 * upload has failed. Taken before a byte is read, so a file sent slowly counts from its start.
 */
export function takeUploadPlace(organisationId: string): (() => void) | null {
  if (importsInFlight(organisationId) >= IMPORTS_IN_FLIGHT_PER_ORGANISATION) return null;
  checks.receiving.set(organisationId, (checks.receiving.get(organisationId) ?? 0) + 1);
  let given = false;
  return () => {
    if (given) return;
    given = true;
    const left = (checks.receiving.get(organisationId) ?? 1) - 1;
    if (left > 0) checks.receiving.set(organisationId, left);
    else checks.receiving.delete(organisationId);
  };
}
