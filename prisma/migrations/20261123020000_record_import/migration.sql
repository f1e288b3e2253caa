
-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "rowsImported" INTEGER NOT NULL,
    "rowsSkipped" INTEGER NOT NULL,
    "runById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoneAt" DATETIME,
    CONSTRAINT "ImportBatch_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ImportBatch_runById_fkey" FOREIGN KEY ("runById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ImportUpload" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ImportUpload_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_StaffMember" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "displayNameEncrypted" TEXT,
    "teamId" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "importBatchId" TEXT,
    CONSTRAINT "StaffMember_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StaffMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "StaffMember_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "StaffMember_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_StaffMember" ("createdAt", "createdById", "displayNameEncrypted", "id", "organisationId", "reference", "teamId", "updatedAt") SELECT "createdAt", "createdById", "displayNameEncrypted", "id", "organisationId", "reference", "teamId", "updatedAt" FROM "StaffMember";
DROP TABLE "StaffMember";
ALTER TABLE "new_StaffMember" RENAME TO "StaffMember";
CREATE INDEX "StaffMember_teamId_idx" ON "StaffMember"("teamId");
CREATE UNIQUE INDEX "StaffMember_organisationId_reference_key" ON "StaffMember"("organisationId", "reference");
CREATE TABLE "new_Exposure" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" TEXT NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "occurredMonth" TEXT NOT NULL,
    "occurredWeek" TEXT NOT NULL,
    "incidentType" TEXT NOT NULL,
    "involvement" TEXT NOT NULL,
    "informationReached" INTEGER,
    "initiativeId" TEXT,
    "initialDistress" INTEGER,
    "notesEncrypted" TEXT,
    "idempotencyKey" TEXT,
    "deletedAt" DATETIME,
    "deletedReason" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "importBatchId" TEXT,
    CONSTRAINT "Exposure_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Exposure_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Exposure_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Exposure_initiativeId_fkey" FOREIGN KEY ("initiativeId") REFERENCES "Initiative" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Exposure_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Exposure_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Exposure" ("createdAt", "createdById", "deletedAt", "deletedReason", "id", "idempotencyKey", "incidentType", "informationReached", "initialDistress", "initiativeId", "involvement", "notesEncrypted", "occurredAt", "occurredMonth", "occurredWeek", "organisationId", "staffMemberId", "teamId", "updatedAt") SELECT "createdAt", "createdById", "deletedAt", "deletedReason", "id", "idempotencyKey", "incidentType", "informationReached", "initialDistress", "initiativeId", "involvement", "notesEncrypted", "occurredAt", "occurredMonth", "occurredWeek", "organisationId", "staffMemberId", "teamId", "updatedAt" FROM "Exposure";
DROP TABLE "Exposure";
ALTER TABLE "new_Exposure" RENAME TO "Exposure";
CREATE UNIQUE INDEX "Exposure_idempotencyKey_key" ON "Exposure"("idempotencyKey");
CREATE INDEX "Exposure_organisationId_occurredMonth_idx" ON "Exposure"("organisationId", "occurredMonth");
CREATE INDEX "Exposure_teamId_occurredMonth_idx" ON "Exposure"("teamId", "occurredMonth");
CREATE INDEX "Exposure_staffMemberId_occurredAt_idx" ON "Exposure"("staffMemberId", "occurredAt");
CREATE INDEX "Exposure_initiativeId_idx" ON "Exposure"("initiativeId");
CREATE INDEX "Exposure_importBatchId_idx" ON "Exposure"("importBatchId");
CREATE TABLE "new_SupportContact" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" TEXT NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "contactType" TEXT NOT NULL,
    "contactedAt" DATETIME NOT NULL,
    "contactedMonth" TEXT NOT NULL,
    "contactedWeek" TEXT NOT NULL,
    "format" TEXT NOT NULL DEFAULT 'individual',
    "durationMinutes" INTEGER,
    "distress" INTEGER,
    "outcome" TEXT NOT NULL,
    "notesEncrypted" TEXT,
    "idempotencyKey" TEXT,
    "deletedAt" DATETIME,
    "deletedReason" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "importBatchId" TEXT,
    CONSTRAINT "SupportContact_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SupportContact_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SupportContact_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "SupportContact_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_SupportContact" ("contactType", "contactedAt", "contactedMonth", "contactedWeek", "createdAt", "createdById", "deletedAt", "deletedReason", "distress", "durationMinutes", "format", "id", "idempotencyKey", "notesEncrypted", "organisationId", "outcome", "staffMemberId", "updatedAt") SELECT "contactType", "contactedAt", "contactedMonth", "contactedWeek", "createdAt", "createdById", "deletedAt", "deletedReason", "distress", "durationMinutes", "format", "id", "idempotencyKey", "notesEncrypted", "organisationId", "outcome", "staffMemberId", "updatedAt" FROM "SupportContact";
DROP TABLE "SupportContact";
ALTER TABLE "new_SupportContact" RENAME TO "SupportContact";
CREATE UNIQUE INDEX "SupportContact_idempotencyKey_key" ON "SupportContact"("idempotencyKey");
CREATE INDEX "SupportContact_organisationId_contactedMonth_idx" ON "SupportContact"("organisationId", "contactedMonth");
CREATE INDEX "SupportContact_staffMemberId_contactedAt_idx" ON "SupportContact"("staffMemberId", "contactedAt");
CREATE INDEX "SupportContact_importBatchId_idx" ON "SupportContact"("importBatchId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ImportBatch_organisationId_createdAt_idx" ON "ImportBatch"("organisationId", "createdAt");

-- CreateIndex
CREATE INDEX "ImportUpload_organisationId_createdAt_idx" ON "ImportUpload"("organisationId", "createdAt");

