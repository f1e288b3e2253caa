-- A case can be closed (with a reason, when nothing is open) and reopened, and handed over to another
-- supporter: whoever handed it over keeps an assignment marked handed over, to whom and when, so they
-- still see it but its follow-ups leave their caseload (decision 0009). Existing cases are all open.

-- AlterTable
ALTER TABLE "StaffMember" ADD COLUMN     "caseClosedAt" TIMESTAMP(3),
ADD COLUMN     "caseClosedReason" TEXT;

-- AlterTable
ALTER TABLE "CaseAssignment" ADD COLUMN     "handedOverAt" TIMESTAMP(3),
ADD COLUMN     "handedOverToId" TEXT;

-- AddForeignKey
ALTER TABLE "CaseAssignment" ADD CONSTRAINT "CaseAssignment_handedOverToId_fkey" FOREIGN KEY ("handedOverToId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

