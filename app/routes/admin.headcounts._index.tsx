// Headcounts of every team, a grid of team × month: type the first month's figure and the months it
// changed; an empty box carries the figure of the month before it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/forms";
import { SuccessBanner } from "~/components/success-banner";
import { gridPeriod, readHeadcount } from "~/domain/headcounts";
import { recordAudit } from "~/models/audit.server";
import { loadHeadcountGrid, saveHeadcounts, type HeadcountChange } from "~/models/headcounts.server";
import { requireReferences } from "~/models/references.server";
import { NOT_SAVED_STATUS, attemptSave } from "~/utils/form-reply.server";
import { readForm } from "~/utils/form-data.server";
import { monthKey, monthLabel } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Headcounts – Debrief" }];

/** The name of a grid box: one per team and month. */
const boxName = (teamId: string, month: string) => `headcount:${teamId}:${month}`;
const boxId = (teamId: string, month: string) => `hc-${teamId}-${month}`;

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const period = gridPeriod(new URL(request.url).searchParams, monthKey(new Date(), admin.organisation.timeZone));
  const grid = await loadHeadcountGrid(admin.organisationId, period.from, period.to);
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "headcounts", detail: { from: period.from, to: period.to } });
  return { ...grid, period };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const form = await readForm(request);
  const currentMonth = monthKey(new Date(), admin.organisation.timeZone);
  const period = gridPeriod(new URLSearchParams({ from: String(form.get("from") ?? ""), to: String(form.get("to") ?? "") }), currentMonth);
  if (Object.keys(period.errors).length > 0) throw new Response("The months of the grid were not understood: open Headcounts again.", { status: 400 });
  // A box of a team of another organisation (or none) is refused, not quietly left out.
  const postedTeams = [...form.keys()].filter((name) => name.startsWith("headcount:")).map((name) => name.split(":")[1] ?? "");
  await requireReferences({ organisationId: admin.organisationId }, { teams: postedTeams });
  const grid = await loadHeadcountGrid(admin.organisationId, period.from, period.to);
  const changes: HeadcountChange[] = [];
  /** the message in the summary names the box; the one beside it, only the problem */
  const errors: { fieldId: string; message: string; problem: string }[] = [];
  const typed: Record<string, string> = {};
  for (const team of grid.teams) {
    for (const cell of team.cells) {
      if (cell.closed) continue;
      const raw = form.get(boxName(team.id, cell.month));
      if (typeof raw !== "string") continue;
      typed[boxName(team.id, cell.month)] = raw;
      if (raw.trim() === "") {
        // An emptied box gives up the month's own figure: the one before carries on.
        if (cell.given !== null) changes.push({ teamId: team.id, month: cell.month, headcount: null });
        continue;
      }
      const read = readHeadcount(raw);
      if ("problem" in read) errors.push({ fieldId: boxId(team.id, cell.month), message: `${team.name}, ${monthLabel(cell.month)}: ${read.problem}`, problem: read.problem });
      else if (read.headcount !== cell.given) changes.push({ teamId: team.id, month: cell.month, headcount: read.headcount });
    }
  }
  if (errors.length > 0) return data({ errors, typed, formError: null }, { status: 400 });
  const saved = await attemptSave(() => saveHeadcounts(admin.organisationId, changes));
  if (!saved.ok) return data({ errors: [], typed, formError: saved.message }, NOT_SAVED_STATUS);
  await recordAudit({
    action: "headcounts.save",
    organisationId: admin.organisationId,
    actorUserId: admin.id,
    entityType: "headcounts",
    detail: { from: period.from, to: period.to, ...saved.value },
    ipAddress: context.clientIp,
  });
  return redirect(`/admin/headcounts?from=${period.from}&to=${period.to}&saved=${saved.value.set + saved.value.removed}`);
}

