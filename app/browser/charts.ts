// Draws the charts of the pages with figures (the dashboard, an initiative's evaluation). Those
// pages are not hydrated by React: they are complete as HTML, the tables being the figures, so the
// browser needs only Chart.js and this, not the framework. Built on its own (vite.charts.config.ts)
// into public/charts/.
import { BarController, BarElement, CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from "chart.js";
import type { ChartData } from "~/components/trend-chart";

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#5694ca", "#912b88", "#85994b", "#6f72af", "#b58840"];

function enhance(figure: HTMLElement) {
  const canvas = figure.querySelector("canvas");
  const frame = figure.querySelector<HTMLElement>(".trend-chart__canvas");
  const table = figure.querySelector<HTMLElement>(".trend-chart__table");
  if (!canvas || !frame || !table || !figure.dataset.chart) return;
  const { kind, labels, series } = JSON.parse(figure.dataset.chart) as ChartData;
  const chart = new Chart(canvas, {
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
  frame.hidden = false;
  // What the chart draws, for checking against the table.
  canvas.dataset.plotted = JSON.stringify(chart.data.datasets.map((d) => d.data));

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
