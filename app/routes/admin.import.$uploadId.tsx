// One uploaded file: how it was understood, the names to map, what importing would do (a dry
// run that changes nothing), and the import itself.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireRole, type CurrentUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/forms";
import { IMPORT_COLUMNS } from "~/domain/import-columns";
import { INCIDENT_TYPES } from "~/domain/vocabulary";
import { NEW_TEAM_PREFIX, NO_INITIATIVE, analyseImport, findUpload, mappingFrom } from "~/models/import.server";
import { finishedWithin, importJob, startImportJob } from "~/models/import-jobs.server";
import { listInitiatives } from "~/models/initiative.server";
import { listServices } from "~/models/admin-teams.server";
import { activeTeamOptions } from "~/models/team.server";
import { readForm } from "~/utils/form-data.server";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page && "progress" in page ? "Importing records – Debrief" : "Check an import – Debrief" },
];

/** Rejected rows listed on the page; the rest are counted. */
const LISTED = 200;

async function requireUpload(user: CurrentUser, uploadId: string | undefined) {
  const upload = await findUpload(user.organisationId, uploadId ?? "");
  if (!upload) throw new Response("That upload was not found: it may have been imported already, or be more than a day old. Upload the file again.", { status: 404 });
  return upload;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const job = importJob(admin.organisationId, params.uploadId);
  if (job?.state === "done") throw redirect(`/admin/import?imported=${encodeURIComponent(job.batchId!)}`);
  if (job?.state === "running") return { progress: { fileName: job.fileName, phase: job.phase, done: job.done, total: job.total } };
  const upload = await requireUpload(admin, params.uploadId);
  const mapping = mappingFrom(new URL(request.url).searchParams);
  const [analysis, teams, services, initiatives] = await Promise.all([
    analyseImport({ organisationId: admin.organisationId, timeZone: admin.organisation.timeZone, text: upload.content, mapping }),
    activeTeamOptions(admin.organisationId),
    listServices(admin.organisationId),
    listInitiatives(admin.organisationId),
  ]);
  const choices = {
    team: (name: string) => [
      ...teams,
      ...services.map((s) => ({ value: `${NEW_TEAM_PREFIX}${s.id}`, label: `Create “${name}” as a new team in ${s.name}` })),
    ],
    incidentType: () => Object.entries(INCIDENT_TYPES).map(([value, label]) => ({ value, label })),
    initiative: () => [{ value: NO_INITIATIVE, label: "No initiative applied" }, ...initiatives.map((i) => ({ value: i.id, label: i.name }))],
  };
  if (analysis.kind === "unreadable") return { fileName: upload.fileName, analysis, names: [] };
  const names = (["team", "incidentType", "initiative"] as const).flatMap((kind) =>
    analysis.toMap[kind].map(({ name, chosen }) => ({
      kind,
      name,
      // the choice as submitted (a new team is sent as the service only)
      chosen: chosen?.startsWith(NEW_TEAM_PREFIX) ? chosen.split("|")[0]! : chosen,
      options: choices[kind](name),
    })),
  );
  const { rows, ...summary } = analysis;
  return {
    fileName: upload.fileName,
    analysis: {
      ...summary,
      columns: analysis.columns.map((c) => ({ header: c.header, understood: c.field ? IMPORT_COLUMNS.find((col) => col.field === c.field)!.header : null })),
      rejected: rows.filter((r) => r.status === "rejected").slice(0, LISTED).map(({ line, reasons }) => ({ line, reasons })),
      duplicates: rows.filter((r) => r.status === "duplicate").slice(0, LISTED).map(({ line, reasons }) => ({ line, reasons })),
    },
    names,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const upload = await requireUpload(admin, params.uploadId);
  const form = await readForm(request);
  const mapping = mappingFrom(form);
  const validOnly = form.get("validOnly") === "yes";
  const timeZone = admin.organisation.timeZone;
  if (importJob(admin.organisationId, upload.id)?.state === "running") return redirect(`/admin/import/${upload.id}`);
  const job = startImportJob({
    uploadId: upload.id,
    fileName: upload.fileName,
    organisationId: admin.organisationId,
    timeZone,
    text: upload.content,
    mapping,
    validOnly,
    adminId: admin.id,
    request,
  });
  // A small file is in within a moment: straight to the result. A large one: a page that shows progress.
  if (!(await finishedWithin(job, 2000))) return redirect(`/admin/import/${upload.id}`);
  if (job.state === "done") return redirect(`/admin/import?imported=${encodeURIComponent(job.batchId!)}`);
  return data({ error: job.message! }, { status: job.status ?? 500 });
}

/** While an import runs: how far it has got, refreshed every two seconds (by the page itself without JavaScript). */
function ImportProgress({ fileName, phase, done, total }: { fileName: string; phase: "checking" | "writing"; done: number; total: number }) {
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [revalidator]);
  const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
  return (
    <>
      <noscript>
        <meta httpEquiv="refresh" content="2" />
      </noscript>
      <span className="govuk-caption-l">Import records</span>
      <h1 className="govuk-heading-l">Importing {fileName}</h1>
      <label className="govuk-label" htmlFor="import-progress">
        {phase === "checking" ? "Checking every row as the forms would" : "Writing the rows"}:{" "}
        {total > 0 ? `${done.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} (${percent}%)` : "starting"}
      </label>
      {total > 0 ? (
        <progress id="import-progress" className="app-progress" max={total} value={done}>
          {percent}%
        </progress>
      ) : (
        <progress id="import-progress" className="app-progress" />
      )}
      <p className="govuk-body" role="status">
        The rows are saved together: none of them shows anywhere until all are in, and if the import stops, nothing is kept. This page follows the import and
        moves on to the result when it is done; you can leave it and come back.
      </p>
    </>
  );
}

