-- Subject access is a fixed copy: taken when the supporter confirms, kept encrypted, readable for the
-- organisation's number of days and a few readings, then deleted. Requests confirmed before this
-- migration have no copy, so they give nothing more: the administrator asks for a new one.

-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN "subjectAccessDays" INTEGER NOT NULL DEFAULT 7;

-- AlterTable
ALTER TABLE "SubjectAccessRequest" ADD COLUMN "copyEncrypted" TEXT;
ALTER TABLE "SubjectAccessRequest" ADD COLUMN "copyExpiresAt" DATETIME;
ALTER TABLE "SubjectAccessRequest" ADD COLUMN "copyReadsLeft" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "SubjectAccessRequest_copyExpiresAt_idx" ON "SubjectAccessRequest"("copyExpiresAt");
