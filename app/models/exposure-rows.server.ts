// An exposure with its agencies and barriers as rows, written with raw statements (prepared once
// on SQLite): one implementation for the form's save and the import, on both engines, so all write
// exactly the same rows. Prisma would compile a plan for every statement, which is most of the
// cost of the busiest form and of a large import.
import type { ProtocolStep } from "~/domain/follow-up-schedule";
import { all, get, insert, run, type SqlSteps } from "~/db/sql-steps";
import { sqliteTimestamp } from "~/db/write-queue.server";
import type { AuditRow } from "~/models/audit.server";
import { encrypt } from "~/security/encryption.server";

export type ExposureRow = {
  organisationId: string;
  staffMemberId: string;
  teamId: string;
  occurredAt: Date;
  occurredMonth: string;
  occurredWeek: string;
  incidentType: string;
  involvement: string;
  informationReached: number | null;
  initiativeId: string | null;
  initialDistress: number | null;
  /** encrypted here before it is written */
  notes?: string | null;
  idempotencyKey: string;
  createdById: string | null;
  importBatchId: string | null;
  partnerAgencies: string[];
  barriers: string[];
};

export type FollowUpRow = {
  organisationId: string;
  staffMemberId: string;
  exposureId: number;
  protocolStepId: string | null;
  label: string;
  dueAt: Date;
  assignedToId: string | null;
  contactType: string;
  windowOpensAt: Date;
  windowClosesAt: Date;
};

/**
 * The writes of an exposure and what hangs off it, and the reads a save needs in its transaction
 * (so they see what the write will), as steps for either engine (app/db/sql-steps.ts).
 */
export const rowSteps = {
  /** The staff member's current team, or undefined when there is no such staff member. */
  *teamOf(staffMemberId: string): SqlSteps<string | undefined> {
    return (yield* get<{ teamId: string }>(`SELECT "teamId" FROM "StaffMember" WHERE "id" = ?`, staffMemberId))?.teamId;
  },
  /** The organisation's follow-up protocol, in order. */
  protocolSteps(organisationId: string): SqlSteps<ProtocolStep[]> {
    return all<ProtocolStep>(`SELECT "id", "label", "offsetHours", "contactType" FROM "FollowUpProtocolStep" WHERE "organisationId" = ? ORDER BY "sortOrder"`, organisationId);
  },
  /** The exposure, its agencies and its barriers; returns its id. */
  *exposure(row: ExposureRow, writtenAt: string): SqlSteps<number> {
    const id = yield* insert(
      `INSERT INTO "Exposure" ("organisationId", "staffMemberId", "teamId", "occurredAt", "occurredMonth", "occurredWeek", "incidentType", "involvement",
         "informationReached", "initiativeId", "initialDistress", "notesEncrypted", "idempotencyKey", "createdById", "importBatchId", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      row.organisationId, row.staffMemberId, row.teamId, sqliteTimestamp(row.occurredAt), row.occurredMonth, row.occurredWeek, row.incidentType,
      row.involvement, row.informationReached, row.initiativeId, row.initialDistress, null, row.idempotencyKey,
      row.createdById, row.importBatchId, writtenAt, writtenAt,
    );
    // Once the row has its id: the note's ciphertext is bound to it (same transaction, nothing in clear).
    if (row.notes) {
      yield* run(`UPDATE "Exposure" SET "notesEncrypted" = ? WHERE "id" = ?`, encrypt(row.notes, { table: "Exposure", column: "notesEncrypted", rowId: id }), id);
    }
    // In order, so two saves touching the same tallies take their locks in the same order (PostgreSQL).
    for (const name of [...new Set(row.partnerAgencies)].sort()) yield* run(`INSERT INTO "ExposurePartnerAgency" ("exposureId", "agency") VALUES (?, ?)`, id, name);
    for (const name of [...new Set(row.barriers)].sort()) yield* run(`INSERT INTO "ExposureBarrier" ("exposureId", "barrier") VALUES (?, ?)`, id, name);
    return id;
  },
  followUp(row: FollowUpRow, writtenAt: string): SqlSteps<void> {
    return run(
      `INSERT INTO "FollowUp" ("organisationId", "staffMemberId", "exposureId", "protocolStepId", "label", "dueAt", "assignedToId",
         "contactType", "windowOpensAt", "windowClosesAt", "createdAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      row.organisationId, row.staffMemberId, row.exposureId, row.protocolStepId, row.label, sqliteTimestamp(row.dueAt), row.assignedToId,
      row.contactType, sqliteTimestamp(row.windowOpensAt), sqliteTimestamp(row.windowClosesAt), writtenAt,
    );
  },
  /** The case moves up its supporter's recent list. */
  touchCase(staffMemberId: string, writtenAt: string): SqlSteps<void> {
    return run(`UPDATE "StaffMember" SET "updatedAt" = ? WHERE "id" = ?`, writtenAt, staffMemberId);
  },
  /** A new exposure on a closed case opens it again: its follow-ups are open work. */
  reopenCase(staffMemberId: string): SqlSteps<void> {
    return run(`UPDATE "StaffMember" SET "caseClosedAt" = NULL, "caseClosedReason" = NULL WHERE "id" = ? AND "caseClosedAt" IS NOT NULL`, staffMemberId);
  },
  audit(row: AuditRow, writtenAt: string): SqlSteps<void> {
    return run(
      `INSERT INTO "AuditEvent" ("organisationId", "actorUserId", "action", "entityType", "entityId", "detail", "ipAddress", "createdAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      row.organisationId, row.actorUserId, row.action, row.entityType, row.entityId, row.detail, row.ipAddress, writtenAt,
    );
  },
};

/**
 * For a write of a whole batch of new records in one transaction (an import): `start` after BEGIN
 * stops the insert triggers' row-by-row work (migration 20261124030000_bulk_tallies), `settle`
 * before COMMIT does the same for the whole batch in three statements: the batch's records added to
 * the tallies, and its months' versions raised (which removes their kept figures).
 */
export const bulkTallies = {
  start: (batchId: string) => run(`INSERT INTO "TrendBulkWrite" ("importBatchId") VALUES (?)`, batchId),
  *settle(batchId: string): SqlSteps<void> {
    yield* run(
      `INSERT INTO "ExposureTally" ("teamId", "staffMemberId", "incidentType", "exposures")
       SELECT "teamId", "staffMemberId", "incidentType", COUNT(*) FROM "Exposure" WHERE "importBatchId" = ? AND "deletedAt" IS NULL GROUP BY 1, 2, 3
       ON CONFLICT ("teamId", "staffMemberId", "incidentType") DO UPDATE SET "exposures" = "ExposureTally"."exposures" + excluded."exposures"`,
      batchId,
    );
    yield* run(
      `INSERT INTO "AgencyTally" ("teamId", "staffMemberId", "agency", "exposures")
       SELECT e."teamId", e."staffMemberId", p."agency", COUNT(*) FROM "ExposurePartnerAgency" p JOIN "Exposure" e ON e."id" = p."exposureId"
       WHERE e."importBatchId" = ? AND e."deletedAt" IS NULL GROUP BY 1, 2, 3
       ON CONFLICT ("teamId", "staffMemberId", "agency") DO UPDATE SET "exposures" = "AgencyTally"."exposures" + excluded."exposures"`,
      batchId,
    );
    yield* run(
      `INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
       SELECT DISTINCT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "importBatchId" = ?
       ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "TrendMonthVersion"."version" + 1`,
      batchId,
    );
    yield* run(`DELETE FROM "TrendBulkWrite" WHERE "importBatchId" = ?`, batchId);
  },
};
