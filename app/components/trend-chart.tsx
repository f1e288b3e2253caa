import { useId } from "react";

export type ChartSeries = { label: string; data: (number | null)[]; unit?: string };
/** A range drawn around a series' values (a 95% confidence interval), also given in the table. */
export type ChartInterval = { label: string; low: (number | null)[]; high: (number | null)[] };

type TrendChartProps = {
  title: string;
  /** what the figures are, shown under the title */
  description: string;
  /** row labels (months, or ratings) */
  labels: string[];
  series: ChartSeries[];
  kind?: "line" | "bar";
  /** optional extra columns for the table only (for example confidence intervals) */
  tableOnly?: ChartSeries[];
  /** heading of the table's first column */
  rowHeader?: string;
  /** the title of the chart's vertical axis, with its unit */
  yTitle: string;
  /** drawn as bars from low to high over the series (its figures are in the table) */
  interval?: ChartInterval;
};

/** What the browser script (app/browser/charts.ts) draws, carried on the figure. */
export type ChartData = {
  kind: "line" | "bar";
  labels: string[];
  series: { label: string; data: (number | null)[] }[];
  yTitle: string;
  interval?: { label: string; data: ([number, number] | null)[] };
};

/** Where the page says why a figure is withheld; every withheld cell links to it. */
export const WITHHELD_EXPLANATION_ID = "why-withheld";

function withheldCount(series: ChartSeries[]) {
  return series.reduce((sum, s) => sum + s.data.filter((value) => value === null).length, 0);
}

/**
 * One sentence on what the chart shows at its last row with a figure, visible beside the chart
 * whether or not it is drawn.
 */
export function chartSummary(labels: string[], series: ChartSeries[], byCategory = false) {
  const shown = (s: ChartSeries, i: number) => (s.data[i] === null ? "withheld" : `${s.data[i]}${s.unit ?? ""}`);
  // Categories (ratings) rather than months: the first series across all of them.
  if (byCategory && series[0]) return `${series[0].label}: ${labels.map((label, i) => `${label}, ${shown(series[0]!, i)}`).join("; ")}.`;
  const row = labels.findLastIndex((_, i) => series.some((s) => s.data[i] !== null && s.data[i] !== undefined));
  if (row < 0) return "Every figure in this chart is withheld.";
  const figures = series.map((s) => `${s.label.replace(/ \(%\)$/, "")} ${shown(s, row)}`);
  return `${labels[row]}: ${figures.join("; ")}.`;
}

/** A withheld figure in a table: the word, linked to why, whatever the column's unit. */
function Withheld() {
  return (
    <a className="govuk-link" href={`#${WITHHELD_EXPLANATION_ID}`}>
      withheld
    </a>
  );
}

/**
 * A chart with the same figures as a table. The page is complete without JavaScript (and in
 * print): the table is the content. On a page whose route handle says it draws charts, the chart
 * script draws the chart from the figure's data, then puts the table behind "Show as table". The
 * summary sentence and the note on withheld figures stay in view either way.
 */
export function TrendChart({ title, description, labels, series, kind = "line", tableOnly = [], rowHeader = "Month", yTitle, interval }: TrendChartProps) {
  const id = useId();
  const withheld = withheldCount(series);
  const chart: ChartData = {
    kind,
    labels,
    series: series.map(({ label, data }) => ({ label, data })),
    yTitle,
    ...(interval
      ? { interval: { label: interval.label, data: labels.map((_, i) => (interval.low[i] != null && interval.high[i] != null ? [interval.low[i]!, interval.high[i]!] : null)) } }
      : {}),
  };
  const columns = [...series, ...(interval ? [{ label: `${interval.label} from`, data: interval.low }, { label: `${interval.label} to`, data: interval.high }] : []), ...tableOnly];

  const tableId = `${id}-table`;
  return (
    <figure className="trend-chart" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`} data-chart={JSON.stringify(chart)}>
      <h3 className="govuk-heading-s" id={`${id}-title`}>
        {title}
      </h3>
      <p className="govuk-body-s">{description}</p>
      <p className="govuk-body-s" id={`${id}-summary`}>
        {chartSummary(labels, series, rowHeader !== "Month")}
      </p>
      <div className="trend-chart__canvas" hidden role="img" aria-label={`${title}: chart. The same figures are in the table.`}>
        <canvas />
      </div>
      <p className="govuk-body-s trend-chart__note">
        {withheld === 0 ? (
          "Nothing is withheld in this chart."
        ) : (
          <>
            {`${withheld} ${withheld === 1 ? "figure is" : "figures are"} withheld, shown as gaps in the chart: `}
            <a className="govuk-link" href={`#${WITHHELD_EXPLANATION_ID}`}>
              why figures are withheld
            </a>
            .
          </>
        )}
      </p>
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a table wider than a phone scrolls in its own box, reachable by keyboard */}
      <div id={tableId} className="trend-chart__table" data-open="true" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s" id={`${id}-caption`}>
            {title}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                {rowHeader}
              </th>
              {columns.map((s) => (
                <th scope="col" className="govuk-table__header govuk-table__header--numeric" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {labels.map((label, row) => (
              <tr className="govuk-table__row" key={label}>
                <th scope="row" className="govuk-table__header">
                  {label}
                </th>
                {columns.map((s) => (
                  <td className="govuk-table__cell govuk-table__cell--numeric" key={s.label} data-value={s.data[row] ?? ""}>
                    {s.data[row] === null ? <Withheld /> : `${s.data[row]}${"unit" in s && s.unit ? s.unit : ""}`}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
