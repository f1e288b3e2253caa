import { useEffect, useId, useRef, useState } from "react";

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

const COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#5694ca", "#912b88", "#85994b", "#6f72af", "#b58840"];

/** Chart.js with only the parts these charts use, loaded in the browser only. */
async function loadChart() {
  const { Chart, LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip } = await import("chart.js");
  Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
  return Chart;
}

function withheldCount(series: ChartSeries[]) {
  return series.reduce((sum, s) => sum + s.data.filter((value) => value === null).length, 0);
}

/**
 * A chart with the same figures as a table. Without JavaScript (and in print) the table is the
 * content; with it, the chart is drawn and the table sits behind "Show as table".
 */
export function TrendChart({ title, description, labels, series, k, kind = "line", tableOnly = [], rowHeader = "Month" }: TrendChartProps) {
  const id = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [enhanced, setEnhanced] = useState(false);
  const [tableOpen, setTableOpen] = useState(false);
  const withheld = withheldCount(series);
  const fewer = `fewer than ${k}`;

  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void loadChart().then((Chart) => {
      if (cancelled || !canvas.current) return;
      const instance = new Chart(canvas.current, {
        type: kind,
        data: {
          labels,
          datasets: series.map((s, index) => ({
            label: s.label,
            data: s.data,
            borderColor: COLOURS[index % COLOURS.length],
            backgroundColor: COLOURS[index % COLOURS.length],
            spanGaps: false,
          })),
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
      });
      // What the chart draws, for checking against the table.
      canvas.current.dataset.plotted = JSON.stringify(instance.data.datasets.map((d) => d.data));
      chart = instance;
      setEnhanced(true);
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [kind, labels, series]);

  const tableId = `${id}-table`;
  return (
    <figure className="trend-chart" aria-labelledby={`${id}-title`}>
      <h3 className="govuk-heading-s" id={`${id}-title`}>
        {title}
      </h3>
      <p className="govuk-body-s">{description}</p>
      <div className="trend-chart__canvas" hidden={!enhanced} role="img" aria-label={`${title}: chart. The same figures are in the table.`}>
        <canvas ref={canvas} />
      </div>
      <p className="govuk-body-s trend-chart__note">
        {withheld === 0 ? "Nothing is withheld in this chart." : `${withheld} ${withheld === 1 ? "figure is" : "figures are"} withheld (${fewer} people, or to protect such a figure); shown as gaps.`}
      </p>
      {enhanced ? (
        <button type="button" className="govuk-button govuk-button--secondary trend-chart__toggle" aria-expanded={tableOpen} aria-controls={tableId} onClick={() => setTableOpen(!tableOpen)}>
          {tableOpen ? "Hide table" : "Show as table"}
        </button>
      ) : null}
      <div id={tableId} className="trend-chart__table" data-open={!enhanced || tableOpen}>
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
