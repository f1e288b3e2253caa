import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { CASE_CLOSE_REASONS, CASE_STATUSES, caseStatusOf, requestedPage, SEARCH_MAX, showingText, type CaseStatusFilter } from "~/domain/caseload";
import { recordAudit } from "~/models/audit.server";
import { caseList } from "~/models/cases.server";
import { formatDate } from "~/utils/time";
import { countOf } from "~/utils/plural";

export const meta: MetaFunction = () => [{ title: "My cases – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "supporter");
  const params = new URL(request.url).searchParams;
  const search = (params.get("ref") ?? "").trim().slice(0, SEARCH_MAX);
  const status = caseStatusOf(params.get("status"));
  await recordAudit({ action: "view", request, organisationId: user.organisationId, actorUserId: user.id, entityType: "case_list", detail: { status, ...(search ? { search: true } : {}) } });
  const tz = user.organisation.timeZone;
  const list = await caseList(user.id, user.organisationId, { status, search, page: requestedPage(params.get("page")) });
  return {
    search,
    status,
    byStatus: list.byStatus,
    page: list.page,
    cases: list.cases.map((c) => ({
      id: c.id,
      reference: c.reference,
      team: c.team,
      openFollowUps: c.openFollowUps,
      status: c.handedOverAt
        ? `Handed over${c.handedOverTo ? ` to ${c.handedOverTo}` : ""} on ${formatDate(c.handedOverAt, tz)}`
        : c.closedAt
          ? `Closed on ${formatDate(c.closedAt, tz)}: ${CASE_CLOSE_REASONS[c.closedReason as keyof typeof CASE_CLOSE_REASONS] ?? c.closedReason}`
          : "Open",
      tag: c.handedOverAt ? "handed_over" : c.closedAt ? "closed" : "open",
    })),
  };
}

const TAG_CLASS: Record<string, string> = { open: "govuk-tag--blue", closed: "govuk-tag--grey", handed_over: "govuk-tag--yellow" };

export default function Cases() {
  const { search, status, byStatus, page, cases } = useLoaderData<typeof loader>();
  const heading = search ? `Cases matching “${search}”` : "My cases";
  return (
    <>
      <Link className="govuk-back-link" to="/caseload">My caseload</Link>
      <h1 className="govuk-heading-l">{heading}</h1>
      <Form method="get" role="search" className="govuk-!-margin-bottom-6">
        <div className="govuk-form-group govuk-!-margin-bottom-3">
          <label className="govuk-label govuk-label--s" htmlFor="ref">Staff reference contains</label>
          <div id="ref-hint" className="govuk-hint">Any part of the reference, for example 1042. Leave empty for all your cases.</div>
          <input className="govuk-input govuk-input--width-10" id="ref" name="ref" type="search" maxLength={SEARCH_MAX} defaultValue={search} aria-describedby="ref-hint" autoComplete="off" spellCheck={false} />
        </div>
        <div className="govuk-form-group govuk-!-margin-bottom-3">
          <label className="govuk-label govuk-label--s" htmlFor="status">Status</label>
          <select className="govuk-select" id="status" name="status" defaultValue={status}>
            {(Object.keys(CASE_STATUSES) as CaseStatusFilter[]).map((value) => (
              <option key={value} value={value}>
                {CASE_STATUSES[value]} ({byStatus[value]})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">Show cases</button>
      </Form>
      <h2 className="govuk-heading-m govuk-!-margin-bottom-1" id="cases-heading">
        {CASE_STATUSES[status]} cases ({page.total})
      </h2>
      <p className="govuk-body-s govuk-!-margin-bottom-2">{showingText(page)}</p>
      {cases.length === 0 ? (
        <p className="govuk-body">
          {search ? `None of your ${status === "all" ? "" : `${CASE_STATUSES[status].toLowerCase()} `}cases has “${search}” in its reference.` : "None."}
          {status !== "all" && byStatus.all > 0 ? (
            <>
              {" "}
              <Link className="govuk-link" to={`/cases?${new URLSearchParams({ ...(search ? { ref: search } : {}), status: "all" })}`}>
                Show all {countOf(byStatus.all, "case")}
              </Link>
            </>
          ) : null}
        </p>
      ) : (
        <table className="govuk-table app-table--stack" aria-labelledby="cases-heading">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Staff reference</th>
              <th scope="col" className="govuk-table__header">Team</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">Open follow-ups</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {cases.map((c) => (
              <tr className="govuk-table__row" key={c.id}>
                <td className="govuk-table__cell" data-label="Staff reference">
                  <Link className="govuk-link" to={`/staff/${c.id}`}>{c.reference}</Link>
                </td>
                <td className="govuk-table__cell" data-label="Team">{c.team}</td>
                <td className="govuk-table__cell" data-label="Status">
                  <strong className={`govuk-tag ${TAG_CLASS[c.tag]}`}>{CASE_STATUSES[c.tag as CaseStatusFilter]}</strong>
                  {c.tag === "open" ? null : <span className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">{c.status}</span>}
                </td>
                <td className="govuk-table__cell" data-label="Open follow-ups">{c.openFollowUps}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} param="page" label="Cases" />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
