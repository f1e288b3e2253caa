// The import template: the documented header row and one example row.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { templateCsv } from "~/domain/import-template.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return new Response(`\uFEFF${templateCsv()}`, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="debrief-import-template.csv"' },
  });
}
