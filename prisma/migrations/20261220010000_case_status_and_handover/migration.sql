-- A case can be closed (with a reason, when nothing is open) and reopened, and handed over to another
-- supporter: whoever handed it over keeps an assignment marked handed over, to whom and when, so they
-- still see it but its follow-ups leave their caseload (decision 0009). Existing cases are all open.

-- AlterTable
ALTER TABLE "StaffMember" ADD COLUMN "caseClosedAt" DATETIME;
ALTER TABLE "StaffMember" ADD COLUMN "caseClosedReason" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CaseAssignment" (
    "staffMemberId" TEXT NOT NULL,
    "supporterId" TEXT NOT NULL,
    "assignedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handedOverAt" DATETIME,
    "handedOverToId" TEXT,

    PRIMARY KEY ("staffMemberId", "supporterId"),
    CONSTRAINT "CaseAssignment_staffMemberId_fkey" FOREIGN KEY ("staffMemberId") REFERENCES "StaffMember" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CaseAssignment_supporterId_fkey" FOREIGN KEY ("supporterId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CaseAssignment_handedOverToId_fkey" FOREIGN KEY ("handedOverToId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_CaseAssignment" ("assignedAt", "staffMemberId", "supporterId") SELECT "assignedAt", "staffMemberId", "supporterId" FROM "CaseAssignment";
DROP TABLE "CaseAssignment";
ALTER TABLE "new_CaseAssignment" RENAME TO "CaseAssignment";
CREATE INDEX "CaseAssignment_supporterId_idx" ON "CaseAssignment"("supporterId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

