import type { Prisma } from "~/generated/prisma/client";
import { WRITE_MAX_WAIT_MS, isUniqueViolation, prisma, saveTogether } from "~/db.server";
import { sqliteTimestamp } from "~/db/write-queue.server";
import { followUpCompletedByDefault, scheduleFollowUps, urgentCheck } from "~/domain/follow-up-schedule";
import type { exposureSchema, supportContactSchema } from "~/domain/records";
import { auditRow, auditWrite } from "~/models/audit.server";
import { rowSteps } from "~/models/exposure-rows.server";
import type { CLOSE_REASONS, DELETE_REASONS } from "~/domain/vocabulary";
import { decryptForDisplay, encrypt } from "~/security/encryption.server";
import { monthKey, weekKey } from "~/utils/time";
import type { z } from "zod";
import { CONTACT_DETAIL } from "~/models/staff.server";
import { requireReferences } from "~/models/references.server";

type ExposureInput = z.output<ReturnType<typeof exposureSchema>>;
type ContactInput = z.output<ReturnType<typeof supportContactSchema>>;
type Actor = { supporterId: string; organisationId: string; timeZone: string; request: Request };

/**
 * Runs `create` once per idempotency key: a re-sent form finds the record the first one made, also
 * when two identical submissions race. The unique key refuses the second insert, and only then is
 * the first looked up, so a first submission costs no look-up.
 */
async function oncePerKey(find: () => Promise<{ id: number } | null>, create: () => Promise<{ id: number }>) {
  try {
    return { id: (await create()).id, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const first = await find();
    if (!first) throw error;
    return { id: first.id, created: false };
  }
}

type Writer = Pick<typeof prisma, "auditEvent" | "staffMember">;

/** One audit line for something a supporter did to a record of theirs, written with the change itself. */
function auditRecord(
  actor: Omit<Actor, "timeZone">,
  action: string,
  entityType: string,
  entityId: number,
  detail?: Record<string, unknown>,
  db: Writer = prisma,
) {
  return auditWrite({ action, organisationId: actor.organisationId, actorUserId: actor.supporterId, entityType, entityId, detail, request: actor.request }, db);
}

/** In the saving transaction: the case moves up the supporter's recent list, and the audit log gets a line. */
async function afterCreate(tx: Writer, staffMemberId: string, entityType: string, id: number, actor: Actor) {
  await tx.staffMember.update({ where: { id: staffMemberId }, data: { updatedAt: new Date() } });
  await auditRecord(actor, `${entityType}.create`, entityType, id, undefined, tx);
}

/** The exposures a contact links to, all of this case and not deleted (else a 400), in order. */
async function linkedExposures(organisationId: string, staffMemberId: string, exposureIds: number[]) {
  await requireReferences({ organisationId, staffMemberId }, { exposures: exposureIds });
  return [...new Set(exposureIds)].sort((a, b) => a - b);
}

/** An urgent referral is one referral, to where the supporter referred them; otherwise one per place signposted to. */
function referralsFor(input: Pick<ContactInput, "outcome" | "signposts" | "urgentDestination">) {
  return input.outcome === "urgent_referral"
    ? [{ destination: input.urgentDestination ?? "other", urgent: true }]
    : [...new Set(input.signposts)].sort().map((destination) => ({ destination, urgent: false }));
}

/** The check an urgent referral asks for, within 24 hours, in the supporter's list. */
function urgentCheckFor(contactId: number, staffMemberId: string, contactedAt: Date, actor: Omit<Actor, "timeZone">) {
  return { organisationId: actor.organisationId, staffMemberId, assignedToId: actor.supporterId, raisedByContactId: contactId, ...urgentCheck(contactedAt) };
}

/**
 * The follow-up a new contact completes: the one the supporter chose, none when they said so, or,
 * when they left the question unanswered, the one of its kind whose window it falls in.
 */
async function followUpToComplete(staffMemberId: string, input: Pick<ContactInput, "followUpId" | "contactType" | "contactedAt">) {
  if (input.followUpId === "none") return null;
  if (typeof input.followUpId === "number") return input.followUpId;
  return followUpCompletedByDefault(input.contactType, input.contactedAt, await openFollowUps(staffMemberId))?.id ?? null;
}

/**
 * Saves an exposure with its agencies, barriers, the protocol's follow-ups, the case's place in
 * the supporter's list and its audit line, in one transaction. The busiest form: what it reads and
 * writes goes through raw statements (rowSteps), not through Prisma's per-statement plans. The
 * same form submitted twice (idempotency key) returns the first record instead of a second.
 */
export async function createExposure(staffMemberId: string, input: ExposureInput, actor: Actor) {
  await requireReferences({ organisationId: actor.organisationId, staffMemberId }, { initiatives: input.initiativeId ? [input.initiativeId] : [] });
  const audit = auditRow({ action: "exposure.create", organisationId: actor.organisationId, actorUserId: actor.supporterId, entityType: "exposure", request: actor.request });
  const find = () => prisma.exposure.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } });
  const create = async () => ({
    // On SQLite committed with the other saves waiting at that moment (one fsync for all), in a savepoint of its own.
    id: await saveTogether(
      function* () {
        const teamId = yield* rowSteps.teamOf(staffMemberId);
        if (!teamId) throw new Error(`No staff member ${staffMemberId}`);
        const followUps = scheduleFollowUps(input.occurredAt, yield* rowSteps.protocolSteps(actor.organisationId), actor.timeZone);
        const writtenAt = sqliteTimestamp(new Date());
        const exposureId = yield* rowSteps.exposure(
          {
            organisationId: actor.organisationId,
            staffMemberId,
            teamId,
            occurredAt: input.occurredAt,
            occurredMonth: monthKey(input.occurredAt, actor.timeZone),
            occurredWeek: weekKey(input.occurredAt, actor.timeZone),
            incidentType: input.incidentType,
            involvement: input.involvement,
            informationReached: input.informationReached ?? null,
            initiativeId: input.initiativeId || null,
            initialDistress: input.initialDistress ?? null,
            notes: input.notes,
            idempotencyKey: input.idempotencyKey,
            createdById: actor.supporterId,
            importBatchId: null,
            partnerAgencies: input.partnerAgencies,
            barriers: input.barriers,
          },
          writtenAt,
        );
        for (const f of followUps) {
          yield* rowSteps.followUp({ organisationId: actor.organisationId, staffMemberId, exposureId, assignedToId: actor.supporterId, ...f }, writtenAt);
        }
        yield* rowSteps.touchCase(staffMemberId, writtenAt);
        yield* rowSteps.reopenCase(staffMemberId);
        yield* rowSteps.audit({ ...audit, entityId: String(exposureId) }, writtenAt);
        return exposureId;
      },
      { maxWaitMs: WRITE_MAX_WAIT_MS },
    ),
  });
  return oncePerKey(find, create);
}

