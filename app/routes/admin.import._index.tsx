// Import records: upload a spreadsheet of past records, or undo an earlier import.
import {
  data,
  redirect,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  type UploadHandler,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/forms";
import { SuccessBanner } from "~/components/success-banner";
import { IMPORT_COLUMNS } from "~/domain/import-columns";
import { ImportFileRefused, readCsv, utf8Text } from "~/domain/import-csv";
import { IMPORT_LIMITS_IN_WORDS } from "~/domain/import-limits";
import { IMPORTS_IN_FLIGHT_PER_ORGANISATION, type ImportCheck, importsInFlight, requestCheck, takeUploadPlace } from "~/models/import-checks.server";
import { finishedWithin } from "~/models/import-jobs.server";
import { recordAudit } from "~/models/audit.server";
import { UPLOADS_KEPT_BYTES, importHistory, keptUploadBytes, mappingFrom, saveUpload, undoImport, waitingUploads } from "~/models/import.server";
import { formatDateTime } from "~/utils/time";
import { readForm } from "~/utils/form-data.server";

export const meta: MetaFunction = () => [{ title: "Import records – Debrief" }];

/** A form field other than the file is a few bytes; more is not from this page. */
const MAX_FIELD_BYTES = 1024;

/**
 * The file is measured and parsed as it streams in: over a limit, not UTF-8 or not CSV, it is
 * refused there, before the rest is read and with nothing stored. Only a file within every limit
 * is kept (its text, at most the byte limit).
 */
async function receiveFile(request: Request): Promise<{ fileName: string; text: string } | { error: string; status: number }> {
  let received: { fileName: string; text: string } | null = null;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    // Read through one iterator, so that after a refusal the rest can still be read (below).
    const source = data[Symbol.asyncIterator]();
    let bytes = 0;
    async function* measured() {
      for (let next = await source.next(); !next.done; next = await source.next()) {
        bytes += next.value.byteLength;
        yield next.value;
      }
    }
    if (name !== "file" || !filename || received) {
      // Another field, or no file chosen (the browser sends an empty part).
      for await (const _chunk of measured()) if (bytes > MAX_FIELD_BYTES) throw new ImportFileRefused("The upload holds more than the file: upload it from this page", 400);
      return undefined;
    }
    const pieces: string[] = [];
    async function* kept(texts: AsyncIterable<string>) {
      for await (const text of texts) {
        pieces.push(text);
        yield text;
      }
    }
    let read: Awaited<ReturnType<typeof readCsv>>;
    try {
      read = await readCsv(kept(utf8Text(measured())), { keepRows: false });
    } catch (error) {
      pieces.length = 0;
      // The rest of the body (at most the server's cap) is read and dropped unparsed, so the
      // browser, still sending, gets the answer instead of a broken connection.
      for (let next = await source.next(); !next.done; next = await source.next());
      throw error;
    }
    if (bytes === 0) return undefined;
    if ("problem" in read) throw new ImportFileRefused(read.problem, 400);
    received = { fileName: filename, text: pieces.join("") };
    return undefined;
  };
  try {
    await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof ImportFileRefused) return { error: error.message, status: error.status };
    // A body the form did not send (broken, or with parts it never writes): nothing was kept.
    return { error: "The upload could not be read: choose the file again and upload it from this page", status: 400 };
  }
  const file = received as { fileName: string; text: string } | null;
  return file ?? { error: "Choose a CSV file to upload", status: 400 };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const [history, waiting] = await Promise.all([importHistory(admin.organisationId), waitingUploads(admin.organisationId)]);
  const params = new URL(request.url).searchParams;
  return {
    imported: params.get("imported"),
    undone: params.get("undone"),
    cancelled: params.get("cancelled") === "1",
    inFlight: { now: importsInFlight(admin.organisationId), limit: IMPORTS_IN_FLIGHT_PER_ORGANISATION },
    waiting: waiting.map((u) => ({ id: u.id, fileName: u.fileName, when: formatDateTime(u.createdAt, admin.organisation.timeZone) })),
    history: history.map((h) => ({
      id: h.id,
      fileName: h.fileName,
      when: formatDateTime(h.createdAt, admin.organisation.timeZone),
      by: h.runBy?.displayName ?? "A former user",
      rows: h.rowsImported,
      skipped: h.rowsSkipped,
      undone: h.undoneAt ? formatDateTime(h.undoneAt, admin.organisation.timeZone) : null,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    // Checked before the file is read: one organisation's files never queue up the server.
    const givePlaceBack = takeUploadPlace(admin.organisationId);
    if (!givePlaceBack) {
      return data(
        {
          error: `${IMPORTS_IN_FLIGHT_PER_ORGANISATION} files of your organisation are being uploaded, checked or imported: upload this one when one of them has finished (its page shows how far it has got)`,
        },
        { status: 429 },
      );
    }
    let check: ImportCheck;
    let uploadId: string;
    try {
      const file = await receiveFile(request);
      if ("error" in file) return data({ error: file.error }, { status: file.status });
      // Files are kept until imported or cancelled (or for a day): an organisation keeps a few at most.
      if ((await keptUploadBytes(admin.organisationId)) + Buffer.byteLength(file.text) > UPLOADS_KEPT_BYTES) {
        return data(
          {
            error: `Your organisation's files waiting to be imported already take up the ${UPLOADS_KEPT_BYTES / 1024 / 1024} MB they may: import or cancel one of them (listed below) first`,
          },
          { status: 413 },
        );
      }
      uploadId = (await saveUpload(admin.organisationId, file.fileName || "upload.csv", file.text)).id;
      check = requestCheck({ organisationId: admin.organisationId, uploadId, timeZone: admin.organisation.timeZone, mapping: mappingFrom(new URLSearchParams()), holdsPlace: true })!;
    } finally {
      // From here the check itself holds the place.
      givePlaceBack();
    }
    // A small file is checked within a moment, so its page opens on the result; a large one's page says it is being checked.
    await finishedWithin(check, 2000);
    return redirect(`/admin/import/${uploadId}`);
  }
  const form = await readForm(request);
  const batchId = String(form.get("batchId") ?? "");
  const undone = await undoImport(admin.organisationId, batchId);
  if (!undone) return data({ error: "That import was already undone, or does not exist" }, { status: 404 });
  await recordAudit({ action: "import.undo", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "import", entityId: batchId, detail: undone });
  return redirect(`/admin/import?undone=${encodeURIComponent(batchId)}`);
}

export default function ImportRecords() {
  const { history, imported, undone, cancelled, inFlight, waiting } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result && "error" in result ? result.error : null;
  return (
    <>
      <ErrorSummary fieldErrors={error ? [{ fieldId: "file", message: error }] : []} />
      {imported ? (
        <SuccessBanner>
          <p className="govuk-notification-banner__heading">The records were imported. You can undo the whole import below.</p>
          <p className="govuk-body">
            The figures of the past months they fill are being published now, for managers and researchers to see within a few minutes. Months
            already published are not changed.
          </p>
        </SuccessBanner>
      ) : null}
      {undone ? (
        <SuccessBanner>
          <p className="govuk-notification-banner__heading">The import was undone: every record it brought in has been removed.</p>
        </SuccessBanner>
      ) : null}
      {cancelled ? (
        <SuccessBanner>
          <p className="govuk-notification-banner__heading">The file was deleted. Nothing was imported from it.</p>
        </SuccessBanner>
      ) : null}
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Import records</h1>
      <p className="govuk-body">
        Bring in past exposures (and their first support contact) from a spreadsheet of TRiM, peer-support or first-aid logs, so an initiative has a
        “before” to compare with. Nothing is saved until you have seen how the file was understood, mapped any names Debrief does not know, and checked
        what would happen. While you check it, the file is kept encrypted; it is deleted when it is imported, when you cancel, or after a day.
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href="/admin/import/template.csv" download>
          Download the template (CSV)
        </a>
      </p>
      {inFlight.now > 0 ? (
        <p className="govuk-inset-text">
          {`Being uploaded, checked or imported now: ${inFlight.now} of the ${inFlight.limit} files your organisation can have under way at once.`}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data">
        <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor="file">
            Spreadsheet saved as CSV
          </label>
          <div className="govuk-hint" id="file-hint">
            UTF-8, comma or semicolon separated, with a header row. {IMPORT_LIMITS_IN_WORDS} A longer history goes in as several files.
          </div>
          {error ? (
            <p className="govuk-error-message" id="file-error">
              <span className="govuk-visually-hidden">Error:</span> {error}
            </p>
          ) : null}
          <input className="govuk-file-upload" id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby={`file-hint${error ? " file-error" : ""}`} />
        </div>
        <button type="submit" className="govuk-button">
          Upload and check
        </button>
      </Form>

      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">The columns Debrief reads</span>
        </summary>
        <div className="govuk-details__text">
          <table className="govuk-table app-table--stack">
            <caption className="govuk-table__caption govuk-visually-hidden">Columns of the import file</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Column</th>
                <th scope="col" className="govuk-table__header">Required</th>
                <th scope="col" className="govuk-table__header">What it holds</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {IMPORT_COLUMNS.map((c) => (
                <tr className="govuk-table__row" key={c.field}>
                  <td className="govuk-table__cell" data-label="Column">{c.header}</td>
                  <td className="govuk-table__cell" data-label="Required">{c.required ? "Yes" : "No"}</td>
                  <td className="govuk-table__cell" data-label="What it holds">{c.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="govuk-body">Column names are matched ignoring case, spaces and punctuation. Other columns are ignored.</p>
        </div>
      </details>

      {waiting.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">Files waiting to be imported</h2>
          <p className="govuk-body">Uploaded and not imported or cancelled yet; each is deleted a day after it was uploaded.</p>
          <ul className="govuk-list govuk-list--bullet">
            {waiting.map((u) => (
              <li key={u.id}>
                <Link className="govuk-link app-break-anywhere" to={`/admin/import/${u.id}`}>
                  {u.fileName}
                </Link>
                {`, uploaded ${u.when}`}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2 className="govuk-heading-m">Earlier imports</h2>
      {history.length === 0 ? <p className="govuk-body">Nothing has been imported yet.</p> : null}
      {history.length > 0 ? (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-visually-hidden">Earlier imports</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">File</th>
              <th scope="col" className="govuk-table__header">When and by whom</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Rows imported</th>
              <th scope="col" className="govuk-table__header">Undo</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {history.map((h) => (
              <tr className="govuk-table__row" key={h.id}>
                <td className="govuk-table__cell app-break-anywhere" data-label="File">{h.fileName}</td>
                <td className="govuk-table__cell" data-label="When and by whom">
                  {h.when}, {h.by}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Rows imported">{h.rows}</td>
                <td className="govuk-table__cell">
                  {h.undone ? (
                    `Undone ${h.undone}`
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="batchId" value={h.id} />
                      <button type="submit" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0">
                        Undo this import<span className="govuk-visually-hidden"> of {h.fileName}</span>
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to="/admin">
          Back to administration
        </Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
