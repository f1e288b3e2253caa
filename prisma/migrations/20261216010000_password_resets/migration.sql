-- An administrator no longer sees a link that sets an active account's password: a reset is a
-- one-time link of its own kind, sent to the person, valid for an hour.

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN "purpose" TEXT NOT NULL DEFAULT 'invitation';
