import { requireRole } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { auditWrite } from "~/models/audit.server";
import { CONTACT_DETAIL, EXPOSURE_DETAIL } from "~/models/staff.server";
import { decryptOptional } from "~/security/encryption.server";
import { requireReferences } from "~/models/references.server";

/** A staff member as the administrator's subject-rights page shows them: no notes, no name. */
export async function staffForRights(organisationId: string, staffMemberId: string) {
  const staff = await prisma.staffMember.findFirst({
    where: { id: staffMemberId, organisationId },
    select: {
      id: true,
      reference: true,
      anonymisedAt: true,
      createdAt: true,
      team: { select: { name: true } },
      _count: { select: { exposures: true, supportContacts: true, followUps: true } },
      accessRequests: { orderBy: { requestedAt: "desc" }, take: 1, select: { id: true, requestedAt: true, confirmedAt: true } },
    },
  });
  if (!staff) return null;
  const { accessRequests, ...rest } = staff;
  return { ...rest, accessRequest: accessRequests[0] ?? null };
}

export function findStaffByReference(organisationId: string, reference: string) {
  return prisma.staffMember.findUnique({
    where: { organisationId_reference: { organisationId, reference } },
    select: { id: true, reference: true, anonymisedAt: true, team: { select: { name: true } } },
  });
}

/** An administrator asks; the request waits for a supporter of the case to confirm it is the right person. */
export async function requestSubjectAccess(organisationId: string, staffMemberId: string, adminId: string, request: Request) {
  return prisma.$transaction(async (tx) => {
    const pending = await tx.subjectAccessRequest.findFirst({ where: { staffMemberId, confirmedAt: null }, select: { id: true } });
    if (pending) return pending;
    const created = await tx.subjectAccessRequest.create({ data: { organisationId, staffMemberId, requestedById: adminId }, select: { id: true } });
    await auditWrite({ action: "subject_access.request", organisationId, actorUserId: adminId, entityType: "staff_member", entityId: staffMemberId, request }, tx);
    return created;
  });
}

export async function confirmSubjectAccess(organisationId: string, staffMemberId: string, requestId: string, supporterId: string, request: Request) {
  await requireReferences({ organisationId, staffMemberId }, { accessRequests: [requestId] });
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.subjectAccessRequest.updateMany({
      where: { id: requestId, staffMemberId, organisationId, confirmedAt: null },
      data: { confirmedAt: new Date(), confirmedById: supporterId },
    });
    if (count === 1) {
      await auditWrite({ action: "subject_access.confirm", organisationId, actorUserId: supporterId, entityType: "staff_member", entityId: staffMemberId, request }, tx);
    }
    return count === 1;
  });
}

/**
 * The subject access copy, for an administrator, only once a supporter of the case confirmed the
 * latest request; each reading is audited.
 */
export async function requireConfirmedAccessCopy(request: Request, staffId: string | undefined, format: "html" | "json") {
  const admin = await requireRole(request, "admin");
  const staff = await staffForRights(admin.organisationId, staffId ?? "");
  if (!staff || staff.anonymisedAt) throw new Response("There is no staff member at this address.", { status: 404 });
  if (!staff.accessRequest?.confirmedAt) {
    throw new Response("A supporter of this case has not confirmed a subject access request yet.", { status: 403 });
  }
  const copy = await subjectAccessData(admin.organisationId, staff.id);
  await auditWrite({ action: "subject_access.export", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "staff_member", entityId: staff.id, detail: { format } });
  return { admin, staffId: staff.id, copy };
}

// A copy includes records deleted from view: they are still held.
const STORED_STATE = { createdAt: true, deletedAt: true, deletedReason: true } as const;

/**
 * Everything Debrief holds about one staff member (UK GDPR Article 15), including records that were
 * deleted from view but are still stored. Colleagues who recorded or changed them are not named.
 */
export async function subjectAccessData(organisationId: string, staffMemberId: string) {
  const staff = await prisma.staffMember.findFirstOrThrow({
    where: { id: staffMemberId, organisationId },
    select: {
      reference: true,
      displayNameEncrypted: true,
      createdAt: true,
      team: { select: { name: true, service: { select: { name: true } } } },
      exposures: { orderBy: { occurredAt: "asc" }, select: { ...EXPOSURE_DETAIL, ...STORED_STATE } },
      supportContacts: { orderBy: { contactedAt: "asc" }, select: { ...CONTACT_DETAIL, ...STORED_STATE } },
      followUps: {
        orderBy: { dueAt: "asc" },
        select: { label: true, dueAt: true, completedAt: true, cancelledAt: true, cancelledReason: true, exposureId: true },
      },
    },
  });
  const exposureIds = staff.exposures.map((e) => String(e.id));
  const contactIds = staff.supportContacts.map((c) => String(c.id));
  const revisions = await prisma.recordRevision.findMany({
    where: {
      OR: [
        { entityType: "exposure", entityId: { in: exposureIds } },
        { entityType: "support_contact", entityId: { in: contactIds } },
      ],
    },
    orderBy: { changedAt: "asc" },
    select: { entityType: true, entityId: true, changes: true, changedAt: true },
  });
  return {
    staffMember: {
      reference: staff.reference,
      name: decryptOptional(staff.displayNameEncrypted),
      team: staff.team.name,
      service: staff.team.service.name,
      addedOn: staff.createdAt.toISOString(),
    },
    exposures: staff.exposures.map(({ notesEncrypted, partnerAgencies, barriers, initiative, ...e }) => ({
      ...e,
      occurredAt: e.occurredAt.toISOString(),
      createdAt: e.createdAt.toISOString(),
      deletedAt: e.deletedAt?.toISOString() ?? null,
      partnerAgencies: partnerAgencies.map((p) => p.agency),
      barriers: barriers.map((b) => b.barrier),
      initiative: initiative?.name ?? null,
      notes: decryptOptional(notesEncrypted),
    })),
    supportContacts: staff.supportContacts.map(({ notesEncrypted, riskIndicators, exposures, ...c }) => ({
      ...c,
      contactedAt: c.contactedAt.toISOString(),
      createdAt: c.createdAt.toISOString(),
      deletedAt: c.deletedAt?.toISOString() ?? null,
      riskIndicators: riskIndicators.map((r) => r.indicator),
      exposureIds: exposures.map((e) => e.exposureId),
      notes: decryptOptional(notesEncrypted),
    })),
    followUps: staff.followUps.map((f) => ({
      ...f,
      dueAt: f.dueAt.toISOString(),
      completedAt: f.completedAt?.toISOString() ?? null,
      cancelledAt: f.cancelledAt?.toISOString() ?? null,
    })),
    changes: revisions.map((r) => ({ record: `${r.entityType} ${r.entityId}`, changedAt: r.changedAt.toISOString(), changes: JSON.parse(r.changes) as unknown })),
  };
}

export type SubjectAccessData = Awaited<ReturnType<typeof subjectAccessData>>;