/** Saves a support contact with its links, risk indicators and referrals; optionally completes a follow-up. */
export async function createSupportContact(staffMemberId: string, input: ContactInput, actor: Actor) {
  const find = () => prisma.supportContact.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true } });
  const linked = await linkedExposures(actor.organisationId, staffMemberId, input.exposureIds);
  await requireReferences({ organisationId: actor.organisationId, staffMemberId }, { followUps: typeof input.followUpId === "number" ? [input.followUpId] : [] });
  const completes = await followUpToComplete(staffMemberId, input);
  let completed: number | null = null;
  const saved = await oncePerKey(find, () =>
    prisma.$transaction(async (tx) => {
      const contact = await tx.supportContact.create({
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
          idempotencyKey: input.idempotencyKey,
          createdById: actor.supporterId,
          exposures: { create: linked.map((exposureId) => ({ exposureId })) },
          riskIndicators: { create: [...new Set(input.riskIndicators)].map((indicator) => ({ indicator })) },
          referrals: { create: referralsFor(input) },
        },
        select: { id: true },
      });
      // Once the row has its id: the note's ciphertext is bound to it.
      if (input.notes) {
        const notesEncrypted = encrypt(input.notes, { table: "SupportContact", column: "notesEncrypted", rowId: contact.id });
        await tx.supportContact.update({ where: { id: contact.id }, data: { notesEncrypted } });
      }
      if (completes !== null) {
        const { count } = await tx.followUp.updateMany({
          where: { id: completes, staffMemberId, completedAt: null, cancelledAt: null },
          data: { completedAt: input.contactedAt, completedByContactId: contact.id },
        });
        completed = count === 1 ? completes : null;
      }
      if (input.outcome === "urgent_referral") await tx.followUp.create({ data: urgentCheckFor(contact.id, staffMemberId, input.contactedAt, actor) });
      await afterCreate(tx, staffMemberId, "support_contact", contact.id, actor);
      return contact;
    }),
  );
  return { ...saved, completedFollowUpId: completed };
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
    select: { id: true, label: true, dueAt: true, contactType: true, windowOpensAt: true, windowClosesAt: true },
    orderBy: { dueAt: "asc" },
  });
}

