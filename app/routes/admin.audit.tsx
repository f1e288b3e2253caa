import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { recordAudit } from "~/models/audit.server";
import { AUDIT_PAGE_SIZE, readAuditLog } from "~/models/audit-log.server";

// Filters come from the query string; anything malformed is ignored rather than failing the page.
const FilterSchema = z.object({
  action: z.string().trim().max(60).optional().catch(undefined),
  actor: z.string().trim().max(254).optional().catch(undefined),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export const meta: MetaFunction = () => [{ title: "Audit log – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filter = FilterSchema.parse(params);
  const from = filter.from ? new Date(`${filter.from}T00:00:00Z`) : undefined;
  const to = filter.to ? new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000) : undefined;
  const log = await readAuditLog(admin.organisationId, { action: filter.action, actor: filter.actor, from, to, page: filter.page });
  await recordAudit({ action: "view", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "audit_log", detail: { ...filter } });
  return {
    filter,
    total: log.total,
    actions: log.actions,
    pages: Math.max(1, Math.ceil(log.total / AUDIT_PAGE_SIZE)),
    events: log.events.map((e) => ({
      id: e.id,
      when: e.createdAt.toISOString().replace("T", " ").slice(0, 19),
      who: e.who ?? "—",
      action: e.action,
      record: e.record,
      from: e.ipAddress ?? "—",
    })),
  };
}

export default function AuditLog() {
  const { filter, total, actions, pages, events } = useLoaderData<typeof loader>();
  const pageLink = (page: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...filter, page })) if (value) params.set(key, String(value));
    return `?${params}`;
  };
  return (
    <>
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">
        Every sign-in, refusal, record view, aggregate view, export and change. Times are UTC. Nobody can change or
        delete an entry. A line about a case shows only that a case record was opened or changed, never whose: which
        person or record it was is kept for an investigation by the data protection officer and is not shown here.
      </p>
      <Form method="get" className="govuk-!-margin-bottom-6">
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="filter-action">Action</label>
          <select className="govuk-select" id="filter-action" name="action" defaultValue={filter.action ?? ""}>
            <option value="">Any action</option>
            {actions.map((action) => (
              <option key={action} value={action}>{action}</option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="filter-actor">User’s email address contains</label>
          <input className="govuk-input govuk-input--width-20" id="filter-actor" name="actor" type="text" defaultValue={filter.actor ?? ""} />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="filter-from">From date</label>
          <input className="govuk-input govuk-input--width-10" id="filter-from" name="from" type="date" defaultValue={filter.from ?? ""} />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="filter-to">To date (included)</label>
          <input className="govuk-input govuk-input--width-10" id="filter-to" name="to" type="date" defaultValue={filter.to ?? ""} />
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">Filter</button>
      </Form>
      <table className="govuk-table app-table--stack">
        <caption className="govuk-table__caption govuk-table__caption--s">
          {total} {total === 1 ? "entry" : "entries"}, newest first
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">When (UTC)</th>
            <th scope="col" className="govuk-table__header">Who</th>
            <th scope="col" className="govuk-table__header">What</th>
            <th scope="col" className="govuk-table__header">Which record</th>
            <th scope="col" className="govuk-table__header">From</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {events.map((event) => (
            <tr className="govuk-table__row" key={event.id}>
              <td className="govuk-table__cell" data-label="When (UTC)">{event.when}</td>
              <td className="govuk-table__cell app-break-anywhere" data-label="Who">{event.who}</td>
              <td className="govuk-table__cell" data-label="What">{event.action}</td>
              <td className="govuk-table__cell app-break-anywhere" data-label="Which record">{event.record}</td>
              <td className="govuk-table__cell" data-label="From">{event.from}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 ? (
        <nav className="govuk-pagination" aria-label="Pages of the audit log">
          {filter.page > 1 ? (
            <div className="govuk-pagination__prev">
              <Link className="govuk-link govuk-pagination__link" to={pageLink(filter.page - 1)} rel="prev">
                <span className="govuk-pagination__link-title">Newer</span>
              </Link>
            </div>
          ) : null}
          <p className="govuk-body govuk-!-margin-bottom-0">Page {filter.page} of {pages}</p>
          {filter.page < pages ? (
            <div className="govuk-pagination__next">
              <Link className="govuk-link govuk-pagination__link" to={pageLink(filter.page + 1)} rel="next">
                <span className="govuk-pagination__link-title">Older</span>
              </Link>
            </div>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
