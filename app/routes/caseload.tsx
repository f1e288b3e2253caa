import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { recordAudit } from "~/models/audit.server";
import { caseloadFollowUps } from "~/models/caseload.server";
import { recentCases, searchCases } from "~/models/staff.server";
import { formatDate, formatDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "My caseload – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "supporter");
  const tz = user.organisation.timeZone;
  const search = (new URL(request.url).searchParams.get("ref") ?? "").trim().slice(0, 20);
  await recordAudit({ action: "view", request, organisationId: user.organisationId, actorUserId: user.id, entityType: "caseload", detail: search ? { search: true } : undefined });
  const now = new Date();
  const [followUps, recent, found] = await Promise.all([
    caseloadFollowUps(user.id, user.organisationId, tz, now),
    recentCases(user.id, user.organisationId),
    search ? searchCases(user.id, user.organisationId, search) : Promise.resolve(null),
  ]);
  const row = (f: (typeof followUps.overdue)[number]) => ({ id: f.id, label: f.label, due: formatDateTime(f.dueAt, tz), staffId: f.staffMember.id, reference: f.staffMember.reference });
  return {
    today: formatDate(now, tz),
    search,
    found: found?.map((s) => ({ id: s.id, reference: s.reference, team: s.team.name })) ?? null,
    overdue: followUps.overdue.map(row),
    dueToday: followUps.dueToday.map(row),
    upcoming: followUps.upcoming.map(row),
    recent: recent.map((s) => ({ id: s.id, reference: s.reference, team: s.team.name })),
  };
}

type Row = { id: number; label: string; due: string; staffId: string; reference: string };

function FollowUpTable({ caption, rows, overdue = false }: { caption: string; rows: Row[]; overdue?: boolean }) {
  return (
    <table className="govuk-table app-table--stack">
      <caption className="govuk-table__caption govuk-table__caption--m">
        {caption} ({rows.length})
      </caption>
      {rows.length === 0 ? null : (
        <>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Staff reference</th>
              <th scope="col" className="govuk-table__header">Follow-up</th>
              <th scope="col" className="govuk-table__header">Due</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <td className="govuk-table__cell" data-label="Staff reference">
                  <Link className="govuk-link" to={`/staff/${r.staffId}`}>{r.reference}</Link>
                </td>
                <td className="govuk-table__cell" data-label="Follow-up">{r.label}</td>
                <td className="govuk-table__cell" data-label="Due">
                  {overdue ? <strong className="govuk-tag govuk-tag--red">Overdue</strong> : null} {r.due}
                </td>
              </tr>
            ))}
          </tbody>
        </>
      )}
    </table>
  );
}

export default function Caseload() {
  const { today, search, found, overdue, dueToday, upcoming, recent } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{today}</span>
      <h1 className="govuk-heading-l">My caseload</h1>
      <div className="govuk-button-group">
        <Link className="govuk-button" to="/staff/new">Add a staff member</Link>
      </div>
      <Form method="get" role="search" className="govuk-!-margin-bottom-6">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="ref">Find a staff member by reference</label>
          <input className="govuk-input govuk-input--width-10" id="ref" name="ref" type="search" defaultValue={search} autoComplete="off" spellCheck={false} />
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">Find</button>
      </Form>
      {found ? (
        <section aria-labelledby="results">
          <h2 className="govuk-heading-m" id="results">Results for “{search}”</h2>
          {found.length === 0 ? (
            <p className="govuk-body">None of your cases has a reference starting with “{search}”.</p>
          ) : (
            <ul className="govuk-list">
              {found.map((s) => (
                <li key={s.id}>
                  <Link className="govuk-link" to={`/staff/${s.id}`}>{s.reference}</Link> ({s.team})
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <FollowUpTable caption="Overdue follow-ups" rows={overdue} overdue />
      <FollowUpTable caption="Due today" rows={dueToday} />
      <FollowUpTable caption="Due in the next 7 days" rows={upcoming} />
      <h2 className="govuk-heading-m">Recent cases</h2>
      <ul className="govuk-list">
        {recent.map((s) => (
          <li key={s.id}>
            <Link className="govuk-link" to={`/staff/${s.id}`}>{s.reference}</Link> ({s.team})
          </li>
        ))}
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