export function initiativesFor(organisationId: string) {
  return prisma.initiative.findMany({ where: { organisationId }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}


/** Changes a follow-up of this case that is still open, with its audit line, or a 404 when it is not. */
async function changeOpenFollowUp(staffMemberId: string, followUpId: number, data: Prisma.FollowUpUpdateManyMutationInput, actor: Omit<Actor, "timeZone">, audit: { action: string; detail?: Record<string, unknown> }) {
  await requireReferences({ organisationId: actor.organisationId, staffMemberId }, { followUps: [followUpId] });
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.followUp.updateMany({ where: { id: followUpId, staffMemberId, completedAt: null, cancelledAt: null }, data });
    if (count !== 1) throw new Response("This follow-up is no longer open.", { status: 404 });
    await auditRecord(actor, audit.action, "follow_up", followUpId, audit.detail, tx);
  });
}

/** An open follow-up of this case with the protocol's window, or null. */
export async function openFollowUpOf(staffMemberId: string, followUpId: number) {
  return prisma.followUp.findFirst({
    where: { id: followUpId, staffMemberId, completedAt: null, cancelledAt: null },
    select: { id: true, label: true, dueAt: true, windowOpensAt: true, windowClosesAt: true },
  });
}

/** Moves an open follow-up of this case to a new due time. */
export async function rescheduleFollowUp(staffMemberId: string, followUpId: number, dueAt: Date, actor: Omit<Actor, "timeZone">, detail?: { outsideWindow: boolean }) {
  await changeOpenFollowUp(staffMemberId, followUpId, { dueAt }, actor, { action: "follow_up.reschedule", detail });
}

/** Closes an open follow-up without a contact, with the reason. */
export async function closeFollowUp(staffMemberId: string, followUpId: number, reason: keyof typeof CLOSE_REASONS, actor: Omit<Actor, "timeZone">) {
  await changeOpenFollowUp(staffMemberId, followUpId, { cancelledAt: new Date(), cancelledReason: reason }, actor, { action: "follow_up.close", detail: { reason } });
}

/** An exposure of this case as the edit form shows it, or null (unknown, another case's, or deleted). */
export async function exposureForEdit(staffMemberId: string, exposureId: number) {
  const exposure = await prisma.exposure.findFirst({
    where: { id: exposureId, staffMemberId, deletedAt: null },
    select: {
      id: true,
      occurredAt: true,
      incidentType: true,
      involvement: true,
      informationReached: true,
      initiativeId: true,
      initialDistress: true,
      notesEncrypted: true,
      partnerAgencies: { select: { agency: true } },
      barriers: { select: { barrier: true } },
    },
  });
  if (!exposure) return null;
  const { notesEncrypted, partnerAgencies, barriers, ...rest } = exposure;
  return {
    ...rest,
    notes: decryptForDisplay(notesEncrypted, { table: "Exposure", column: "notesEncrypted", rowId: exposureId }) ?? "",
    partnerAgencies: partnerAgencies.map((a) => a.agency).sort(),
    barriers: barriers.map((b) => b.barrier).sort(),
  };
}

type Comparable = string | number | null | string[];

/** Which answers differ, as { field: { from, to } }; free text only says that it changed. */
export function describeChanges(before: Record<string, Comparable>, after: Record<string, Comparable>, freeText: string[] = []) {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    const from = before[key] ?? null;
    const to = after[key] ?? null;
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    changes[key] = freeText.includes(key) ? "changed" : { from, to };
  }
  return changes;
}

type ExposureForEdit = NonNullable<Awaited<ReturnType<typeof exposureForEdit>>>;
type ContactForEdit = NonNullable<Awaited<ReturnType<typeof contactForEdit>>>;

/** The history line of an edit, written in the same transaction as the edit itself. */
function revision(entityType: string, entityId: number, actor: Actor, changes: Record<string, unknown>) {
  return prisma.recordRevision.create({
    data: { entityType, entityId: String(entityId), changedById: actor.supporterId, changes: JSON.stringify(changes) },
  });
}

