import { prisma } from "~/db.server";

export type AuditInput = {
  action: string;
  organisationId?: string | null;
  actorUserId?: string | null;
  entityType?: string;
  entityId?: string | number;
  /** Never personal data: filters, counts, reasons. */
  detail?: Record<string, unknown>;
  ipAddress?: string | null;
};

export async function recordAudit(event: AuditInput) {
  await prisma.auditEvent.create({
    data: {
      action: event.action,
      organisationId: event.organisationId ?? null,
      actorUserId: event.actorUserId ?? null,
      entityType: event.entityType ?? null,
      entityId: event.entityId === undefined ? null : String(event.entityId),
      detail: event.detail ? JSON.stringify(event.detail) : null,
      ipAddress: event.ipAddress ?? null,
    },
  });
}
