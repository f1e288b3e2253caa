import { notSavedMessage, writeFailureOf } from "~/db/write-failure";
import { schedulePublication } from "~/models/publication.server";
import { recordAudit } from "~/models/audit.server";
import type { Mapping } from "~/domain/import-csv";
import { ImportRefused, analyseImport, importRefusal, runImport } from "~/models/import.server";
import { singleton } from "~/utils/singleton.server";

/**
 * An import running in the server, so the admin's page can show how far it has got instead of
 * waiting on one long request. The import is still one transaction: nothing shows until all of it
 * is in, and a restart mid-way leaves nothing behind.
 */
export type ImportJob = {
  organisationId: string;
  fileName: string;
  state: "running" | "done" | "failed";
  /** checking every row as the forms would, then writing them */
  phase: "checking" | "writing";
  done: number;
  total: number;
  batchId?: string;
  /** why it failed, in words for the admin */
  message?: string;
  /** 503 when the database could not take it, else 500 */
  status?: number;
  finished: Promise<void>;
};

const jobs = singleton("import-jobs", () => new Map<string, ImportJob>());
const KEEP_FINISHED_MS = 15 * 60 * 1000;

export function startImportJob(input: {
  uploadId: string;
  fileName: string;
  organisationId: string;
  timeZone: string;
  text: string;
  mapping: Mapping;
  validOnly: boolean;
  adminId: string;
  request: Request;
}): ImportJob {
  const { uploadId, fileName, organisationId, timeZone, text, mapping, validOnly, adminId, request } = input;
  const job: ImportJob = { organisationId, fileName, state: "running", phase: "checking", done: 0, total: 0, finished: Promise.resolve() };
  job.finished = (async () => {
    try {
      const analysis = await analyseImport({ organisationId, timeZone, text, mapping, onProgress: (checked, total) => Object.assign(job, { done: checked, total }) });
      const refusal = importRefusal(analysis, validOnly);
      if (refusal) throw new ImportRefused(refusal);
      const total = analysis.kind === "analysed" ? analysis.rows.filter((r) => r.prepared).length : 0;
      Object.assign(job, { phase: "writing", done: 0, total });
      const result = await runImport({
        organisationId,
        timeZone,
        analysis,
        fileName,
        validOnly,
        runById: adminId,
        uploadId,
        onProgress: (done) => (job.done = done),
      });
      await recordAudit({
        action: "import.run",
        request,
        organisationId,
        actorUserId: adminId,
        entityType: "import",
        entityId: result.batchId,
        detail: { file: fileName, imported: result.imported, skipped: result.skipped, validOnly },
      });
      Object.assign(job, { state: "done", batchId: result.batchId, done: job.total });
      // Past months the import filled are published in the background, not an hour later.
      schedulePublication(organisationId);
    } catch (error) {
      const failure = writeFailureOf(error);
      if (!(error instanceof ImportRefused)) console.error(`The import of ${fileName} stopped:`, (error as Error).message);
      Object.assign(job, {
        state: "failed",
        status: error instanceof ImportRefused ? 400 : failure ? 503 : 500,
        message:
          error instanceof ImportRefused
            ? error.message
            : failure
              ? notSavedMessage(failure, { kept: "Nothing was imported" })
              : "The import stopped because of a fault. Nothing was imported; the fault was logged.",
      });
    } finally {
      setTimeout(() => jobs.delete(uploadId), KEEP_FINISHED_MS).unref();
    }
  })();
  jobs.set(uploadId, job);
  return job;
}

/** The import of this upload, if one ran in this server in the last few minutes. */
export function importJob(organisationId: string, uploadId: string | undefined) {
  const job = jobs.get(uploadId ?? "");
  return job && job.organisationId === organisationId ? job : null;
}

/** Whether the job (or a check) finished within `ms` (small ones do: their page goes straight to the result). */
export async function finishedWithin(job: Pick<ImportJob, "finished">, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const finished = await Promise.race([job.finished.then(() => true as const), timeout]);
  clearTimeout(timer);
  return finished;
}

/** How many imports of the organisation are running in this server now. */
export function runningImports(organisationId: string) {
  return [...jobs.values()].filter((job) => job.organisationId === organisationId && job.state === "running").length;
}
