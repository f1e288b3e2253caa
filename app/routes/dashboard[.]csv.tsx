// The dashboard's figures as CSV: exactly the series the page shows, withheld ones as "fewer than k",
// each with the day its month was published.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { recordAudit } from "~/models/audit.server";
import { dashboardRows, loadDashboard } from "~/models/dashboard.server";
import { toCsv } from "~/utils/csv.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "manager");
  const { data, filters, refused } = await loadDashboard(request, user);
  await recordAudit({
    action: "download",
    request,
    organisationId: user.organisationId,
    actorUserId: user.id,
    entityType: "dashboard",
    detail: { ...filters, format: "csv", refused: refused || undefined },
  });
  const withheld = `fewer than ${data.k}`;
  const csv = toCsv(
    dashboardRows(data).map((row) => ({ ...row, value: row.value === null ? withheld : row.value })),
    ["section", "measure", "focus", "period", "value", "published"],
  );
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="debrief-trends-${filters.from}-to-${filters.to}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