export default function CheckImport() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if ("progress" in page && page.progress) return <ImportProgress {...(page.progress as Parameters<typeof ImportProgress>[0])} />;
  const { fileName, analysis, names } = page;
  const refused = result && "error" in result ? result.error : null;
  if (analysis.kind === "unreadable") {
    return (
      <>
        <ErrorSummary title="The file cannot be imported" fieldErrors={[]} formErrors={analysis.problems} />
        <span className="govuk-caption-l">Import records</span>
        <h1 className="govuk-heading-l">{fileName}</h1>
        <p className="govuk-body">Nothing was saved. Correct the file (the template shows the columns) and upload it again.</p>
        <Link className="govuk-link" to="/admin/import">
          Upload another file
        </Link>
      </>
    );
  }
  const { counts, unmapped } = analysis;
  const hidden = names.filter((n) => n.chosen).map((n) => ({ name: `${n.kind}:${n.name}`, value: n.chosen! }));
  const kindLabel = { team: "Team", incidentType: "Incident type", initiative: "Initiative" } as const;
  return (
    <>
      <ErrorSummary title="Nothing was imported" fieldErrors={[]} formErrors={refused ? [refused] : []} />
      <span className="govuk-caption-l">Import records</span>
      <h1 className="govuk-heading-l">{fileName}</h1>

      <h2 className="govuk-heading-m">How the columns were understood</h2>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-visually-hidden">Columns of the file</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Column in the file</th>
            <th scope="col" className="govuk-table__header">Read as</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {analysis.columns.map((c) => (
            <tr className="govuk-table__row" key={c.header}>
              <td className="govuk-table__cell">{c.header}</td>
              <td className="govuk-table__cell">{c.understood ?? "Ignored"}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {names.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">Names Debrief does not know</h2>
          <p className="govuk-body">Choose what each stands for. Nothing is created or left out without your choice.</p>
          <Form method="get">
            {names.map((n, index) => (
              <div className="govuk-form-group" key={`${n.kind}:${n.name}`}>
                <label className="govuk-label" htmlFor={`name-${index}`}>
                  {kindLabel[n.kind]} “{n.name}” in the file
                </label>
                <div className="govuk-hint" id={`name-${index}-hint`}>
                  {n.chosen ? "Chosen; change it if needed." : "Not chosen yet: the rows using it cannot be imported until it is."}
                </div>
                <select className="govuk-select" id={`name-${index}`} name={`${n.kind}:${n.name}`} defaultValue={n.chosen ?? ""} aria-describedby={`name-${index}-hint`}>
                  <option value="">Choose…</option>
                  {n.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </div>
            ))}
            <button type="submit" className="govuk-button govuk-button--secondary">
              Check again with these choices
            </button>
          </Form>
        </>
      ) : null}

      <h2 className="govuk-heading-m">What importing would do</h2>
      <p className="govuk-body">This is a dry run: nothing has been saved yet.</p>
      <ul className="govuk-list govuk-list--bullet" data-testid="dry-run">
        <li>{counts.ok} rows would be imported{analysis.newStaff > 0 ? `, adding ${analysis.newStaff} staff references not yet in Debrief` : ""}</li>
        <li>{counts.rejected} rows are rejected</li>
        <li>{counts.duplicate} rows are already in Debrief or repeat an earlier row, and would be skipped</li>
        {unmapped > 0 ? <li>{unmapped} names still need a choice above</li> : null}
      </ul>
      {analysis.rejected.length > 0 ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Rejected rows{counts.rejected > LISTED ? ` (the first ${LISTED})` : ""}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Line</th>
              <th scope="col" className="govuk-table__header">Why</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {analysis.rejected.map((r) => (
              <tr className="govuk-table__row" key={r.line}>
                <td className="govuk-table__cell">{r.line}</td>
                <td className="govuk-table__cell">{r.reasons.join(". ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {unmapped === 0 && counts.ok > 0 ? (
        <Form method="post">
          {hidden.map((h) => (
            <input type="hidden" name={h.name} value={h.value} key={h.name} />
          ))}
          {counts.rejected > 0 ? (
            <div className="govuk-form-group">
              <div className="govuk-checkboxes govuk-checkboxes--small">
                <div className="govuk-checkboxes__item">
                  <input className="govuk-checkboxes__input" id="validOnly" name="validOnly" type="checkbox" value="yes" />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor="validOnly">
                    Import the valid rows only, leaving out the {counts.rejected} rejected rows
                  </label>
                </div>
              </div>
            </div>
          ) : null}
          <button type="submit" className="govuk-button">
            Import {counts.ok} rows
          </button>
        </Form>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to="/admin/import">
          Cancel and upload another file
        </Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
