import { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/db.server";
import { scheduleFollowUps } from "~/domain/follow-up-schedule";
import type { exposureSchema, supportContactSchema } from "~/domain/records";
import { recordAudit } from "~/models/audit.server";
import type { CLOSE_REASONS } from "~/domain/vocabulary";
import { encrypt } from "~/security/encryption.server";
import { monthKey, weekKey } from "~/utils/time";
import type { z } from "zod";

type ExposureInput = z.output<ReturnType<typeof exposureSchema>>;
type ContactInput = z.output<ReturnType<typeof supportContactSchema>>;
type Actor = { supporterId: string; organisationId: string; timeZone: string; request: Request };

function isUniqueViolation(error: unknown) {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Saves an exposure with its agencies, barriers and the protocol's follow-ups in one statement.
 * The same form submitted twice (idempotency key) returns the first record instead of a second.
 */
export async function createExposure(staffMemberId: string, input: ExposureInput, actor: Actor) {
  const existing = await prisma.exposure.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const staff = await prisma.staffMember.findUniqueOrThrow({ where: { id: staffMemberId }, select: { teamId: true } });
  const initiative = input.initiativeId
    ? await prisma.initiative.findFirst({ where: { id: input.initiativeId, organisationId: actor.organisationId }, select: { id: true } })
    : null;
  const steps = await prisma.followUpProtocolStep.findMany({
    where: { organisationId: actor.organisationId },
    select: { id: true, label: true, offsetHours: true, contactType: true },
    orderBy: { sortOrder: "asc" },
  });
  const followUps = scheduleFollowUps(input.occurredAt, steps, actor.timeZone);
  try {
    const exposure = await prisma.exposure.create({
      data: {
        organisationId: actor.organisationId,
        staffMemberId,
        teamId: staff.teamId,
        occurredAt: input.occurredAt,
        occurredMonth: monthKey(input.occurredAt, actor.timeZone),
        occurredWeek: weekKey(input.occurredAt, actor.timeZone),
        incidentType: input.incidentType,
        involvement: input.involvement,
        informationReached: input.informationReached,
        initiativeId: initiative?.id ?? null,
        initialDistress: input.initialDistress,
        notesEncrypted: input.notes ? encrypt(input.notes) : null,
        idempotencyKey: input.idempotencyKey,
        createdById: actor.supporterId,
        partnerAgencies: { create: [...new Set(input.partnerAgencies)].map((agency) => ({ agency })) },
        barriers: { create: [...new Set(input.barriers)].map((barrier) => ({ barrier })) },
        followUps: {
          create: followUps.map((f) => ({
            organisationId: actor.organisationId,
            staffMemberId,
            protocolStepId: f.protocolStepId,
            label: f.label,
            dueAt: f.dueAt,
            assignedToId: actor.supporterId,
          })),
        },
      },
      select: { id: true },
    });
    await prisma.staffMember.update({ where: { id: staffMemberId }, data: { updatedAt: new Date() } });
    await recordAudit({ action: "exposure.create", organisationId: actor.organisationId, actorUserId: actor.supporterId, entityType: "exposure", entityId: exposure.id, request: actor.request });
    return { id: exposure.id, created: true };
  } catch (error) {
    // Two identical submissions at once: the second finds the first.
    if (!isUniqueViolation(error)) throw error;
    const first = await prisma.exposure.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } });
    return { id: first.id, created: false };
  }
}

/** Saves a support contact with its links, risk indicators and referrals; optionally completes a follow-up. */
export async function createSupportContact(staffMemberId: string, input: ContactInput, actor: Actor) {
  const existing = await prisma.supportContact.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const linked = await prisma.exposure.findMany({
    where: { id: { in: input.exposureIds }, staffMemberId, deletedAt: null },
    select: { id: true },
  });
  if (linked.length !== new Set(input.exposureIds).size) throw new Response("Choose exposures of this staff member", { status: 400 });
  const referrals =
    input.outcome === "urgent_referral"
      ? [{ destination: "urgent", urgent: true }]
      : input.signposts.map((destination) => ({ destination, urgent: false }));
  try {
    const contact = await prisma.supportContact.create({
      data: {
        organisationId: actor.organisationId,
        staffMemberId,
        contactType: input.contactType,
        contactedAt: input.contactedAt,
        contactedMonth: monthKey(input.contactedAt, actor.timeZone),
        contactedWeek: weekKey(input.contactedAt, actor.timeZone),
        format: input.format,
        durationMinutes: input.durationMinutes ?? null,
        distress: input.distress,
        outcome: input.outcome,
        notesEncrypted: input.notes ? encrypt(input.notes) : null,
        idempotencyKey: input.idempotencyKey,
        createdById: actor.supporterId,
        exposures: { create: linked.map((e) => ({ exposureId: e.id })) },
        riskIndicators: { create: [...new Set(input.riskIndicators)].map((indicator) => ({ indicator })) },
        referrals: { create: referrals },
      },
      select: { id: true },
    });
    if (input.followUpId) {
      await prisma.followUp.updateMany({
        where: { id: input.followUpId, staffMemberId, completedAt: null, cancelledAt: null },
        data: { completedAt: input.contactedAt, completedByContactId: contact.id },
      });
    }
    await prisma.staffMember.update({ where: { id: staffMemberId }, data: { updatedAt: new Date() } });
    await recordAudit({ action: "support_contact.create", organisationId: actor.organisationId, actorUserId: actor.supporterId, entityType: "support_contact", entityId: contact.id, request: actor.request });
    return { id: contact.id, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const first = await prisma.supportContact.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } });
    return { id: first.id, created: false };
  }
}

export function exposuresToLink(staffMemberId: string) {
  return prisma.exposure.findMany({
    where: { staffMemberId, deletedAt: null },
    select: { id: true, occurredAt: true, incidentType: true },
    orderBy: { occurredAt: "desc" },
    take: 20,
  });
}

export function openFollowUps(staffMemberId: string) {
  return prisma.followUp.findMany({
    where: { staffMemberId, completedAt: null, cancelledAt: null },
    select: { id: true, label: true, dueAt: true },
    orderBy: { dueAt: "asc" },
  });
}

export function initiativesFor(organisationId: string) {
  return prisma.initiative.findMany({ where: { organisationId }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}


/** Moves an open follow-up of this case to a new due date. */
export async function rescheduleFollowUp(staffMemberId: string, followUpId: number, dueAt: Date, actor: Omit<Actor, "timeZone">) {
  const { count } = await prisma.followUp.updateMany({
    where: { id: followUpId, staffMemberId, completedAt: null, cancelledAt: null },
    data: { dueAt },
  });
  if (count !== 1) throw new Response("This follow-up is no longer open.", { status: 404 });
  await recordAudit({ action: "follow_up.reschedule", organisationId: actor.organisationId, actorUserId: actor.supporterId, entityType: "follow_up", entityId: followUpId, request: actor.request });
}

/** Closes an open follow-up without a contact, with the reason. */
export async function closeFollowUp(staffMemberId: string, followUpId: number, reason: keyof typeof CLOSE_REASONS, actor: Omit<Actor, "timeZone">) {
  const { count } = await prisma.followUp.updateMany({
    where: { id: followUpId, staffMemberId, completedAt: null, cancelledAt: null },
    data: { cancelledAt: new Date(), cancelledReason: reason },
  });
  if (count !== 1) throw new Response("This follow-up is no longer open.", { status: 404 });
  await recordAudit({ action: "follow_up.close", organisationId: actor.organisationId, actorUserId: actor.supporterId, entityType: "follow_up", entityId: followUpId, detail: { reason }, request: actor.request });
}
