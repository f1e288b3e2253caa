import { prisma } from "~/db.server";
import { defaultProcessingRecord, PROCESSING_FIELD_KEYS, type ProcessingField } from "~/domain/processing-record";
import { auditWrite } from "~/models/audit.server";

/** The organisation's record of processing, or the starting text until an administrator saves one. */
export async function processingRecordFor(organisationId: string) {
  const organisation = await prisma.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    select: { name: true, retentionMonths: true, retentionRunAt: true, processingRecord: true },
  });
  const stored = organisation.processingRecord;
  const fields = stored
    ? (Object.fromEntries(PROCESSING_FIELD_KEYS.map((key) => [key, stored[key]])) as Record<ProcessingField, string>)
    : defaultProcessingRecord(organisation.name);
  return {
    organisationName: organisation.name,
    fields,
    reviewed: stored?.updatedAt ?? null,
    retentionMonths: organisation.retentionMonths,
    retentionRunAt: organisation.retentionRunAt,
  };
}

export function allOrganisationIds() {
  return prisma.organisation.findMany({ select: { id: true }, orderBy: { name: "asc" } }).then((rows) => rows.map((r) => r.id));
}

export async function saveProcessingRecord(organisationId: string, fields: Record<ProcessingField, string>, adminId: string, request: Request) {
  await prisma.$transaction([
    prisma.processingRecord.upsert({
      where: { organisationId },
      create: { organisationId, ...fields, updatedById: adminId },
      update: { ...fields, updatedById: adminId },
    }),
    auditWrite({ action: "privacy_record.update", organisationId, actorUserId: adminId, entityType: "processing_record", entityId: organisationId, request }),
  ]);
}
