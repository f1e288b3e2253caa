// The research export as CSV: monthly team-level aggregates, protected, audited.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { parseDashboardFilters } from "~/domain/dashboard-filters";
import { EXPORT_COLUMNS } from "~/domain/research-export";
import { recordAudit } from "~/models/audit.server";
import { ORGANISATION_AUDIENCE, publishedRange } from "~/models/publication.server";
import { researchExportRows } from "~/models/research-export.server";
import { toCsv } from "~/utils/csv.server";
import { monthKey } from "~/utils/time";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "researcher");
  const params = new URL(request.url).searchParams;
  const lastPublished = (await publishedRange(user.organisationId, ORGANISATION_AUDIENCE)).last;
  const { filters, errors } = parseDashboardFilters(params, monthKey(new Date(), user.organisation.timeZone), lastPublished ?? undefined);
  // A bad period goes back to the form, which shows what is wrong beside each field.
  if (Object.keys(errors).length > 0) {
    throw redirect(`/research?${new URLSearchParams({ from: params.get("from") ?? "", to: params.get("to") ?? "" })}#export`);
  }
  const rows = await researchExportRows(user.organisationId, user.organisation.anonymityThreshold, user.organisation.timeZone, filters.from, filters.to);
  await recordAudit({
    action: "download",
    request,
    organisationId: user.organisationId,
    actorUserId: user.id,
    entityType: "research_export",
    detail: { from: filters.from, to: filters.to, rows: rows.length, k: user.organisation.anonymityThreshold, format: "csv" },
  });
  return new Response(toCsv(rows, EXPORT_COLUMNS), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="debrief-research-${filters.from}-to-${filters.to}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
