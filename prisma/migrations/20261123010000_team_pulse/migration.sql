
-- CreateTable
CREATE TABLE "Pulse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "closesAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "openedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Pulse_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Pulse_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Pulse_openedById_fkey" FOREIGN KEY ("openedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PulseResponse" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "pulseId" TEXT,
    "week" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "who5Item1" INTEGER NOT NULL,
    "who5Item2" INTEGER NOT NULL,
    "who5Item3" INTEGER NOT NULL,
    "who5Item4" INTEGER NOT NULL,
    "who5Item5" INTEGER NOT NULL,
    "who5Percent" INTEGER NOT NULL,
    "informationSharing" INTEGER,
    CONSTRAINT "PulseResponse_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PulseResponse_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PulseResponse_pulseId_fkey" FOREIGN KEY ("pulseId") REFERENCES "Pulse" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_PulseResponse" ("id", "informationSharing", "month", "organisationId", "teamId", "week", "who5Item1", "who5Item2", "who5Item3", "who5Item4", "who5Item5", "who5Percent") SELECT "id", "informationSharing", "month", "organisationId", "teamId", "week", "who5Item1", "who5Item2", "who5Item3", "who5Item4", "who5Item5", "who5Percent" FROM "PulseResponse";
DROP TABLE "PulseResponse";
ALTER TABLE "new_PulseResponse" RENAME TO "PulseResponse";
CREATE INDEX "PulseResponse_teamId_month_idx" ON "PulseResponse"("teamId", "month");
CREATE INDEX "PulseResponse_organisationId_month_idx" ON "PulseResponse"("organisationId", "month");
CREATE INDEX "PulseResponse_pulseId_idx" ON "PulseResponse"("pulseId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Pulse_code_key" ON "Pulse"("code");

-- CreateIndex
CREATE INDEX "Pulse_organisationId_createdAt_idx" ON "Pulse"("organisationId", "createdAt");

