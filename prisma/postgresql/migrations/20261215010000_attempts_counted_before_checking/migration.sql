-- A sign-in or two-factor attempt is counted before its password or code is checked, so guesses
-- sent at the same moment cannot pass the limit together; until it has been checked it is marked.

-- AlterTable
ALTER TABLE "AuthFailure" ADD COLUMN     "checking" BOOLEAN NOT NULL DEFAULT false;
