import { requireRole } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { auditWrite } from "~/models/audit.server";
import { SUBJECT_ACCESS_READINGS } from "~/domain/subject-access";
import { CONTACT_DETAIL, EXPOSURE_DETAIL } from "~/models/staff.server";
import { requireReferences } from "~/models/references.server";
import { decrypt, decryptForDisplay, encrypt, type Binding } from "~/security/encryption.server";

const copyOf = (requestId: string): Binding => ({ table: "SubjectAccessRequest", column: "copyEncrypted", rowId: requestId });

/**
 * A staff member as the administrator's subject-rights page shows them: no notes, no name, and no
 * counts of their records (those are for the released copy only), with the state of the latest request.
 */
export async function staffForRights(organisationId: string, staffMemberId: string) {
  const staff = await prisma.staffMember.findFirst({
    where: { id: staffMemberId, organisationId },
    select: {
      id: true,
      reference: true,
      anonymisedAt: true,
      createdAt: true,
      team: { select: { name: true } },
      accessRequests: {
        orderBy: { requestedAt: "desc" },
        take: 1,
        select: { id: true, requestedAt: true, confirmedAt: true, copyExpiresAt: true, copyReadsLeft: true, copyEncrypted: true },
      },
    },
  });
  if (!staff) return null;
  const { accessRequests, ...rest } = staff;
  const latest = accessRequests[0];
  if (!latest) return { ...rest, accessRequest: null };
  const { copyEncrypted, ...request } = latest;
  return { ...rest, accessRequest: { ...request, copyReadable: copyReadable({ copyEncrypted, ...request }, new Date()) } };
}

/** A copy can be read while it is stored, before it expires, and while readings are left. */
function copyReadable(copy: { copyEncrypted: string | null; copyExpiresAt: Date | null; copyReadsLeft: number }, now: Date) {
  return copy.copyEncrypted !== null && copy.copyExpiresAt !== null && copy.copyExpiresAt > now && copy.copyReadsLeft > 0;
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
    // A new request replaces the copy released before: only one copy of a person exists at a time.
    await tx.subjectAccessRequest.updateMany({ where: { staffMemberId, copyEncrypted: { not: null } }, data: COPY_DELETED });
    const created = await tx.subjectAccessRequest.create({ data: { organisationId, staffMemberId, requestedById: adminId }, select: { id: true } });
    await auditWrite({ action: "subject_access.request", organisationId, actorUserId: adminId, entityType: "staff_member", entityId: staffMemberId, request }, tx);
    return created;
  });
}

const COPY_DELETED = { copyEncrypted: null, copyExpiresAt: null, copyReadsLeft: 0 } as const;

/**
 * The supporter's confirmation takes the copy, there and then: the administrator reads that fixed
 * copy, never the live records, for the organisation's number of days and SUBJECT_ACCESS_READINGS readings.
 */
export async function confirmSubjectAccess(organisationId: string, staffMemberId: string, requestId: string, supporterId: string, request: Request) {
  await requireReferences({ organisationId, staffMemberId }, { accessRequests: [requestId] });
  const pending = await prisma.subjectAccessRequest.findFirst({
    where: { id: requestId, staffMemberId, organisationId, confirmedAt: null, staffMember: { anonymisedAt: null } },
    select: { id: true, organisation: { select: { subjectAccessDays: true } } },
  });
  if (!pending) return false;
  const confirmedAt = new Date();
  const copy = { takenAt: confirmedAt.toISOString(), ...(await subjectAccessData(organisationId, staffMemberId)) };
  const copyExpiresAt = new Date(confirmedAt.getTime() + pending.organisation.subjectAccessDays * DAY_MS);
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.subjectAccessRequest.updateMany({
      where: { id: requestId, staffMemberId, organisationId, confirmedAt: null },
      data: {
        confirmedAt,
        confirmedById: supporterId,
        copyEncrypted: encrypt(JSON.stringify(copy), copyOf(requestId)),
        copyExpiresAt,
        copyReadsLeft: SUBJECT_ACCESS_READINGS,
      },
    });
    if (count === 1) {
      await auditWrite({ action: "subject_access.confirm", organisationId, actorUserId: supporterId, entityType: "staff_member", entityId: staffMemberId, request }, tx);
    }
    return count === 1;
  });
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The fixed subject access copy, for an administrator, once a supporter of the case confirmed the
 * latest request, while it has days and readings left. Each reading spends one and is audited; the
 * last one deletes the copy.
 */
