// One uploaded file: how it was understood, the names to map, what importing would do (a dry
// run that changes nothing), and the import itself.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireRole, type CurrentUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/forms";
import { IMPORT_COLUMNS, describeIdenticalLines } from "~/domain/import-columns";
import { LISTED } from "~/domain/import-limits";
import { INCIDENT_TYPES } from "~/domain/vocabulary";
import { NEW_TEAM_PREFIX, NO_INITIATIVE, discardUpload, findCheckedUpload, findUpload, mappingFrom, requireMappedReferences } from "~/models/import.server";
import { IMPORTS_IN_FLIGHT_PER_ORGANISATION, choicesDigest, requestCheck } from "~/models/import-checks.server";
import { finishedWithin, importJob, startImportJob } from "~/models/import-jobs.server";
import { listInitiatives } from "~/models/initiative.server";
import { createService, listActiveServices, serviceNameTaken } from "~/models/admin-services.server";
import { recordAudit } from "~/models/audit.server";
import { ServiceSchema } from "~/domain/services";
import { SERVICE_KINDS } from "~/domain/vocabulary";
import { activeTeamOptions } from "~/models/team.server";
import { readForm } from "~/utils/form-data.server";
import { countOf } from "~/utils/plural";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: page && "progress" in page ? "Importing records – Debrief" : page && "checking" in page ? "Checking a file – Debrief" : "Check an import – Debrief" },
];

const NOT_FOUND = "That upload was not found: it may have been imported or cancelled already, or be more than a day old. Upload the file again.";