/** Saves an edited exposure (as loaded by exposureForEdit) and what changed (who, when) in its history. */
export async function updateExposure(staffMemberId: string, before: ExposureForEdit, input: ExposureInput, actor: Actor) {
  await requireReferences({ organisationId: actor.organisationId, staffMemberId }, { initiatives: input.initiativeId ? [input.initiativeId] : [] });
  const exposureId = before.id;
  const after = {
    occurredAt: input.occurredAt.toISOString(),
    incidentType: input.incidentType,
    involvement: input.involvement,
    partnerAgencies: [...new Set(input.partnerAgencies)].sort(),
    informationReached: input.informationReached,
    barriers: [...new Set(input.barriers)].sort(),
    initiativeId: input.initiativeId ?? null,
    initialDistress: input.initialDistress,
    notes: input.notes ?? "",
  };
  const changes = describeChanges({ ...before, occurredAt: before.occurredAt.toISOString() }, after, ["notes"]);
  if (Object.keys(changes).length === 0) return { changed: false };
  await prisma.$transaction([
    prisma.exposure.update({
      where: { id: exposureId },
      data: {
        occurredAt: input.occurredAt,
        occurredMonth: monthKey(input.occurredAt, actor.timeZone),
        occurredWeek: weekKey(input.occurredAt, actor.timeZone),
        incidentType: input.incidentType,
        involvement: input.involvement,
        informationReached: input.informationReached,
        initiativeId: after.initiativeId,
        initialDistress: input.initialDistress,
        notesEncrypted: input.notes ? encrypt(input.notes, { table: "Exposure", column: "notesEncrypted", rowId: exposureId }) : null,
      },
    }),
    prisma.exposurePartnerAgency.deleteMany({ where: { exposureId } }),
    prisma.exposurePartnerAgency.createMany({ data: after.partnerAgencies.map((agency) => ({ exposureId, agency })) }),
    prisma.exposureBarrier.deleteMany({ where: { exposureId } }),
    prisma.exposureBarrier.createMany({ data: after.barriers.map((barrier) => ({ exposureId, barrier })) }),
    revision("exposure", exposureId, actor, changes),
    auditRecord(actor, "exposure.update", "exposure", exposureId, { fields: Object.keys(changes) }),
  ]);
  return { changed: true };
}

/** Soft delete: the exposure leaves every view and figure, its open follow-ups close, the audit log keeps why. */
export async function deleteExposure(staffMemberId: string, exposureId: number, reason: keyof typeof DELETE_REASONS, actor: Omit<Actor, "timeZone">) {
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    const deleted = await tx.exposure.updateMany({ where: { id: exposureId, staffMemberId, deletedAt: null }, data: { deletedAt: now, deletedReason: reason } });
    if (deleted.count !== 1) throw new Response("There is no exposure at this address.", { status: 404 });
    await tx.followUp.updateMany({
      where: { exposureId, staffMemberId, completedAt: null, cancelledAt: null },
      data: { cancelledAt: now, cancelledReason: "exposure_deleted" },
    });
    await auditRecord(actor, "exposure.delete", "exposure", exposureId, { reason }, tx);
  });
}


/** A support contact of this case as the edit form shows it, or null (unknown, another case's, or deleted). */
export async function contactForEdit(staffMemberId: string, contactId: number) {
  const contact = await prisma.supportContact.findFirst({
    where: { id: contactId, staffMemberId, deletedAt: null },
    select: CONTACT_DETAIL,
  });
  if (!contact) return null;
  const { notesEncrypted, exposures, riskIndicators, referrals, ...rest } = contact;
  return {
    ...rest,
    notes: decryptForDisplay(notesEncrypted, { table: "SupportContact", column: "notesEncrypted", rowId: contactId }) ?? "",
    exposureIds: exposures.map((e) => String(e.exposureId)).sort(),
    riskIndicators: riskIndicators.map((r) => r.indicator).sort(),
    signposts: referrals.filter((r) => !r.urgent).map((r) => r.destination).sort(),
    // Referrals saved before the destination was asked say only "urgent": the form asks again.
    urgentDestination: referrals.find((r) => r.urgent && r.destination !== "urgent")?.destination ?? null,
  };
}

