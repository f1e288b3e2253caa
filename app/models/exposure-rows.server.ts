// An exposure with its agencies and barriers as rows, written with prepared statements on the
// write queue's raw connection (see BulkWrite): one implementation for the form's save and the
// import, so both write exactly the same rows. Prisma would compile a plan for every statement,
// which is most of the cost of the busiest form and of a large import.
import type Database from "better-sqlite3";
import type { ProtocolStep } from "~/domain/follow-up-schedule";
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

export type FollowUpRow = { organisationId: string; staffMemberId: string; exposureId: number; protocolStepId: string | null; label: string; dueAt: Date; assignedToId: string | null };

const statementsByConnection = new WeakMap<Database.Database, ReturnType<typeof prepareStatements>>();

function prepareStatements(db: Database.Database) {
  return {
    exposure: db.prepare(
      `INSERT INTO "Exposure" ("organisationId", "staffMemberId", "teamId", "occurredAt", "occurredMonth", "occurredWeek", "incidentType", "involvement",
         "informationReached", "initiativeId", "initialDistress", "notesEncrypted", "idempotencyKey", "createdById", "importBatchId", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    agency: db.prepare(`INSERT INTO "ExposurePartnerAgency" ("exposureId", "agency") VALUES (?, ?)`),
    barrier: db.prepare(`INSERT INTO "ExposureBarrier" ("exposureId", "barrier") VALUES (?, ?)`),
    followUp: db.prepare(
      `INSERT INTO "FollowUp" ("organisationId", "staffMemberId", "exposureId", "protocolStepId", "label", "dueAt", "assignedToId", "createdAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    touchCase: db.prepare(`UPDATE "StaffMember" SET "updatedAt" = ? WHERE "id" = ?`),
    teamOf: db.prepare(`SELECT "teamId" FROM "StaffMember" WHERE "id" = ?`).pluck(),
    initiative: db.prepare(`SELECT "id" FROM "Initiative" WHERE "id" = ? AND "organisationId" = ?`).pluck(),
    steps: db.prepare(`SELECT "id", "label", "offsetHours", "contactType" FROM "FollowUpProtocolStep" WHERE "organisationId" = ? ORDER BY "sortOrder"`),
    audit: db.prepare(
      `INSERT INTO "AuditEvent" ("organisationId", "actorUserId", "action", "entityType", "entityId", "detail", "ipAddress", "createdAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}

/**
 * The writes of one connection, prepared once, and the reads a save needs in its transaction (so
 * they cost no Prisma plan and see what the write will). Call inside a transaction of that connection.
 */
export function rowWriter(db: Database.Database) {
  let statements = statementsByConnection.get(db);
  if (!statements) {
    statements = prepareStatements(db);
    statementsByConnection.set(db, statements);
  }
  const { exposure, agency, barrier, followUp, touchCase, audit, teamOf, initiative, steps } = statements;
  return {
    /** The staff member's current team, or undefined when there is no such staff member. */
    teamOf: (staffMemberId: string) => teamOf.get(staffMemberId) as string | undefined,
    /** The initiative's id when it belongs to the organisation. */
    initiative: (id: string, organisationId: string) => (initiative.get(id, organisationId) as string | undefined) ?? null,
    /** The organisation's follow-up protocol, in order. */
    protocolSteps: (organisationId: string) => steps.all(organisationId) as ProtocolStep[],
    /** The exposure, its agencies and its barriers; returns its id. */
    exposure(row: ExposureRow, writtenAt: string) {
      const id = Number(
        exposure.run(
          row.organisationId, row.staffMemberId, row.teamId, sqliteTimestamp(row.occurredAt), row.occurredMonth, row.occurredWeek, row.incidentType,
          row.involvement, row.informationReached, row.initiativeId, row.initialDistress, row.notes ? encrypt(row.notes) : null, row.idempotencyKey,
          row.createdById, row.importBatchId, writtenAt, writtenAt,
        ).lastInsertRowid,
      );
      for (const name of new Set(row.partnerAgencies)) agency.run(id, name);
      for (const name of new Set(row.barriers)) barrier.run(id, name);
      return id;
    },
    followUp(row: FollowUpRow, writtenAt: string) {
      followUp.run(row.organisationId, row.staffMemberId, row.exposureId, row.protocolStepId, row.label, sqliteTimestamp(row.dueAt), row.assignedToId, writtenAt);
    },
    /** The case moves up its supporter's recent list. */
    touchCase(staffMemberId: string, writtenAt: string) {
      touchCase.run(writtenAt, staffMemberId);
    },
    audit(row: AuditRow, writtenAt: string) {
      audit.run(row.organisationId, row.actorUserId, row.action, row.entityType, row.entityId, row.detail, row.ipAddress, writtenAt);
    },
  };
}

/**
 * For a write of a whole batch of new records in one transaction (an import): `start` after BEGIN
 * stops the insert triggers' row-by-row work (migration 20261124030000_bulk_tallies), `settle`
 * before COMMIT does the same for the whole batch in three statements: the batch's records added to
 * the tallies, and its months' versions raised (which removes their kept figures).
 */
export function bulkTallies(db: Database.Database) {
  return {
    start: (batchId: string) => db.prepare(`INSERT INTO "TrendBulkWrite" ("importBatchId") VALUES (?)`).run(batchId),
    settle: (batchId: string) => {
      db.prepare(
        `INSERT INTO "ExposureTally" ("teamId", "staffMemberId", "incidentType", "exposures")
         SELECT "teamId", "staffMemberId", "incidentType", COUNT(*) FROM "Exposure" WHERE "importBatchId" = ? AND "deletedAt" IS NULL GROUP BY 1, 2, 3
         ON CONFLICT ("teamId", "staffMemberId", "incidentType") DO UPDATE SET "exposures" = "exposures" + excluded."exposures"`,
      ).run(batchId);
      db.prepare(
        `INSERT INTO "AgencyTally" ("teamId", "staffMemberId", "agency", "exposures")
         SELECT e."teamId", e."staffMemberId", p."agency", COUNT(*) FROM "ExposurePartnerAgency" p JOIN "Exposure" e ON e."id" = p."exposureId"
         WHERE e."importBatchId" = ? AND e."deletedAt" IS NULL GROUP BY 1, 2, 3
         ON CONFLICT ("teamId", "staffMemberId", "agency") DO UPDATE SET "exposures" = "exposures" + excluded."exposures"`,
      ).run(batchId);
      db.prepare(
        `INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
         SELECT DISTINCT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "importBatchId" = ?
         ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1`,
      ).run(batchId);
      db.prepare(`DELETE FROM "TrendBulkWrite" WHERE "importBatchId" = ?`).run(batchId);
    },
  };
}
