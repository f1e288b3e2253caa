import { prisma } from "~/db.server";
import { ACTOR_WITHHELD_ACTIONS, WITHHELD_ACTOR, auditRecordShownToAdministrators } from "~/privacy/audit-view";

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilter = { action?: string; actor?: string; from?: Date; to?: Date; page: number };

/**
 * One page of an organisation's audit log as its administrators may read it, newest first. A line
 * about a case record names no person or record (app/privacy/audit-view.ts); the ids stay in the
 * database only. Read-only: the table refuses changes.
 */
export async function readAuditLog(organisationId: string, filter: AuditFilter) {
  const where = {
    organisationId,
    ...(filter.action ? { action: { startsWith: filter.action } } : {}),
    // A search by actor leaves out the lines whose actor is withheld.
    ...(filter.actor ? { actor: { email: { contains: filter.actor.toLowerCase() } }, AND: [{ action: { notIn: ACTOR_WITHHELD_ACTIONS } }] } : {}),
    ...(filter.from || filter.to ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
  };
  const [total, events, actions] = await Promise.all([
    prisma.auditEvent.count({ where }),
    prisma.auditEvent.findMany({
      where,
      orderBy: { id: "desc" },
      skip: (filter.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      select: {
        id: true,
        action: true,
        entityType: true,
        entityId: true,
        ipAddress: true,
        createdAt: true,
        actor: { select: { email: true } },
      },
    }),
    prisma.auditEvent.groupBy({ by: ["action"], where: { organisationId }, orderBy: { action: "asc" } }),
  ]);
  return {
    total,
    events: events.map(({ entityType, entityId, actor, ...event }) => ({
      ...event,
      who: ACTOR_WITHHELD_ACTIONS.includes(event.action) ? WITHHELD_ACTOR : (actor?.email ?? null),
      record: auditRecordShownToAdministrators(entityType, entityId),
    })),
    actions: actions.map((a) => a.action),
  };
}