export default function Headcounts() {
  const { months, teams, period } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  const errorOf = new Map((result?.errors ?? []).map((e) => [e.fieldId, e.problem]));
  const periodErrors = Object.entries(period.errors).map(([field, message]) => ({ fieldId: `period-${field}`, message }));
  const typedPeriod = { from: period.typed.from || period.from, to: period.typed.to || period.to };
  return (
    <>
      <ErrorSummary fieldErrors={[...periodErrors, ...(result?.errors ?? []).map(({ fieldId, message }) => ({ fieldId, message }))]} formErrors={result?.formError ? [result.formError] : []} />
      {saved !== null && !result ? (
        <SuccessBanner title="Saved" role="status">
          <p className="govuk-notification-banner__heading">{saved === "0" ? "Nothing had changed." : `${saved} ${saved === "1" ? "headcount was" : "headcounts were"} saved.`}</p>
        </SuccessBanner>
      ) : null}
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Headcounts</h1>
      <p className="govuk-body">
        The number of staff in each team each month, used for rates per 100 staff. A headcount stays the same in later months until you give a new one, so
        enter the first month and then only the months it changed. An empty box carries the figure before it, shown under the box as “carried”.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/admin/headcounts/list">
          Add many headcounts at once from a list or a CSV file
        </Link>
      </p>

      <Form method="get" className="govuk-!-margin-bottom-6">
        <fieldset className="govuk-fieldset">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Months shown (at most 12)</legend>
          <div className="govuk-grid-row">
            {(["from", "to"] as const).map((field) => (
              <div className="govuk-grid-column-one-quarter" key={field}>
                <div className={`govuk-form-group${period.errors[field] ? " govuk-form-group--error" : ""}`}>
                  <label className="govuk-label" htmlFor={`period-${field}`}>
                    {field === "from" ? "First month" : "Last month"}
                  </label>
                  {period.errors[field] ? (
                    <p className="govuk-error-message" id={`period-${field}-error`}>
                      <span className="govuk-visually-hidden">Error:</span> {period.errors[field]}
                    </p>
                  ) : null}
                  <input
                    className={`govuk-input govuk-input--width-10${period.errors[field] ? " govuk-input--error" : ""}`}
                    id={`period-${field}`}
                    name={field}
                    defaultValue={typedPeriod[field]}
                    aria-describedby={period.errors[field] ? `period-${field}-error` : undefined}
                  />
                </div>
              </div>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="govuk-button govuk-button--secondary">
          Show these months
        </button>
      </Form>

      {teams.length === 0 ? (
        <p className="govuk-body">
          There are no teams yet. <Link className="govuk-link" to="/admin/teams">Add teams</Link> first.
        </p>
      ) : (
        <Form method="post" noValidate>
          <input type="hidden" name="from" value={period.from} />
          <input type="hidden" name="to" value={period.to} />
          <table className="govuk-table app-table--stack app-headcount-grid">
            <caption className="govuk-table__caption govuk-table__caption--m">
              Headcounts from {monthLabel(period.from)} to {monthLabel(period.to)}
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Team</th>
                {months.map((month) => (
                  <th scope="col" className="govuk-table__header" key={month}>
                    {monthLabel(month)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {teams.map((team) => (
                <tr className="govuk-table__row" key={team.id}>
                  <th scope="row" className="govuk-table__header">
                    {team.name}
                    <span className="govuk-body-s app-headcount-grid__service">
                      {team.service}
                      {team.archivedIn ? `, archived ${monthLabel(team.archivedIn)}` : ""}
                    </span>
                  </th>
                  {team.cells.map((cell) => {
                    if (cell.closed) {
                      return (
                        <td className="govuk-table__cell app-headcount-grid__closed" key={cell.month} data-label={monthLabel(cell.month)}>
                          <span className="govuk-body-s">archived</span>
                        </td>
                      );
                    }
                    const name = boxName(team.id, cell.month);
                    const id = boxId(team.id, cell.month);
                    const error = errorOf.get(id);
                    const typed = result?.typed[name];
                    return (
                      <td className="govuk-table__cell" key={cell.month} data-label={monthLabel(cell.month)}>
                        <label className="govuk-visually-hidden" htmlFor={id}>
                          {team.name}, {monthLabel(cell.month)}
                        </label>
                        {error ? (
                          <p className="govuk-error-message" id={`${id}-error`}>
                            <span className="govuk-visually-hidden">Error:</span> {error}
                          </p>
                        ) : null}
                        <input
                          className={`govuk-input govuk-input--width-3${error ? " govuk-input--error" : ""}`}
                          id={id}
                          name={name}
                          inputMode="numeric"
                          autoComplete="off"
                          defaultValue={typed ?? (cell.given === null ? "" : String(cell.given))}
                          aria-describedby={[cell.carried ? `${id}-carried` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined}
                        />
                        {cell.carried ? (
                          <span className="govuk-body-s app-headcount-grid__carried" id={`${id}-carried`}>
                            carried {cell.carried.headcount}
                            <span className="govuk-visually-hidden"> from {monthLabel(cell.carried.from)}</span>
                          </span>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" className="govuk-button">
            Save headcounts
          </button>
        </Form>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
