-- Team check-ins are counted in people (issue #27): one single-use code per person in the team's
-- headcount, kept only as a keyed hash and deleted when used. The check-in's one shared code goes.
-- An admin's early close now withdraws a check-in (no results ever): one closed before its
-- announced end becomes withdrawn. A check-in from before codes has no used codes, so its answers
-- (counted in answers, not people) are no longer shown anywhere.

-- CreateTable
CREATE TABLE "PulseCode" (
    "codeHash" TEXT NOT NULL PRIMARY KEY,
    "pulseId" TEXT NOT NULL,
    CONSTRAINT "PulseCode_pulseId_fkey" FOREIGN KEY ("pulseId") REFERENCES "Pulse" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Pulse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "codesIssued" INTEGER NOT NULL DEFAULT 0,
    "codesUsed" INTEGER NOT NULL DEFAULT 0,
    "slipsMadeAt" DATETIME,
    "closesAt" DATETIME NOT NULL,
    "withdrawnAt" DATETIME,
    "openedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Pulse_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Pulse_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Pulse_openedById_fkey" FOREIGN KEY ("openedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Pulse" ("closesAt", "createdAt", "id", "openedById", "organisationId", "teamId", "withdrawnAt")
SELECT "closesAt", "createdAt", "id", "openedById", "organisationId", "teamId",
       CASE WHEN "closedAt" IS NOT NULL AND julianday("closedAt") < julianday("closesAt") THEN "closedAt" END
FROM "Pulse";
DROP TABLE "Pulse";
ALTER TABLE "new_Pulse" RENAME TO "Pulse";
CREATE INDEX "Pulse_organisationId_createdAt_idx" ON "Pulse"("organisationId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PulseCode_pulseId_idx" ON "PulseCode"("pulseId");
