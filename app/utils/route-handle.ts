import type { ClientLoaderFunctionArgs } from "@remix-run/react";

/**
 * What a route module may say about its page in `export const handle`. A page that `drawsCharts`
 * is served as HTML only, without React in the browser: it loads the chart script instead
 * (app/browser/charts.ts), which keeps the download of the heaviest pages small. Such a page must
 * need nothing from the framework in the browser: plain forms and links.
 */
export type RouteHandle = { drawsCharts?: true };

/** Where the chart script is served (built into public/charts/ with the app). */
export const CHART_SCRIPT_PATH = "/charts/charts.js";

/**
 * The `clientLoader` of a page that draws charts. Reached by a navigation inside the app (a link
 * or a form of a page React runs), the page is loaded as a whole document instead, so its own
 * script runs. Its server loader then runs once, for that document.
 */
export function loadAsDocument({ request }: ClientLoaderFunctionArgs): Promise<never> {
  window.location.assign(request.url);
  return new Promise<never>(() => {});
}

export function drawsCharts(handles: unknown[]) {
  return handles.some((handle) => (handle as RouteHandle | undefined)?.drawsCharts === true);
}
