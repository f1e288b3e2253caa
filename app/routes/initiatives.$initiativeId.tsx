import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { longDay } from "~/domain/publication";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireAnyRole } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/forms";
import { SummaryList } from "~/components/summary-list";
import { TrendChart, WITHHELD_EXPLANATION_ID } from "~/components/trend-chart";
import { OUTCOME_MEASURES, optionsOf } from "~/domain/vocabulary";
import { recordAudit } from "~/models/audit.server";
import { loadEvaluation } from "~/models/evaluation.server";
import { monthLabel } from "~/utils/time";
import { loadAsDocument, type RouteHandle } from "~/utils/route-handle";

export const handle: RouteHandle = { drawsCharts: true };
export const clientLoader = loadAsDocument;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Evaluation: ${data?.summary.name ?? "initiative"} – Debrief` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAnyRole(request, ["manager", "researcher"]);
  const evaluation = await loadEvaluation(request, user, params.initiativeId ?? "");
  await recordAudit({
    action: "view",
    request,
    organisationId: user.organisationId,
    actorUserId: user.id,
    entityType: "initiative_evaluation",
    entityId: evaluation.summary.id,
    detail: { ...evaluation.filters },
  });
  return evaluation;
}

const figure = (value: number | null | undefined, places = 1) => (value === null || value === undefined ? "–" : value.toFixed(places));
type Interval = { estimate: number; low: number; high: number } | null;
const withInterval = (value: Interval) => (value ? `${figure(value.estimate)} (${figure(value.low)} to ${figure(value.high)})` : "–");

export default function Evaluation() {
  const { k, summary, filters, errors, typed, comparisonOptions, notices, window, result, reason } = useLoaderData<typeof loader>();
  const errorList = Object.entries(errors) as ["before" | "after", string][];
  const measureLabel = OUTCOME_MEASURES[filters.measure];
  return (
    <div className="evaluation">
      <Link className="govuk-back-link" to="/initiatives">All initiatives</Link>
      <ErrorSummary title="There is a problem with the window" fieldErrors={errorList.map(([fieldId, message]) => ({ fieldId, message }))}>
        <p className="govuk-body">The figures below use 12 months instead.</p>
      </ErrorSummary>
      <span className="govuk-caption-l">Evaluation</span>
      <h1 className="govuk-heading-l">{summary.name}</h1>
      {summary.description ? <p className="govuk-body">{summary.description}</p> : null}
      <SummaryList
        rows={[
          { key: "Started", value: summary.started },
          { key: "Ended", value: summary.ended ?? "Still running" },
          { key: "Partner agencies", value: summary.partners.join(", ") || "None recorded" },
          { key: "Covered teams in this evaluation", value: summary.covered.join(", ") || "None" },
          { key: "Outcomes watched", value: summary.watched.join(", ") || "None chosen" },
        ]}
      />
      {summary.coveredNotShown.outsideScope > 0 || summary.coveredNotShown.merged.length > 0 ? (
        <p className="govuk-body">
          {summary.coveredNotShown.outsideScope > 0
            ? `${summary.coveredNotShown.outsideScope} covered team${summary.coveredNotShown.outsideScope === 1 ? " is" : "s are"} outside your remit and not included. `
            : ""}
          {summary.coveredNotShown.merged.length > 0
            ? `${summary.coveredNotShown.merged.join(", ")} ${summary.coveredNotShown.merged.length === 1 ? "has" : "have"} fewer than ${k} people with records and ${summary.coveredNotShown.merged.length === 1 ? "is" : "are"} not included on ${summary.coveredNotShown.merged.length === 1 ? "its" : "their"} own.`
            : ""}
        </p>
      ) : null}

      <Form method="get" className="app-filters" aria-labelledby="choices-heading">
        <h2 className="govuk-heading-m" id="choices-heading">
          What to compare
        </h2>
        <input type="hidden" name="compared" value="1" />
        <div className="govuk-grid-row">
          {(["before", "after"] as const).map((side) => (
            <div className="govuk-grid-column-one-quarter" key={side}>
              <div className={`govuk-form-group${errors[side] ? " govuk-form-group--error" : ""}`}>
                <label className="govuk-label" htmlFor={side}>
                  Months {side} the start
                </label>
                {errors[side] ? (
                  <p id={`${side}-error`} className="govuk-error-message">
                    <span className="govuk-visually-hidden">Error:</span> {errors[side]}
                  </p>
                ) : null}
                <input
                  className={`govuk-input govuk-input--width-3${errors[side] ? " govuk-input--error" : ""}`}
                  id={side}
                  name={side}
                  inputMode="numeric"
                  defaultValue={typed[side] || String(filters[side])}
                  aria-describedby={errors[side] ? `${side}-error` : undefined}
                />
              </div>
            </div>
          ))}
          <div className="govuk-grid-column-one-half">
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor="measure">
                Outcome for the verdict and the time series
              </label>
              <select className="govuk-select" id="measure" name="measure" defaultValue={filters.measure}>
                {optionsOf(OUTCOME_MEASURES).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </div>
        <div className="govuk-form-group">
          <fieldset className="govuk-fieldset" aria-describedby="compare-hint">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Comparison teams</legend>
            <div id="compare-hint" className="govuk-hint">
              Teams not covered by the initiative. At first, the teams of the same services are chosen.
            </div>
            {comparisonOptions.length === 0 ? <p className="govuk-body">There are no teams to compare with.</p> : null}
            <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
              {comparisonOptions.map((team) => (
                <div className="govuk-checkboxes__item" key={team.id}>
                  <input className="govuk-checkboxes__input" id={`compare-${team.id}`} name="compare" type="checkbox" value={team.id} defaultChecked={filters.compare.includes(team.id)} />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor={`compare-${team.id}`}>
                    {team.name} ({team.service})
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">
          Update evaluation
        </button>
      </Form>
      {notices.map((notice) => (
        <div className="govuk-inset-text" role="status" key={notice}>
          {notice}
        </div>
      ))}

      {reason === "no-covered-teams" ? (
        <p className="govuk-body">None of the teams this initiative covers can be shown to you on its own, so there is nothing to evaluate here.</p>
      ) : null}
      {reason === "too-recent" ? <p className="govuk-body">The initiative started too recently: there is no whole month after the start yet.</p> : null}

      {result ? (
        <>
          <div className="govuk-panel app-verdict" aria-labelledby="verdict-heading">
            <h2 className="govuk-heading-m" id="verdict-heading">
              What the data says about {measureLabel.toLowerCase()}
            </h2>
            <p className="govuk-body-l" data-testid="verdict">
              {result.verdict.headline}
            </p>
            <p className="govuk-body">
              {window.before.length} months before the start ({monthLabel(window.before[0]!)} to {monthLabel(window.before.at(-1)!)}) and {window.after.length} after (
              {monthLabel(window.after[0]!)} to {monthLabel(window.after.at(-1)!)}).{" "}
              {result.hasComparison ? "Compared with the comparison teams over the same months." : "No comparison teams are chosen."}
              {result.published ? ` From the monthly figures published ${result.published.first === result.published.last ? `on ${longDay(result.published.first)}` : `between ${longDay(result.published.first)} and ${longDay(result.published.last)}`}, which are not changed afterwards.` : ""}
            </p>
            <h3 className="govuk-heading-s">Keep in mind</h3>
            <ul className="govuk-list govuk-list--bullet">
              {result.verdict.caveats.map((caveat) => (
                <li key={caveat}>{caveat}</li>
              ))}
            </ul>
          </div>

          <h2 className="govuk-heading-m">Before and after</h2>
          {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must be reachable by keyboard */}
          <div className="app-table-scroll" role="region" aria-label="Before and after, scrolls sideways" tabIndex={0}>
            <table className="govuk-table" data-testid="before-after">
              <caption className="govuk-table__caption govuk-table__caption--s">
                Covered teams before and after the start, the change with its 95% confidence interval, the same for the comparison teams, and the
                difference between the two changes. Shares are percentages; changes in shares are percentage points.
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Outcome</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Covered, before</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Covered, after</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Change (95% CI)</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Comparison change (95% CI)</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Difference in differences (95% CI)</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Smallest detectable change</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {result.rows.map((row) => (
                  <tr className="govuk-table__row" key={row.measure}>
                    <th scope="row" className="govuk-table__header">
                      {row.label}
                      {row.tooMuchWithheld ? <span className="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular">Too many months withheld to estimate without bias</span> : null}
                    </th>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{figure(row.coveredBefore)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{figure(row.coveredAfter)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{withInterval(row.coveredChange)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{withInterval(row.comparisonChange)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{withInterval(row.differenceInDifferences)}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{figure(row.minimumDetectable)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="govuk-body-s">
            The smallest detectable change is the true change this data would find 8 times in 10 at the 5% level. A dash means there are too few
            figures. Medians use the method of Price and Bonett; the difference in differences is not given for medians.
          </p>

          <h2 className="govuk-heading-m">Month by month in the covered teams</h2>
          <TrendChart
            title={measureLabel}
            description={`Each month's figure in the covered teams, the fitted lines of an interrupted time series, and the line expected had nothing changed. The initiative started in ${monthLabel(window.after[0]!)}.`}
            labels={result.timeSeries.months.map((m, i) => `${monthLabel(m)}${i === result.timeSeries.startIndex ? " (start)" : ""}`)}
            series={[
              { label: "Observed", data: result.timeSeries.observed },
              ...(result.timeSeries.fitted ? [{ label: "Fitted", data: result.timeSeries.fitted }] : []),
              ...(result.timeSeries.expected ? [{ label: "Expected without the initiative", data: result.timeSeries.expected }] : []),
            ]}
            yTitle={measureLabel}
          />
          {result.timeSeries.model ? (
            // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must be reachable by keyboard
            <div className="app-table-scroll" role="region" aria-label="Segmented regression, scrolls sideways" tabIndex={0}>
              <table className="govuk-table" data-testid="time-series-model">
                <caption className="govuk-table__caption govuk-table__caption--s">
                  Segmented regression on {result.timeSeries.model.points} monthly figures ({result.timeSeries.model.residualDf} degrees of freedom)
                </caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Term</th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">Estimate</th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">95% CI</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {(
                    [
                      ["Trend before the start, per month", result.timeSeries.model.slopeBefore],
                      ["Change in level at the start", result.timeSeries.model.levelChange],
                      ["Change in trend after the start, per month", result.timeSeries.model.slopeChange],
                    ] as const
                  ).map(([label, value]) => (
                    <tr className="govuk-table__row" key={label}>
                      <th scope="row" className="govuk-table__header">{label}</th>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{figure(value?.estimate, 2)}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">
                        {value ? `${figure(value.low, 2)} to ${figure(value.high, 2)}` : "–"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="govuk-body">
              There is no time series: it needs at least three months on each side of the start, and a figure for at least 8 months in 10 of the
              window, as months missing for privacy would bias it.
            </p>
          )}

          <h2 className="govuk-heading-m">How people are protected</h2>
          <p className="govuk-body" data-testid="privacy-note" id={WITHHELD_EXPLANATION_ID}>
            Every figure is built from the monthly team figures of the team-trends page. A team is left out of a month when its figure for that
            month rests on fewer than {k} people and is withheld there: {result.withheldTeamMonths.covered} of {result.teamMonths.covered} team-months
            of the covered teams
            {result.hasComparison ? ` and ${result.withheldTeamMonths.comparison} of ${result.teamMonths.comparison} of the comparison teams` : ""} are left out
            for at least one outcome. Busy months are therefore weighted more than quiet ones. Medians are shown only when at least {k} people stand
            behind them. Teams with fewer than {k} people are never compared on their own.
          </p>
        </>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
