import { prisma, rawRead } from "~/db.server";
import { decryptForDisplay, encrypt } from "~/security/encryption.server";
import { auditWrite } from "~/models/audit.server";
import { requireReferences } from "~/models/references.server";

/** Cases a supporter holds: staff members they created or were assigned to (never an anonymised one). */
export function casesOf(supporterId: string, organisationId: string) {
  return {
    organisationId,
    anonymisedAt: null,
    OR: [{ createdById: supporterId }, { assignments: { some: { supporterId } } }],
  };
}

/**
 * Cases a supporter is responsible for now: theirs (casesOf) unless they handed it over. Their
 * follow-ups fill the supporter's caseload; a handed-over case stays visible in their case list.
 */
export function activeCasesOf(supporterId: string, organisationId: string) {
  return {
    organisationId,
    anonymisedAt: null,
    OR: [
      { createdById: supporterId, assignments: { none: { supporterId, handedOverAt: { not: null } } } },
      { assignments: { some: { supporterId, handedOverAt: null } } },
    ],
  };
}

// casesOf as one raw statement, for the check every case form makes (a test holds the two equal).
const HOLDS_CASE_SQL = `
  SELECT 1 FROM StaffMember s
  WHERE s.id = ? AND s.organisationId = ? AND s.anonymisedAt IS NULL
    AND (s.createdById = ? OR EXISTS (SELECT 1 FROM CaseAssignment a WHERE a.staffMemberId = s.id AND a.supporterId = ?))`;

/** True when the staff member is one of the supporter's cases (casesOf). */
export async function holdsCase(supporterId: string, organisationId: string, staffMemberId: string) {
  return (await rawRead(HOLDS_CASE_SQL, staffMemberId, organisationId, supporterId, supporterId)) !== undefined;
}

export function normaliseReference(reference: string) {
  return reference.trim().toUpperCase().replace(/\s+/g, "");
}

export function referenceInUse(organisationId: string, reference: string) {
  return prisma.staffMember
    .findUnique({ where: { organisationId_reference: { organisationId, reference: normaliseReference(reference) } }, select: { id: true } })
    .then(Boolean);
}

export async function createStaffMember(input: {
  organisationId: string;
  supporterId: string;
  reference: string;
  teamId: string;
  displayName?: string;
  request: Request;
}) {
  await requireReferences({ organisationId: input.organisationId }, { activeTeams: [input.teamId] });
  // The staff member and the audit line of their creation are saved together.
  return prisma.$transaction(async (tx) => {
    const staff = await tx.staffMember.create({
      data: {
        organisationId: input.organisationId,
        reference: normaliseReference(input.reference),
        teamId: input.teamId,
        createdById: input.supporterId,
      },
      select: { id: true },
    });
    // Once the row has its id: the name's ciphertext is bound to it.
    if (input.displayName) {
      const displayNameEncrypted = encrypt(input.displayName, { table: "StaffMember", column: "displayNameEncrypted", rowId: staff.id });
      await tx.staffMember.update({ where: { id: staff.id }, data: { displayNameEncrypted } });
    }
    await auditWrite(
      { action: "staff_member.create", request: input.request, organisationId: input.organisationId, actorUserId: input.supporterId, entityType: "staff_member", entityId: staff.id },
      tx,
    );
    return staff;
  });
}

/** An exposure with everything recorded about it, as the case page and a subject access copy show it. */
export const EXPOSURE_DETAIL = {
  id: true,
  occurredAt: true,
  incidentType: true,
  involvement: true,
  informationReached: true,
  initialDistress: true,
  notesEncrypted: true,
  partnerAgencies: { select: { agency: true } },
  barriers: { select: { barrier: true } },
  initiative: { select: { name: true } },
} as const;

/** A support contact with everything recorded about it. */
export const CONTACT_DETAIL = {
  id: true,
  contactType: true,
  contactedAt: true,
  format: true,
  durationMinutes: true,
  distress: true,
  outcome: true,
  notesEncrypted: true,
  riskIndicators: { select: { indicator: true } },
  referrals: { select: { destination: true, urgent: true } },
  exposures: { select: { exposureId: true } },
} as const;

/** Everything a supporter sees about one case: the person, exposures, contacts, follow-ups, and a subject access request to confirm. */
export async function caseTimeline(staffMemberId: string) {
  const staff = await prisma.staffMember.findUniqueOrThrow({
    where: { id: staffMemberId },
    select: {
      id: true,
      reference: true,
      displayNameEncrypted: true,
      teamId: true,
      team: { select: { name: true, service: { select: { name: true } } } },
      exposures: { where: { deletedAt: null }, orderBy: { occurredAt: "desc" }, select: EXPOSURE_DETAIL },
      accessRequests: { where: { confirmedAt: null }, take: 1, select: { id: true, requestedAt: true } },
      supportContacts: { where: { deletedAt: null }, orderBy: { contactedAt: "desc" }, select: CONTACT_DETAIL },
      followUps: {
        orderBy: { dueAt: "asc" },
        select: { id: true, label: true, dueAt: true, completedAt: true, cancelledAt: true, exposureId: true, windowOpensAt: true, windowClosesAt: true },
      },
    },
  });
  const { displayNameEncrypted, exposures, supportContacts, accessRequests, ...rest } = staff;
  return {
    ...rest,
    pendingAccessRequest: accessRequests[0] ?? null,
    displayName: decryptForDisplay(displayNameEncrypted, { table: "StaffMember", column: "displayNameEncrypted", rowId: rest.id }),
    exposures: exposures.map(({ notesEncrypted, ...e }) => ({ ...e, notes: decryptForDisplay(notesEncrypted, { table: "Exposure", column: "notesEncrypted", rowId: e.id }) })),
    supportContacts: supportContacts.map(({ notesEncrypted, ...c }) => ({
      ...c,
      notes: decryptForDisplay(notesEncrypted, { table: "SupportContact", column: "notesEncrypted", rowId: c.id }),
    })),
  };
}
