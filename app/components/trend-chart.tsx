import { useId } from "react";

export type ChartSeries = { label: string; data: (number | null)[]; unit?: string };

type TrendChartProps = {
  title: string;
  /** what the figures are, shown under the title */
  description: string;
  /** row labels (months, or ratings) */
  labels: string[];
  series: ChartSeries[];
  k: number;
  kind?: "line" | "bar";
  /** optional extra columns for the table only (for example confidence intervals) */
  tableOnly?: ChartSeries[];
  /** heading of the table's first column */
  rowHeader?: string;
};

/** What the browser script (app/browser/charts.ts) draws, carried on the figure. */
export type ChartData = { kind: "line" | "bar"; labels: string[]; series: { label: string; data: (number | null)[] }[] };

function withheldCount(series: ChartSeries[]) {
  return series.reduce((sum, s) => sum + s.data.filter((value) => value === null).length, 0);
}

/**
 * A chart with the same figures as a table. The page is complete without JavaScript (and in
 * print): the table is the content. On a page whose route handle says it draws charts, the chart
 * script draws the chart from the figure's data, then puts the table behind "Show as table".
 */
export function TrendChart({ title, description, labels, series, k, kind = "line", tableOnly = [], rowHeader = "Month" }: TrendChartProps) {
  const id = useId();
  const withheld = withheldCount(series);
  const fewer = `fewer than ${k}`;
  const chart: ChartData = { kind, labels, series: series.map(({ label, data }) => ({ label, data })) };

  const tableId = `${id}-table`;
  return (
    <figure className="trend-chart" aria-labelledby={`${id}-title`} data-chart={JSON.stringify(chart)}>
      <h3 className="govuk-heading-s" id={`${id}-title`}>
        {title}
      </h3>
      <p className="govuk-body-s">{description}</p>
      <div className="trend-chart__canvas" hidden role="img" aria-label={`${title}: chart. The same figures are in the table.`}>
        <canvas />
      </div>
      <p className="govuk-body-s trend-chart__note">
        {withheld === 0 ? "Nothing is withheld in this chart." : `${withheld} ${withheld === 1 ? "figure is" : "figures are"} withheld (${fewer} people, or to protect such a figure); shown as gaps.`}
      </p>
      <div id={tableId} className="trend-chart__table" data-open="true">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">{title}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                {rowHeader}
              </th>
              {[...series, ...tableOnly].map((s) => (
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
                {[...series, ...tableOnly].map((s) => (
                  <td className="govuk-table__cell govuk-table__cell--numeric" key={s.label} data-value={s.data[row] ?? ""}>
                    {s.data[row] === null ? fewer : `${s.data[row]}${s.unit ?? ""}`}
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
