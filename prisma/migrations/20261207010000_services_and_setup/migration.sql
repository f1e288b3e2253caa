-- Services can be archived (they keep their teams, records and figures), and an admin can put the
-- set-up checklist away.

-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN "setupChecklistHiddenAt" DATETIME;

-- AlterTable
ALTER TABLE "Service" ADD COLUMN "archivedAt" DATETIME;
