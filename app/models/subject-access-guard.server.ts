import { requireRole } from "~/auth/session.server";
import { recordAudit } from "~/models/audit.server";
import { accessConfirmed, staffForRights, subjectAccessData } from "~/models/subject-access.server";

/**
 * The subject access copy, for an administrator, only once a supporter of the case confirmed the
 * latest request; each reading is audited.
 */
export async function requireConfirmedAccessCopy(request: Request, staffId: string | undefined, format: "html" | "json") {
  const admin = await requireRole(request, "admin");
  const staff = await staffForRights(admin.organisationId, staffId ?? "");
  if (!staff || staff.anonymisedAt) throw new Response("There is no staff member at this address.", { status: 404 });
  if (!(await accessConfirmed(admin.organisationId, staff.id))) {
    throw new Response("A supporter of this case has not confirmed a subject access request yet.", { status: 403 });
  }
  const copy = await subjectAccessData(admin.organisationId, staff.id);
  await recordAudit({ action: "subject_access.export", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "staff_member", entityId: staff.id, detail: { format } });
  return { admin, staffId: staff.id, copy };
}
