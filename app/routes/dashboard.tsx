import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { requireRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/forms";
import { PeriodFields } from "~/components/period-fields";
import { TrendChart, WITHHELD_EXPLANATION_ID, type ChartSeries } from "~/components/trend-chart";
import { INFORMATION_REACHED } from "~/domain/vocabulary";
import { recordAudit } from "~/models/audit.server";
import { loadDashboard } from "~/models/dashboard.server";
import { longDay } from "~/domain/publication";
import { monthLabel } from "~/utils/time";
import { loadAsDocument, type RouteHandle } from "~/utils/route-handle";

export const handle: RouteHandle = { drawsCharts: true };
export const clientLoader = loadAsDocument;

export const meta: MetaFunction = () => [{ title: "Team trends – Debrief" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const view = await loadDashboard(request, user);
  await recordAudit({
    action: "view",
    request,
    organisationId: user.organisationId,
    actorUserId: user.id,
    entityType: "dashboard",
    detail: { ...view.filters, refused: view.refused || undefined },
  });
  return { ...view, organisationName: user.organisation.name };
}

export default function Dashboard() {
  const { data, filters, errors, typed, refused, organisationName } = useLoaderData<typeof loader>();
  const { k } = data;
  const labels = data.months.map(monthLabel);
  const query = new URLSearchParams(filters).toString();
  const errorList = Object.entries(errors) as ["from" | "to", string][];
  const chart = (title: string, description: string, yTitle: string, series: ChartSeries[], kind: "line" | "bar" = "line", tableOnly: ChartSeries[] = []) => (
    <TrendChart title={title} description={description} labels={labels} series={series} yTitle={yTitle} kind={kind} tableOnly={tableOnly} />
  );
  const byType = mainTypesAndOther(data.exposures.count, data.exposures.byType.map((t) => ({ label: t.label, data: t.counts })));

  return (
    <div className="dashboard">
      <ErrorSummary title="There is a problem with the period" fieldErrors={errorList.map(([fieldId, message]) => ({ fieldId, message }))}>
        <p className="govuk-body">The figures below are for the last twelve published months.</p>
      </ErrorSummary>
      {refused ? (
        <div className="govuk-inset-text" role="status">
          That choice is not available: it would describe fewer than {k} people, or differ from a group you can already see by fewer than {k}. The figures below
          are for your whole remit.
        </div>
      ) : null}

      <span className="govuk-caption-l">{organisationName}</span>
      <h1 className="govuk-heading-l">Team trends</h1>
      <p className="govuk-body dashboard__period">
        <strong>{data.focus.label}</strong>, {monthLabel(filters.from)} to {monthLabel(filters.to)}.
      </p>
      <p className="govuk-body" id={WITHHELD_EXPLANATION_ID}>
        Anonymised figures for the teams in your remit. A figure drawn from fewer than {k} people is never shown, and neither is any figure that would let one
        be worked out from the others (such as a total less its other parts): these figures are withheld, shown as gaps in the charts and as “withheld” in
        the tables.
        {data.mergedTeams.length > 0 ? ` Teams too small to show on their own are counted only within their service: ${data.mergedTeams.join(", ")}.` : ""}
      </p>
      <Publication months={data.months} publishedOn={data.publishedOn} pending={data.pending} due={data.due} next={data.next} delayDays={data.delayDays} />

      <Form method="get" className="dashboard__filters" noValidate>
        <h2 className="govuk-heading-m">Choose what to see</h2>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="focus">
            Teams, incident type or partner agency
          </label>
          <select className="govuk-select" id="focus" name="focus" defaultValue={filters.focus}>
            {data.options.map((option) => (
              <option key={option.node} value={option.node}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <PeriodFields errors={errors} typed={typed} chosen={filters} />
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button">
            Show figures
          </button>
          <a className="govuk-link" href={`/dashboard.csv?${query}`} download>
            Download these figures (CSV)
          </a>
        </div>
      </Form>

      {data.months.length === 0 ? null : (
        <>
          <Panel id="exposures" title="1. Exposures" shown>
            {chart("Exposures per month", "Exposures logged in each month.", "Exposures", [{ label: "Exposures", data: data.exposures.count }])}
            {chart(
              "Exposures per 100 staff",
              "Exposures per 100 staff in the teams: each team's headcount for the month, or the latest one given before it. No rate is given for a month in which a team has no headcount yet.",
              "Exposures per 100 staff",
              [{ label: "Per 100 staff", data: data.exposures.per100 }],
            )}
            {byType.drawn.length > 0
              ? chart(
                  "Exposures by incident type",
                  `Exposures per month across the whole remit: the ${byType.drawn.length - 1} most frequent incident types, and all others together; the table gives every type.`,
                  "Exposures",
                  byType.drawn,
                  "bar",
                  byType.rest,
                )
              : null}
          </Panel>

          <Panel id="coverage" title="2. Debrief coverage" shown={data.brokenDown}>
            {chart(
              "Support within 72 hours, and follow-ups on time",
              "Share of exposures with a support contact within 72 hours; share of exposures whose due follow-ups were all done on time.",
              "Share of exposures (%)",
              [
                { label: "Contact within 72 hours (%)", data: data.coverage.within72Share, unit: "%" },
                { label: "Follow-ups on time (%)", data: data.coverage.followUpsOnTimeShare, unit: "%" },
              ],
            )}
            {chart("Time to first support contact", "Median hours from the exposure to the first support contact, for exposures that had one.", "Hours (median)", [
              { label: "Median hours", data: data.coverage.medianHoursToContact },
            ])}
          </Panel>

          <Panel id="distress" title="3. Distress" shown={data.brokenDown}>
            {chart("Distress score (0–10)", "Median distress at the first support contact and at the 28-day review.", "Distress, 0 to 10 (median)", [
              { label: "Median at first contact", data: data.distress.firstMedian },
              { label: "Median at 28-day review", data: data.distress.reviewMedian },
            ])}
            {chart("High distress (7 or more)", "Share of recorded scores of 7 or more, at the first contact and at the 28-day review.", "Share of scores (%)", [
              { label: "At first contact (%)", data: data.distress.firstHighShare, unit: "%" },
              { label: "At 28-day review (%)", data: data.distress.reviewHighShare, unit: "%" },
            ])}
          </Panel>

          <Panel id="information" title="4. Information sharing" shown={data.brokenDown}>
            {chart(
              "Information from partner agencies reached staff",
              "Share of exposures where the information needed fully or mostly reached the member of staff (rated 4 or 5).",
              "Share of exposures (%)",
              [{ label: "Fully or mostly (%)", data: data.information.reachedShare, unit: "%" }],
            )}
            {chart(
              "Barriers reported",
              "Exposures where at least one barrier to information sharing was reported.",
              "Exposures",
              [{ label: "Exposures with a barrier", data: data.information.barriers }],
              "bar",
            )}
            <TrendChart
              title="Distress by whether information reached staff"
              description="Mean distress at the first contact for each rating over the months shown, with its 95% confidence interval. Only months whose figures are shown are pooled."
              labels={data.information.distressByRating.map((r) => INFORMATION_REACHED[r.rating as keyof typeof INFORMATION_REACHED])}
              rowHeader="Information reached"
              kind="bar"
              yTitle="Distress, 0 to 10 (mean)"
              series={[{ label: "Mean distress", data: data.information.distressByRating.map((r) => r.interval?.mean ?? null) }]}
              interval={{
                label: "95% CI",
                low: data.information.distressByRating.map((r) => r.interval?.low ?? null),
                high: data.information.distressByRating.map((r) => r.interval?.high ?? null),
              }}
              tableOnly={[{ label: "Exposures", data: data.information.distressByRating.map((r) => r.interval?.count ?? null) }]}
            />
          </Panel>

          <Panel id="pulse" title="5. Team pulse" shown={data.brokenDown}>
            {data.pulse ? (
              chart("Well-being (WHO-5)", "Mean WHO-5 score (0–100) from the teams' anonymous check-ins, and the share below 50, a sign of low well-being.", "Score (0–100) or share (%)", [
                { label: "Mean WHO-5", data: data.pulse.meanWho5 },
                { label: "Below 50 (%)", data: data.pulse.belowHalfShare, unit: "%" },
              ])
            ) : (
              <p className="govuk-body">No team check-ins have been answered in this period.</p>
            )}
          </Panel>
        </>
      )}
    </div>
  );
}

/**
 * When the figures shown were published, and when the months not shown yet will be: a month is
 * published once it has ended and settled, and is not changed afterwards.
 */
function Publication({
  months,
  publishedOn,
  pending,
  due,
  next,
  delayDays,
}: {
  months: string[];
  publishedOn: (string | null)[];
  pending: { month: string; on: string }[];
  due: string[];
  next: { month: string; on: string };
  delayDays: number;
}) {
  const days = publishedOn.filter((day): day is string => day !== null).sort();
  const [first, last] = [days[0], days.at(-1)];
  const span = (list: string[]) => (list.length === 1 ? monthLabel(list[0]!) : `${monthLabel(list[0]!)} to ${monthLabel(list.at(-1)!)}`);
  return (
    <div className="govuk-inset-text">
      <p className="govuk-body">
        A month’s figures are published {delayDays === 1 ? "1 day" : `${delayDays} days`} after it ends, once late records are in, and are not changed
        afterwards: a record added later for a month already published does not appear in it, and comparing figures from different days can never
        single anyone out.
        {first && last
          ? first === last
            ? ` The figures shown were published on ${longDay(first)}.`
            : ` The figures shown were published between ${longDay(first)} and ${longDay(last)}.`
          : ""}
      </p>
      {months.length === 0 ? <p className="govuk-body">No figures for this period have been published yet.</p> : null}
      {due.length > 0 ? <p className="govuk-body">{span(due)}: due and being published; the figures appear within the hour.</p> : null}
      {pending.length > 0 ? (
        <p className="govuk-body">Not published yet: {pending.map(({ month, on }) => `${monthLabel(month)} (on ${longDay(on)})`).join("; ")}.</p>
      ) : (
        <p className="govuk-body">{`Next to be published: ${monthLabel(next.month)}, on ${longDay(next.on)}.`}</p>
      )}
    </div>
  );
}

/** Series drawn at most: more colours than this cannot be told apart. */
const MOST_TYPES_DRAWN = 4;

/**
 * The incident types drawn: the most frequent ones over the months shown, and all the others as one
 * series. "All other types" is the month's total less the types drawn, so it is given only where
 * each of those is shown: it is worked out from shown figures and reveals nothing they do not.
 */
function mainTypesAndOther(total: (number | null)[], types: ChartSeries[]) {
  if (types.length <= MOST_TYPES_DRAWN + 1) return { drawn: types, rest: [] };
  const sum = (data: (number | null)[]) => data.reduce<number>((acc, value) => acc + (value ?? 0), 0);
  const ranked = [...types].sort((a, b) => sum(b.data) - sum(a.data));
  const main = ranked.slice(0, MOST_TYPES_DRAWN);
  const rest = ranked.slice(MOST_TYPES_DRAWN);
  const other = total.map((value, i) => (value === null || main.some((t) => t.data[i] === null) ? null : value - main.reduce((acc, t) => acc + t.data[i]!, 0)));
  return { drawn: [...main, { label: "All other types", data: other }], rest };
}

/** One numbered section; for incident types and agencies only the exposures section has figures. */
function Panel({ id, title, shown, children }: { id: string; title: string; shown: boolean; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 className="govuk-heading-m" id={`${id}-heading`}>
        {title}
      </h2>
      {shown ? (
        children
      ) : (
        <p className="govuk-body">
          Incident types and partner agencies cut across teams, so for them only the number of exposures is shown: breaking them down further would let figures
          about a few people be pieced together. Choose the whole remit, a service or a team to see this section.
        </p>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
