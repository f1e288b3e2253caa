-- AlterTable
ALTER TABLE "Exposure" ADD COLUMN "deletedAt" DATETIME;
ALTER TABLE "Exposure" ADD COLUMN "deletedReason" TEXT;
ALTER TABLE "Exposure" ADD COLUMN "idempotencyKey" TEXT;

-- AlterTable
ALTER TABLE "SupportContact" ADD COLUMN "deletedAt" DATETIME;
ALTER TABLE "SupportContact" ADD COLUMN "deletedReason" TEXT;
ALTER TABLE "SupportContact" ADD COLUMN "idempotencyKey" TEXT;

-- AlterTable
ALTER TABLE "FollowUp" ADD COLUMN "cancelledReason" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Exposure_idempotencyKey_key" ON "Exposure"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "SupportContact_idempotencyKey_key" ON "SupportContact"("idempotencyKey");

-- CreateTable
CREATE TABLE "RecordRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "changedById" TEXT,
    "changes" TEXT NOT NULL,
    "changedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "RecordRevision_entityType_entityId_changedAt_idx" ON "RecordRevision"("entityType", "entityId", "changedAt");


-- Added in place: rebuilding Organisation would cascade deletes to everything that hangs off it.
ALTER TABLE "Organisation" ADD COLUMN "crisisRoutesText" TEXT NOT NULL DEFAULT 'If they are at immediate risk, stay with them and call 999. For urgent support: their GP or NHS 111 (option 2 for mental health), occupational health, or Samaritans on 116 123, any time.';
