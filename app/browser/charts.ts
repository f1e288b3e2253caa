// Draws the charts of the pages with figures (the dashboard, an initiative's evaluation). Those
// pages are not hydrated by React: they are complete as HTML, the tables being the figures, so the
// browser needs only Chart.js and this, not the framework. Built on its own (vite.charts.config.ts)
// into public/charts/.
import { BarController, BarElement, CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip, type ChartDataset } from "chart.js";
import type { ChartData } from "~/components/trend-chart";

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

// Okabe and Ito's palette, told apart with any colour vision; charts keep to about five series.
const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

function enhance(figure: HTMLElement) {
  const canvas = figure.querySelector("canvas");
  const frame = figure.querySelector<HTMLElement>(".trend-chart__canvas");
  const table = figure.querySelector<HTMLElement>(".trend-chart__table");
  if (!canvas || !frame || !table || !figure.dataset.chart) return;
  const { kind, labels, series, yTitle, interval } = JSON.parse(figure.dataset.chart) as ChartData;
  const datasets: ChartDataset<"line" | "bar", (number | [number, number] | null)[]>[] = series.map((s, index) => ({
    label: s.label,
    data: s.data,
    borderColor: COLOURS[index % COLOURS.length],
    backgroundColor: COLOURS[index % COLOURS.length],
    spanGaps: false,
  }));
  if (interval) {
    // Drawn as a narrow bar from the low end to the high end, over the series' bar.
    datasets.push({ type: "bar", label: interval.label, data: interval.data, backgroundColor: "#505a5f", barPercentage: 0.15, grouped: false, order: -1 });
  }
  const chart = new Chart(canvas, {
    type: kind,
    data: { labels, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, title: { display: true, text: yTitle } } },
    },
  });
  frame.hidden = false;
  // What the chart draws, for checking against the table.
  canvas.dataset.plotted = JSON.stringify(chart.data.datasets.slice(0, series.length).map((d) => d.data));

  // With the chart drawn, the table sits behind a button.
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "govuk-button govuk-button--secondary trend-chart__toggle";
  toggle.setAttribute("aria-controls", table.id);
  const show = (open: boolean) => {
    toggle.textContent = open ? "Hide table" : "Show as table";
    toggle.setAttribute("aria-expanded", String(open));
    table.dataset.open = String(open);
  };
  toggle.addEventListener("click", () => show(table.dataset.open !== "true"));
  show(false);
  table.before(toggle);
}

document.querySelectorAll<HTMLElement>("figure.trend-chart").forEach(enhance);

// These pages are not run by React, so the error summary is focused here, as on every other page.
document.querySelector<HTMLElement>(".govuk-error-summary")?.focus();