/** Saves an edited support contact (as loaded by contactForEdit) and what changed in its history. */
export async function updateSupportContact(staffMemberId: string, before: ContactForEdit, input: ContactInput, actor: Actor) {
  const contactId = before.id;
  const linked = await linkedExposures(actor.organisationId, staffMemberId, input.exposureIds);
  const after = {
    contactType: input.contactType,
    contactedAt: input.contactedAt.toISOString(),
    exposureIds: linked.map(String).sort(),
    format: input.format,
    durationMinutes: input.durationMinutes ?? null,
    distress: input.distress,
    riskIndicators: [...new Set(input.riskIndicators)].sort(),
    outcome: input.outcome,
    signposts: [...new Set(input.signposts)].sort(),
    urgentDestination: input.urgentDestination ?? null,
    notes: input.notes ?? "",
  };
  const changes = describeChanges({ ...before, contactedAt: before.contactedAt.toISOString() }, after, ["notes"]);
  if (Object.keys(changes).length === 0) return { changed: false };
  // An urgent referral added by a change asks for its check too; one taken away closes its open check.
  const becameUrgent = input.outcome === "urgent_referral" && before.outcome !== "urgent_referral";
  const noLongerUrgent = input.outcome !== "urgent_referral" && before.outcome === "urgent_referral";
  await prisma.$transaction([
    ...(becameUrgent ? [prisma.followUp.create({ data: urgentCheckFor(contactId, staffMemberId, input.contactedAt, actor) })] : []),
    ...(noLongerUrgent
      ? [prisma.followUp.updateMany({ where: { raisedByContactId: contactId, staffMemberId, completedAt: null, cancelledAt: null }, data: { cancelledAt: new Date(), cancelledReason: "referral_removed" } })]
      : []),
    prisma.supportContact.update({
      where: { id: contactId },
      data: {
        contactType: input.contactType,
        contactedAt: input.contactedAt,
        contactedMonth: monthKey(input.contactedAt, actor.timeZone),
        contactedWeek: weekKey(input.contactedAt, actor.timeZone),
        format: input.format,
        durationMinutes: after.durationMinutes,
        distress: input.distress,
        outcome: input.outcome,
        notesEncrypted: input.notes ? encrypt(input.notes, { table: "SupportContact", column: "notesEncrypted", rowId: contactId }) : null,
      },
    }),
    prisma.supportContactExposure.deleteMany({ where: { supportContactId: contactId } }),
    prisma.supportContactExposure.createMany({ data: linked.map((exposureId) => ({ supportContactId: contactId, exposureId })) }),
    prisma.supportContactRiskIndicator.deleteMany({ where: { supportContactId: contactId } }),
    prisma.supportContactRiskIndicator.createMany({ data: after.riskIndicators.map((indicator) => ({ supportContactId: contactId, indicator })) }),
    prisma.referral.deleteMany({ where: { supportContactId: contactId } }),
    prisma.referral.createMany({ data: referralsFor(input).map((r) => ({ supportContactId: contactId, ...r })) }),
    revision("support_contact", contactId, actor, changes),
    auditRecord(actor, "support_contact.update", "support_contact", contactId, { fields: Object.keys(changes) }),
  ]);
  return { changed: true };
}

/** Soft delete: the contact leaves every view and figure; a follow-up it completed is open again. */
export async function deleteSupportContact(staffMemberId: string, contactId: number, reason: keyof typeof DELETE_REASONS, actor: Omit<Actor, "timeZone">) {
  await prisma.$transaction(async (tx) => {
    const deleted = await tx.supportContact.updateMany({ where: { id: contactId, staffMemberId, deletedAt: null }, data: { deletedAt: new Date(), deletedReason: reason } });
    if (deleted.count !== 1) throw new Response("There is no support contact at this address.", { status: 404 });
    await tx.followUp.updateMany({ where: { completedByContactId: contactId, staffMemberId }, data: { completedAt: null, completedByContactId: null } });
    // The check its urgent referral asked for goes with it.
    await tx.followUp.updateMany({ where: { raisedByContactId: contactId, staffMemberId, completedAt: null, cancelledAt: null }, data: { cancelledAt: new Date(), cancelledReason: "contact_deleted" } });
    await auditRecord(actor, "support_contact.delete", "support_contact", contactId, { reason }, tx);
  });
}
