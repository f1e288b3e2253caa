-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN "retentionRunAt" DATETIME;

-- AlterTable
ALTER TABLE "StaffMember" ADD COLUMN "anonymisedAt" DATETIME;

-- CreateTable
CREATE TABLE "ProcessingRecord" (
    "organisationId" TEXT NOT NULL PRIMARY KEY,
    "controller" TEXT NOT NULL,
    "contact" TEXT NOT NULL,
    "purposes" TEXT NOT NULL,
    "lawfulBasis" TEXT NOT NULL,
    "specialCategoryBasis" TEXT NOT NULL,
    "dataHeld" TEXT NOT NULL,
    "recipients" TEXT NOT NULL,
    "safeguards" TEXT NOT NULL,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProcessingRecord_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SubjectAccessRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "requestedById" TEXT,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedById" TEXT,
    "confirmedAt" DATETIME,
    CONSTRAINT "SubjectAccessRequest_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SubjectAccessRequest_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SubjectAccessRequest_staffMemberId_idx" ON "SubjectAccessRequest"("staffMemberId");

