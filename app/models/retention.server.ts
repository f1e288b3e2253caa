import { subMonths } from "date-fns";
import { prisma } from "~/db.server";
import { jsonArrayStrings } from "~/db/dialect.server";
import type { Prisma } from "~/generated/prisma/client";
import { auditWrite } from "~/models/audit.server";

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];

export type AnonymisationCounts = {
  /** exposures and support contacts whose notes were removed */
  notesRemoved: number;
  /** staff members whose reference, name and case holders were removed */
  staffAnonymised: number;
  /** open follow-ups of those staff members, closed */
  followUpsClosed: number;
};

export type RetentionReport = AnonymisationCounts & { cutoff: Date; retentionMonths: number; dryRun: boolean };

/** The first instant that is still inside the retention period. */
export function retentionCutoff(now: Date, retentionMonths: number) {
  return subMonths(now, retentionMonths);
}

/**
 * The organisation's retention rule:
 * - every exposure and support contact from before the cutoff loses its notes (the only free text);
 * - a staff member none of whose records, and no open follow-up, falls on or after the cutoff is
 *   anonymised: reference and name removed, no supporter holds the case any more.
 * What stays (dates, team, incident type, ratings, outcomes, and one anonymous row per person) keeps
 * every trend, and every count of distinct people, exactly as it was. One transaction; audited.
 */
export async function applyRetention(organisationId: string, { now = new Date(), dryRun = false } = {}): Promise<RetentionReport> {
  const organisation = await prisma.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { retentionMonths: true } });
  const cutoff = retentionCutoff(now, organisation.retentionMonths);
  const oldExposures = { organisationId, occurredAt: { lt: cutoff }, ...WITH_NOTES };
  const oldContacts = { organisationId, contactedAt: { lt: cutoff }, ...WITH_NOTES };
  const lapsedStaff = {
    organisationId,
    anonymisedAt: null,
    // someone added recently with no record yet is not lapsed; someone imported with old records is
    OR: [{ createdAt: { lt: cutoff } }, { exposures: { some: {} } }, { supportContacts: { some: {} } }],
    exposures: { none: { occurredAt: { gte: cutoff } } },
    supportContacts: { none: { contactedAt: { gte: cutoff } } },
    followUps: { none: { dueAt: { gte: cutoff }, completedAt: null, cancelledAt: null } },
  };
  if (dryRun) {
    const [exposures, contacts, staffIds] = await Promise.all([
      prisma.exposure.count({ where: oldExposures }),
      prisma.supportContact.count({ where: oldContacts }),
      prisma.staffMember.findMany({ where: lapsedStaff, select: { id: true } }),
    ]);
    const followUpsClosed = await prisma.followUp.count({ where: { staffMemberId: { in: staffIds.map((s) => s.id) }, completedAt: null, cancelledAt: null } });
    return { cutoff, retentionMonths: organisation.retentionMonths, dryRun, notesRemoved: exposures + contacts, staffAnonymised: staffIds.length, followUpsClosed };
  }
  const counts = await prisma.$transaction(async (tx) => {
    const notesRemoved = await removeNotes(tx, oldExposures, oldContacts);
    const staffIds = (await tx.staffMember.findMany({ where: lapsedStaff, select: { id: true } })).map((s) => s.id);
    const anonymised = await anonymiseStaff(tx, staffIds, now);
    const result = { notesRemoved, staffAnonymised: staffIds.length, followUpsClosed: anonymised.followUpsClosed };
    await tx.organisation.update({ where: { id: organisationId }, data: { retentionRunAt: now } });
    await auditWrite({ action: "retention.run", organisationId, detail: { cutoff: cutoff.toISOString(), ...result } }, tx);
    return result;
  });
  return { cutoff, retentionMonths: organisation.retentionMonths, dryRun, ...counts };
}

/**
 * Erasure (UK GDPR Article 17) of one staff member: the same as retention does, now and for all their
 * records. The audit line records that an erasure happened and by whom, never what was erased.
 */
export async function eraseStaffMember(organisationId: string, staffMemberId: string, erasedById: string, request?: Request) {
  return prisma.$transaction(async (tx) => {
    const staff = await tx.staffMember.findFirst({ where: { id: staffMemberId, organisationId, anonymisedAt: null }, select: { id: true } });
    if (!staff) return null;
    const notesRemoved = await removeNotes(tx, { staffMemberId, ...WITH_NOTES }, { staffMemberId, ...WITH_NOTES });
    const { followUpsClosed } = await anonymiseStaff(tx, [staffMemberId], new Date());
    const counts: AnonymisationCounts = { notesRemoved, staffAnonymised: 1, followUpsClosed };
    await auditWrite({ action: "staff_member.erase", organisationId, actorUserId: erasedById, entityType: "staff_member", entityId: staffMemberId, detail: counts, request }, tx);
    return counts;
  });
}

const WITH_NOTES = { notesEncrypted: { not: null } };

/** Removes the notes (the only free text) of these exposures and support contacts; how many records lost them. */
async function removeNotes(tx: Tx, exposures: Prisma.ExposureWhereInput, contacts: Prisma.SupportContactWhereInput) {
  const fromExposures = await tx.exposure.updateMany({ where: exposures, data: { notesEncrypted: null } });
  const fromContacts = await tx.supportContact.updateMany({ where: contacts, data: { notesEncrypted: null } });
  return fromExposures.count + fromContacts.count;
}

/** Removes what identifies these staff members, keeping one anonymous row each so distinct-people counts stay exact. */
async function anonymiseStaff(tx: Tx, staffIds: string[], now: Date) {
  if (staffIds.length === 0) return { followUpsClosed: 0 };
  const ids = JSON.stringify(staffIds);
  // The reference must stay unique: the row's own id is not a staff code and identifies no one.
  await tx.$executeRaw`UPDATE "StaffMember" SET "reference" = 'ANONYMISED-' || "id" WHERE "id" IN (${jsonArrayStrings(ids)})`;
  await tx.staffMember.updateMany({ where: { id: { in: staffIds } }, data: { displayNameEncrypted: null, createdById: null, anonymisedAt: now } });
  await tx.caseAssignment.deleteMany({ where: { staffMemberId: { in: staffIds } } });
  await tx.subjectAccessRequest.deleteMany({ where: { staffMemberId: { in: staffIds } } });
  const followUps = await tx.followUp.updateMany({
    where: { staffMemberId: { in: staffIds }, completedAt: null, cancelledAt: null },
    data: { cancelledAt: now, cancelledReason: "anonymised" },
  });
  return { followUpsClosed: followUps.count };
}

/** Runs the rule for every organisation (the server's daily run and `npm run retention`). */
export async function applyRetentionEverywhere(options: { now?: Date; dryRun?: boolean } = {}) {
  const organisations = await prisma.organisation.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
  const reports: (RetentionReport & { organisation: { id: string; name: string } })[] = [];
  for (const organisation of organisations) reports.push({ organisation, ...(await applyRetention(organisation.id, options)) });
  return reports;
}
