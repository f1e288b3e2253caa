// The research export's data dictionary, for the period chosen.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { defaultPeriod, parseDashboardFilters } from "~/domain/dashboard-filters";
import { dataDictionary } from "~/domain/research-export";
import { monthKey } from "~/utils/time";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "researcher");
  const currentMonth = monthKey(new Date(), user.organisation.timeZone);
  const { filters, errors } = parseDashboardFilters(new URL(request.url).searchParams, currentMonth);
  const period = Object.keys(errors).length > 0 ? defaultPeriod(currentMonth) : filters;
  const text = dataDictionary({ organisation: user.organisation.name, k: user.organisation.anonymityThreshold, ...period });
  return new Response(text, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="debrief-research-data-dictionary.md"`,
      "Cache-Control": "no-store",
    },
  });
}
