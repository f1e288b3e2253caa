import { prisma } from "~/db.server";

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilter = { action?: string; actor?: string; from?: Date; to?: Date; page: number };

/** One page of an organisation's audit log, newest first. Read-only: the table refuses changes. */
export async function readAuditLog(organisationId: string, filter: AuditFilter) {
  const where = {
    organisationId,
    ...(filter.action ? { action: { startsWith: filter.action } } : {}),
    ...(filter.actor ? { actor: { email: { contains: filter.actor.toLowerCase() } } } : {}),
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
        detail: true,
        ipAddress: true,
        createdAt: true,
        actor: { select: { email: true } },
      },
    }),
    prisma.auditEvent.groupBy({ by: ["action"], where: { organisationId }, orderBy: { action: "asc" } }),
  ]);
  return { total, events, actions: actions.map((a) => a.action) };
}
