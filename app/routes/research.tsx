import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ORGANISATION_AUDIENCE, publishedRange } from "~/models/publication.server";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { recordAudit } from "~/models/audit.server";
import { ErrorSummary } from "~/components/forms";
import { PeriodFields } from "~/components/period-fields";
import { SummaryList } from "~/components/summary-list";
import { monthIndex, monthOf, parseDashboardFilters } from "~/domain/dashboard-filters";
import { lastPublishableMonth, longDay, publicationDay } from "~/domain/publication";
import { listInitiatives } from "~/models/initiative.server";
import { formatDate, monthKey, monthLabel } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Research – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "researcher");
  await recordAudit({ action: "view", request, organisationId: user.organisationId, actorUserId: user.id, entityType: "initiative_list" });
  const timeZone = user.organisation.timeZone;
  const initiatives = await listInitiatives(user.organisationId);
  // The export's period: errors come back here from the download when it was not valid.
  // By default the twelve months up to the latest one published.
  const lastPublished = (await publishedRange(user.organisationId, ORGANISATION_AUDIENCE)).last;
  const period = parseDashboardFilters(new URL(request.url).searchParams, monthKey(new Date(), timeZone), lastPublished ?? undefined);
  const delayDays = user.organisation.publicationDelayDays;
  const nextMonth = monthOf(monthIndex(lastPublishableMonth(new Date(), timeZone, delayDays)) + 1);
  return {
    k: user.organisation.anonymityThreshold,
    delayDays,
    latestPublished: lastPublished,
    next: { month: nextMonth, on: publicationDay(nextMonth, delayDays) },
    period: { chosen: { from: period.filters.from, to: period.filters.to }, errors: period.errors, typed: period.typed },
    initiatives: initiatives.map((initiative) => ({
      id: initiative.id,
      name: initiative.name,
      description: initiative.description,
      start: formatDate(initiative.startDate, timeZone),
      end: initiative.endDate ? formatDate(initiative.endDate, timeZone) : null,
      teams: initiative._count.teams,
    })),
  };
}

export default function Research() {
  const { initiatives, k, period, delayDays, latestPublished, next } = useLoaderData<typeof loader>();
  const errorList = Object.entries(period.errors) as ["from" | "to", string][];
  return (
    <>
      <ErrorSummary title="There is a problem with the export period" fieldErrors={errorList.map(([fieldId, message]) => ({ fieldId, message }))} />
      <h1 className="govuk-heading-l">Research</h1>
      <p className="govuk-body">
        Information-sharing initiatives registered by your organisation. Open one to see whether staff in the teams it covers now carry less
        stress: before and after, against comparison teams, as a time series. See also the <Link className="govuk-link" to="/initiatives">whole register</Link>.
      </p>
      <h2 className="govuk-heading-m">Initiatives</h2>
      {initiatives.length === 0 ? <p className="govuk-body">No initiatives are registered yet.</p> : null}
      {initiatives.map((initiative) => (
        <section key={initiative.id} aria-labelledby={`initiative-${initiative.id}`}>
          <h3 className="govuk-heading-s" id={`initiative-${initiative.id}`}>
            <Link className="govuk-link" to={`/initiatives/${initiative.id}`}>
              {initiative.name}
            </Link>
          </h3>
          <p className="govuk-body">{initiative.description}</p>
          <SummaryList
            rows={[
              { key: "Started", value: initiative.start },
              { key: "Ended", value: initiative.end ?? "Still running" },
              { key: "Teams covered", value: initiative.teams },
            ]}
          />
        </section>
      ))}

      <section aria-labelledby="export">
        <h2 className="govuk-heading-m" id="export">
          Research export
        </h2>
        <p className="govuk-body">
          Monthly figures for the organisation, each service and each team large enough to be shown on its own, as a CSV file for analysis elsewhere. It
          holds no staff reference, free text or date finer than a month. A figure from fewer than {k} people, or that would reveal one, is withheld;
          counts from 1 to 7 are shown as <code>*</code> and others are rounded to the nearest 5 (the NHS small-number rule). Each download is recorded in
          the audit log. A month’s figures are published {delayDays === 1 ? "1 day" : `${delayDays} days`} after it ends and are not changed afterwards;
          months not published yet have no rows, and the <code>published</code> column gives the day each month was.{" "}
          {`The latest month published is ${latestPublished ? monthLabel(latestPublished) : "none yet"}; ${monthLabel(next.month)} is published on ${longDay(next.on)}.`}
        </p>
        <Form method="get" action="/research/export.csv" reloadDocument>
          <PeriodFields errors={period.errors} typed={period.typed} chosen={period.chosen} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button">
              Download the export (CSV)
            </button>
            {/* The same form's fields, so the dictionary states the period chosen in it, with or without JavaScript. */}
            <button type="submit" formAction="/research/data-dictionary.md" className="govuk-button govuk-button--secondary">
              Download the data dictionary (Markdown)
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
