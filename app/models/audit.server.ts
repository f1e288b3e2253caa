import { prisma } from "~/db.server";
import { clientIpOf } from "~/security/client-ip.server";

export type AuditInput = {
  action: string;
  organisationId?: string | null;
  actorUserId?: string | null;
  entityType?: string;
  entityId?: string | number;
  /** Never personal data: filters, counts, reasons. */
  detail?: Record<string, unknown>;
  ipAddress?: string | null;
  /** the request being served: its client address is recorded */
  request?: Request;
};

/** An audit line as its columns. */
export function auditRow(event: AuditInput) {
  return {
    action: event.action,
    organisationId: event.organisationId ?? null,
    actorUserId: event.actorUserId ?? null,
    entityType: event.entityType ?? null,
    entityId: event.entityId === undefined ? null : String(event.entityId),
    detail: event.detail ? JSON.stringify(event.detail) : null,
    ipAddress: event.ipAddress ?? (event.request ? clientIpOf(event.request) : null),
  };
}
export type AuditRow = ReturnType<typeof auditRow>;

/** The audit line as a pending write: put it in the same transaction as the change it records. */
export function auditWrite(event: AuditInput, db: Pick<typeof prisma, "auditEvent"> = prisma) {
  return db.auditEvent.create({ data: auditRow(event), select: { id: true } });
}

export async function recordAudit(event: AuditInput) {
  await auditWrite(event);
}
