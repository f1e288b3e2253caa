import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { FOLLOW_UP_SORTS, FOLLOW_UP_WINDOWS, followUpSortOf, requestedPage, SEARCH_MAX, showingText, type FollowUpWindow } from "~/domain/caseload";
import { recordAudit } from "~/models/audit.server";
import { accessRequestsToConfirm, caseloadFollowUps } from "~/models/caseload.server";
import { caseList } from "~/models/cases.server";
import { formatDate, formatDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "My caseload – Debrief" }];

// What the address may say; anything else is read as the default, never an error page.
const QuerySchema = z.object({
  kind: z.string().trim().max(200).optional().catch(undefined),
  sort: z.string().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "supporter");
  const params = new URL(request.url).searchParams;
  // The search lives on the case list now; an old address with ?ref= is taken there.
  const ref = params.get("ref");
  if (ref !== null) throw redirect(`/cases?${new URLSearchParams({ ref: ref.slice(0, SEARCH_MAX), status: "all" })}`);
  const tz = user.organisation.timeZone;
  const query = QuerySchema.parse(Object.fromEntries(params));
  const kind = query.kind || null;
  const sort = followUpSortOf(query.sort ?? null);
  await recordAudit({ action: "view", request, organisationId: user.organisationId, actorUserId: user.id, entityType: "caseload", detail: kind ? { filtered: true } : undefined });
  const now = new Date();
  const pages = Object.fromEntries(
    (Object.keys(FOLLOW_UP_WINDOWS) as FollowUpWindow[]).map((w) => [w, requestedPage(params.get(FOLLOW_UP_WINDOWS[w].pageParam))]),
  ) as Record<FollowUpWindow, number>;
  const [followUps, cases, accessRequests] = await Promise.all([
    caseloadFollowUps(user.id, user.organisationId, tz, { kind, sort, pages }, now),
    caseList(user.id, user.organisationId, { status: "open", search: "", page: 1 }),
    accessRequestsToConfirm(user.id, user.organisationId),
  ]);
  return {
    today: formatDate(now, tz),
    kind,
    sort,
    kinds: followUps.kinds,
    lists: followUps.lists.map((list) => ({
      window: list.window,
      caption: list.caption,
      pageParam: FOLLOW_UP_WINDOWS[list.window].pageParam,
      page: list.page,
      rows: list.rows.map((f) => ({ id: f.id, label: f.label, due: formatDateTime(f.dueAt, tz), staffId: f.staffMember.id, reference: f.staffMember.reference })),
    })),
    caseCounts: cases.byStatus,
    accessRequests: accessRequests.map((r) => ({ id: r.id, staffId: r.staffMember.id, reference: r.staffMember.reference, requested: formatDate(r.requestedAt, tz) })),
  };
}

type List = Awaited<ReturnType<typeof loader>>["lists"][number];

function FollowUpTable({ list }: { list: List }) {
  const headingId = `${list.window}-heading`;
  return (
    <section aria-labelledby={headingId} id={list.window} className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m govuk-!-margin-bottom-1" id={headingId}>
        {list.caption} ({list.page.total})
      </h2>
      <p className="govuk-body-s govuk-!-margin-bottom-2">{showingText(list.page)}</p>
      {list.rows.length === 0 ? null : (
        <table className="govuk-table app-table--stack" aria-labelledby={headingId}>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Staff reference</th>
              <th scope="col" className="govuk-table__header">Follow-up</th>
              <th scope="col" className="govuk-table__header">Due</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {list.rows.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <td className="govuk-table__cell" data-label="Staff reference">
                  <Link className="govuk-link" to={`/staff/${r.staffId}`}>{r.reference}</Link>
                </td>
                <td className="govuk-table__cell" data-label="Follow-up">{r.label}</td>
                <td className="govuk-table__cell" data-label="Due">
                  {list.window === "overdue" ? <strong className="govuk-tag govuk-tag--red">Overdue</strong> : null} {r.due}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={list.page} param={list.pageParam} label={list.caption} />
    </section>
  );
}

export default function Caseload() {
  const { today, kind, sort, kinds, lists, caseCounts, accessRequests } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{today}</span>
      <h1 className="govuk-heading-l">My caseload</h1>
      {accessRequests.length > 0 ? (
        <div className="govuk-notification-banner" role="region" aria-labelledby="access-requests-title">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="access-requests-title">
              {`Subject access: ${accessRequests.length} ${accessRequests.length === 1 ? "request waits" : "requests wait"} for you to confirm`}
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-body">A person has asked for a copy of their record. The administrator can produce it once you confirm on the case; the law gives one month from the request.</p>
            <ul className="govuk-list">
              {accessRequests.map((r) => (
                <li key={r.id}>
                  <Link className="govuk-notification-banner__link" to={`/staff/${r.staffId}`}>{r.reference}</Link>
                  {`, asked on ${r.requested}`}
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      <div className="govuk-button-group">
        <Link className="govuk-button" to="/staff/new">Add a staff member</Link>
        <Link className="govuk-link" to="/cases">
          All my cases ({caseCounts.open} open)
        </Link>
      </div>
      <Form method="get" action="/cases" role="search" className="govuk-!-margin-bottom-6">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="ref">Find a staff member by reference</label>
          <div id="ref-hint" className="govuk-hint">Any part of the reference, for example 1042</div>
          <input className="govuk-input govuk-input--width-10" id="ref" name="ref" type="search" maxLength={SEARCH_MAX} aria-describedby="ref-hint" autoComplete="off" spellCheck={false} />
          <input type="hidden" name="status" value="all" />
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">Find</button>
      </Form>
      <Form method="get" className="app-filter govuk-!-margin-bottom-6" aria-label="Choose which follow-ups to show">
        <div className="govuk-form-group govuk-!-margin-bottom-3">
          <label className="govuk-label govuk-label--s" htmlFor="kind">Kind of follow-up</label>
          <select className="govuk-select" id="kind" name="kind" defaultValue={kind ?? ""}>
            <option value="">All kinds</option>
            {kinds.map((k) => (
              <option key={k.label} value={k.label}>
                {k.label} ({k.count})
              </option>
            ))}
            {kind && !kinds.some((k) => k.label === kind) ? <option value={kind}>{kind} (0)</option> : null}
          </select>
        </div>
        <div className="govuk-form-group govuk-!-margin-bottom-3">
          <label className="govuk-label govuk-label--s" htmlFor="sort">Order</label>
          <select className="govuk-select" id="sort" name="sort" defaultValue={sort}>
            {Object.entries(FOLLOW_UP_SORTS).map(([value, text]) => (
              <option key={value} value={value}>{text}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">Show follow-ups</button>
      </Form>
      {kind ? (
        <p className="govuk-body">
          Showing only “{kind}”. <Link className="govuk-link" to={sort === "due-asc" ? "/caseload" : `/caseload?sort=${sort}`}>Show every kind</Link>
        </p>
      ) : null}
      {lists.map((list) => (
        <FollowUpTable key={list.window} list={list} />
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
