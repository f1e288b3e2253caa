-- Team check-ins are counted in people (issue #27): one single-use code per person in the team's
-- headcount, kept only as a keyed hash and deleted when used. The check-in's one shared code goes.
-- An admin's early close now withdraws a check-in (no results ever): one closed before its
-- announced end becomes withdrawn. A check-in from before codes has no used codes, so its answers
-- (counted in answers, not people) are no longer shown anywhere.

-- DropIndex
DROP INDEX "Pulse_code_key";

-- AlterTable
ALTER TABLE "Pulse" DROP COLUMN "code",
ADD COLUMN     "codesIssued" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "codesUsed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "slipsMadeAt" TIMESTAMP(3);

ALTER TABLE "Pulse" RENAME COLUMN "closedAt" TO "withdrawnAt";
UPDATE "Pulse" SET "withdrawnAt" = NULL WHERE "withdrawnAt" >= "closesAt";

-- CreateTable
CREATE TABLE "PulseCode" (
    "codeHash" TEXT NOT NULL,
    "pulseId" TEXT NOT NULL,

    CONSTRAINT "PulseCode_pkey" PRIMARY KEY ("codeHash")
);

-- CreateIndex
CREATE INDEX "PulseCode_pulseId_idx" ON "PulseCode"("pulseId");

-- AddForeignKey
ALTER TABLE "PulseCode" ADD CONSTRAINT "PulseCode_pulseId_fkey" FOREIGN KEY ("pulseId") REFERENCES "Pulse"("id") ON DELETE CASCADE ON UPDATE CASCADE;