async function requireUpload(user: CurrentUser, uploadId: string | undefined) {
  const upload = await findUpload(user.organisationId, uploadId ?? "");
  if (!upload) throw new Response(NOT_FOUND, { status: 404 });
  return upload;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const job = importJob(admin.organisationId, params.uploadId);
  if (job?.state === "done") throw redirect(`/admin/import?imported=${encodeURIComponent(job.batchId!)}`);
  if (job?.state === "running") return { progress: { fileName: job.fileName, phase: job.phase, done: job.done, total: job.total } };
  let upload = await findCheckedUpload(admin.organisationId, params.uploadId ?? "");
  if (!upload) throw new Response(NOT_FOUND, { status: 404 });
  const mapping = mappingFrom(new URL(request.url).searchParams);
  const checkedWithThese = (found: typeof upload) => (found?.check && found.choices === choicesDigest(mapping) ? found.check : null);
  // The page reads what the check in the background stored; it never checks the file itself. New
  // choices are checked there too: a small file within a moment, so the page waits that long.
  if (!checkedWithThese(upload)) {
    const check = requestCheck({ organisationId: admin.organisationId, uploadId: upload.id, timeZone: admin.organisation.timeZone, mapping });
    if (!check) return { checking: { fileName: upload.fileName, state: "no-place" as const, checked: 0, total: 0, limit: IMPORTS_IN_FLIGHT_PER_ORGANISATION } };
    if (await finishedWithin(check, 1500)) upload = await findCheckedUpload(admin.organisationId, upload.id);
    if (!upload) throw new Response(NOT_FOUND, { status: 404 });
    if (!checkedWithThese(upload)) return { checking: { fileName: upload.fileName, state: check.state, checked: check.checked, total: check.total, limit: IMPORTS_IN_FLIGHT_PER_ORGANISATION } };
  }
  const analysis = checkedWithThese(upload)!;
  const [teams, services, initiatives] = await Promise.all([
    activeTeamOptions(admin.organisationId),
    listActiveServices(admin.organisationId),
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
  const serviceChoices = services.map((s) => ({ value: s.id, label: s.name }));
  if (analysis.kind === "unreadable") return { fileName: upload.fileName, analysis, names: [], services: serviceChoices };
  const names = (["team", "incidentType", "initiative"] as const).flatMap((kind) =>
    analysis.toMap[kind].map(({ name, chosen }) => ({
      kind,
      name,
      // the choice as submitted (a new team is sent as the service only)
      chosen: chosen?.startsWith(NEW_TEAM_PREFIX) ? chosen.split("|")[0]! : chosen,
      options: choices[kind](name),
    })),
  );
  return {
    fileName: upload.fileName,
    analysis: {
      ...analysis,
      columns: analysis.columns.map((c) => ({ header: c.header, understood: c.field ? IMPORT_COLUMNS.find((col) => col.field === c.field)!.header : null })),
    },
    names,
    services: serviceChoices,
  };
}

/** A service added from the mapping screen, so an unknown team can be made a new team in it. */
async function addService(admin: CurrentUser, form: FormData, request: Request, clientIp: string | null) {
  const parsed = ServiceSchema.safeParse({ name: form.get("serviceName") || undefined, kind: form.get("serviceKind") || undefined });
  if (!parsed.success) return data({ serviceError: parsed.error.issues[0]!.message, typedService: String(form.get("serviceName") ?? "") }, { status: 400 });
  if (await serviceNameTaken(admin.organisationId, parsed.data.name)) {
    return data({ serviceError: "There is already a service with this name", typedService: parsed.data.name }, { status: 400 });
  }
  const service = await createService(admin.organisationId, parsed.data.name, parsed.data.kind);
  await recordAudit({ action: "service.create", organisationId: admin.organisationId, actorUserId: admin.id, entityType: "service", entityId: service.id, detail: { kind: parsed.data.kind, from: "import" }, ipAddress: clientIp });
  // Back to the same choices (they travel in the address), now with the new service offered.
  const url = new URL(request.url);
  return redirect(`${url.pathname}${url.search}`);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  // Only the import itself reads the file; adding a service or cancelling does not.
  const found = await findCheckedUpload(admin.organisationId, params.uploadId ?? "");
  if (!found) throw new Response(NOT_FOUND, { status: 404 });
  const form = await readForm(request);
  if (form.get("intent") === "service") return addService(admin, form, request, context.clientIp);
  const mapping = mappingFrom(form);
  const validOnly = form.get("validOnly") === "yes";
  const timeZone = admin.organisation.timeZone;
  if (importJob(admin.organisationId, found.id)?.state === "running") return redirect(`/admin/import/${found.id}`);
  if (form.get("intent") === "cancel") {
    await discardUpload(admin.organisationId, found.id);
    return redirect("/admin/import?cancelled=1");
  }
  await requireMappedReferences(admin.organisationId, mapping);
  const upload = await requireUpload(admin, found.id);
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
  useRefreshWhileWaiting();
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

/** Refreshes the page every two seconds while something runs in the background (the page itself does, without JavaScript). */
function useRefreshWhileWaiting() {
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [revalidator]);
}

/** While the file is checked in the background: the page says so and looks again every two seconds. */
function CheckingFile({ fileName, state, checked, total, limit }: { fileName: string; state: "no-place" | "waiting" | "running"; checked: number; total: number; limit: number }) {
  useRefreshWhileWaiting();
  const location = useLocation();
  return (
    <>
      <noscript>
        <meta httpEquiv="refresh" content="2" />
      </noscript>
      <span className="govuk-caption-l">Import records</span>
      <h1 className="govuk-heading-l app-break-anywhere">{state === "no-place" ? `${fileName} waits to be checked` : `${fileName} is being checked`}</h1>
      <p className="govuk-body" role="status" data-testid="checking">
        {state === "no-place"
          ? `Your organisation already has ${limit} files being uploaded, checked or imported: this file is checked with your choices once one of them has finished. This page looks again by itself.`
          : state === "waiting"
          ? "It is waiting for another file to finish being checked."
          : total > 0
            ? `${checked.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} rows checked.`
            : "Reading the file."}
      </p>
      <p className="govuk-body">
        Debrief is checking every row as the forms would, without saving anything. A large file takes a minute or two. This page shows what it found as soon
        as it is done; you can leave it and come back.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to={`${location.pathname}${location.search}`} reloadDocument>
          Check again now
        </Link>
      </p>
      <CancelUpload />
    </>
  );
}

export default function CheckImport() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if ("progress" in page && page.progress) return <ImportProgress {...(page.progress as Parameters<typeof ImportProgress>[0])} />;
  if ("checking" in page && page.checking) return <CheckingFile {...page.checking} />;
  const { fileName, analysis, names, services } = page;
  const refused = result && "error" in result ? result.error : null;
  const serviceError = result && "serviceError" in result ? result.serviceError : null;
  if (analysis.kind === "unreadable") {
    return (
      <>
        <ErrorSummary title="The file cannot be imported" fieldErrors={[]} formErrors={analysis.problems} />
        <span className="govuk-caption-l">Import records</span>
        <h1 className="govuk-heading-l">{fileName}</h1>
        <p className="govuk-body">Nothing was saved. Correct the file (the template shows the columns) and upload it again.</p>
        <CancelUpload />
      </>
    );
  }
  const { counts, unmapped } = analysis;
  const hidden = [
    ...names.filter((n) => n.chosen).map((n) => ({ name: `${n.kind}:${n.name}`, value: n.chosen! })),
    ...(analysis.identical.length > 0 ? [{ name: "identical", value: analysis.identicalAsOne ? "one" : "separate" }] : []),
  ];
  const unknownTeams = names.some((n) => n.kind === "team");
  const kindLabel = { team: "Team", incidentType: "Incident type", initiative: "Initiative" } as const;
  return (
    <>
      <ErrorSummary
        title={refused ? "Nothing was imported" : "There is a problem"}
        fieldErrors={serviceError ? [{ fieldId: "serviceName", message: serviceError }] : []}
        formErrors={refused ? [refused] : []}
      />
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

      {names.length > 0 || analysis.identical.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">Your choices</h2>
          <Form method="get">
            {names.length > 0 ? (
              <>
                <h3 className="govuk-heading-s">Names Debrief does not know</h3>
                <p className="govuk-body">Choose what each stands for. Nothing is created or left out without your choice.</p>
                {unknownTeams && services.length === 0 ? (
                  <p className="govuk-body">
                    There are no services yet, so a team in the file can only become a new team once its service exists: add the service below, then choose.
                  </p>
                ) : null}
              </>
            ) : null}
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
            {analysis.identical.length > 0 ? (
              <div className="govuk-form-group">
                <fieldset className="govuk-fieldset" aria-describedby="identical-hint">
                  <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
                    <h3 className="govuk-fieldset__heading">Identical rows</h3>
                  </legend>
                  <div className="govuk-hint" id="identical-hint">
                    Some rows of the file are exactly the same. Two people’s records are never identical (their staff references differ), but one person can have
                    two exposures on the same day with the same answers.
                  </div>
                  <ul className="govuk-list govuk-list--bullet" data-testid="identical-rows">
                    {analysis.identical.map((lines) => (
                      <li key={lines.join(",")}>
                        {describeIdenticalLines(lines, analysis.identicalAsOne)}
                      </li>
                    ))}
                  </ul>
                  {analysis.identicalAsBefore ? (
                    <p className="govuk-body" data-testid="identical-as-before">
                      An earlier import of these rows took each set as one record, so they are one record again unless you choose otherwise.
                    </p>
                  ) : null}
                  <div className="govuk-radios govuk-radios--small" data-module="govuk-radios">
                    <div className="govuk-radios__item">
                      <input className="govuk-radios__input" id="identical" name="identical" type="radio" value="separate" defaultChecked={!analysis.identicalAsOne} />
                      <label className="govuk-label govuk-radios__label" htmlFor="identical">
                        Each is a record of its own
                      </label>
                    </div>
                    <div className="govuk-radios__item">
                      <input className="govuk-radios__input" id="identical-one" name="identical" type="radio" value="one" defaultChecked={analysis.identicalAsOne} />
                      <label className="govuk-label govuk-radios__label" htmlFor="identical-one">
                        They are one record, repeated by mistake: import it once
                      </label>
                    </div>
                  </div>
                </fieldset>
              </div>
            ) : null}
            <button type="submit" className="govuk-button govuk-button--secondary">
              Check again with these choices
            </button>
          </Form>
        </>
      ) : null}

      {unknownTeams ? (
        <details className="govuk-details" open={services.length === 0 || Boolean(serviceError)}>
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Add a service, to create the file’s teams in it</span>
          </summary>
          <div className="govuk-details__text">
            <Form method="post">
              <input type="hidden" name="intent" value="service" />
              <div className={`govuk-form-group${serviceError ? " govuk-form-group--error" : ""}`}>
                <label className="govuk-label" htmlFor="serviceName">
                  Name of the service
                </label>
                {serviceError ? (
                  <p className="govuk-error-message" id="serviceName-error">
                    <span className="govuk-visually-hidden">Error:</span> {serviceError}
                  </p>
                ) : null}
                <input
                  className={`govuk-input${serviceError ? " govuk-input--error" : ""}`}
                  id="serviceName"
                  name="serviceName"
                  autoComplete="off"
                  defaultValue={result && "typedService" in result ? result.typedService : undefined}
                  aria-describedby={serviceError ? "serviceName-error" : undefined}
                />
              </div>
              <div className="govuk-form-group">
                <label className="govuk-label" htmlFor="serviceKind">
                  Kind of service
                </label>
                <select className="govuk-select" id="serviceKind" name="serviceKind" defaultValue="other">
                  {Object.entries(SERVICE_KINDS).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="govuk-button govuk-button--secondary">
                Add service
              </button>
            </Form>
          </div>
        </details>
      ) : null}

      <h2 className="govuk-heading-m">What importing would do</h2>
      <p className="govuk-body">This is a dry run: nothing has been saved yet.</p>
      <ul className="govuk-list govuk-list--bullet" data-testid="dry-run">
        <li>{countOf(counts.ok, "row")} would be imported{analysis.newStaff > 0 ? `, adding ${countOf(analysis.newStaff, "staff reference")} not yet in Debrief` : ""}</li>
        <li>{countOf(counts.rejected, "row")} {counts.rejected === 1 ? "is" : "are"} rejected</li>
        <li>
          {countOf(counts.duplicate, "row")} {counts.duplicate === 1 ? "is" : "are"} already in Debrief{analysis.identicalAsOne ? ` or ${counts.duplicate === 1 ? "repeats" : "repeat"} an earlier row` : ""}, and would be skipped
        </li>
        {unmapped > 0 ? <li>{countOf(unmapped, "name")} still {unmapped === 1 ? "needs" : "need"} a choice above</li> : null}
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
                    Import the valid rows only, leaving out the {countOf(counts.rejected, "rejected row")}
                  </label>
                </div>
              </div>
            </div>
          ) : null}
          <button type="submit" className="govuk-button">
            Import {countOf(counts.ok, "row")}
          </button>
        </Form>
      ) : null}
      <CancelUpload />
    </>
  );
}

/** Deletes the uploaded file now (it would go after a day) and goes back to the upload page. */
function CancelUpload() {
  return (
    <Form method="post">
      <button type="submit" name="intent" value="cancel" className="govuk-button govuk-button--secondary">
        Cancel and delete this file
      </button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
