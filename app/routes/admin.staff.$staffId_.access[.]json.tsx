// The subject access copy as JSON (machine-readable, for the staff member to keep or move): the fixed
// copy taken at the confirmation, as are its dates.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireConfirmedAccessCopy } from "~/models/subject-access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { copy } = await requireConfirmedAccessCopy(request, params.staffId, "json");
  const fileName = `debrief-subject-access-${copy.staffMember.reference}.json`;
  return new Response(JSON.stringify({ exportedAt: copy.takenAt, ...copy }, null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName}"` },
  });
}