export async function requireConfirmedAccessCopy(request: Request, staffId: string | undefined, format: "html" | "json") {
  const admin = await requireRole(request, "admin");
  const staff = await staffForRights(admin.organisationId, staffId ?? "");
  if (!staff || staff.anonymisedAt) throw new Response("There is no staff member at this address.", { status: 404 });
  const accessRequest = staff.accessRequest;
  if (!accessRequest?.confirmedAt) {
    throw new Response("A supporter of this case has not confirmed a subject access request yet.", { status: 403 });
  }
  const copy = await spendOneReading(accessRequest.id, new Date());
  if (copy === null) {
    throw new Response("This subject access copy has expired or been read as many times as allowed, and was deleted. Ask for a new copy.", { status: 410 });
  }
  await auditWrite({ action: "subject_access.export", request, organisationId: admin.organisationId, actorUserId: admin.id, entityType: "staff_member", entityId: staff.id, detail: { format } });
  return { admin, staffId: staff.id, copy };
}

async function spendOneReading(requestId: string, now: Date) {
  return prisma.$transaction(async (tx) => {
    // Conditional decrement: two readings at once cannot both take the last one.
    const { count } = await tx.subjectAccessRequest.updateMany({
      where: { id: requestId, copyEncrypted: { not: null }, copyExpiresAt: { gt: now }, copyReadsLeft: { gt: 0 } },
      data: { copyReadsLeft: { decrement: 1 } },
    });
    if (count !== 1) return null;
    const stored = await tx.subjectAccessRequest.findUniqueOrThrow({ where: { id: requestId }, select: { copyEncrypted: true, copyReadsLeft: true } });
    if (stored.copyReadsLeft === 0) await tx.subjectAccessRequest.update({ where: { id: requestId }, data: COPY_DELETED });
    return JSON.parse(decrypt(stored.copyEncrypted!, copyOf(requestId))) as SubjectAccessCopy;
  });
}

/** Deletes every copy that has expired or has no readings left (the server runs this hourly). */
export async function deleteSpentAccessCopies(now = new Date()) {
  const { count } = await prisma.subjectAccessRequest.updateMany({
    where: { copyEncrypted: { not: null }, OR: [{ copyExpiresAt: null }, { copyExpiresAt: { lte: now } }, { copyReadsLeft: { lte: 0 } }] },
    data: COPY_DELETED,
  });
  return count;
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
      name: decryptForDisplay(staff.displayNameEncrypted, { table: "StaffMember", column: "displayNameEncrypted", rowId: staffMemberId }),
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
      notes: decryptForDisplay(notesEncrypted, { table: "Exposure", column: "notesEncrypted", rowId: e.id }),
    })),
    supportContacts: staff.supportContacts.map(({ notesEncrypted, riskIndicators, exposures, ...c }) => ({
      ...c,
      contactedAt: c.contactedAt.toISOString(),
      createdAt: c.createdAt.toISOString(),
      deletedAt: c.deletedAt?.toISOString() ?? null,
      riskIndicators: riskIndicators.map((r) => r.indicator),
      exposureIds: exposures.map((e) => e.exposureId),
      notes: decryptForDisplay(notesEncrypted, { table: "SupportContact", column: "notesEncrypted", rowId: c.id }),
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

/** The copy as stored: what was held when the supporter confirmed, and when that was. */
export type SubjectAccessCopy = SubjectAccessData & { takenAt: string };
