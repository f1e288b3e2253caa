-- A follow-up knows what completes it and when: the kind of contact its protocol step asks for and
-- the protocol's window around it (docs/decisions/0010-follow-up-windows.md), copied when it is
-- scheduled, because saving the protocol replaces its steps. An urgent referral's 24-hour check
-- names the contact that asked for it.

-- AlterTable
ALTER TABLE "FollowUp" ADD COLUMN "contactType" TEXT;
ALTER TABLE "FollowUp" ADD COLUMN "windowOpensAt" DATETIME;
ALTER TABLE "FollowUp" ADD COLUMN "windowClosesAt" DATETIME;
ALTER TABLE "FollowUp" ADD COLUMN "raisedByContactId" INTEGER;

-- CreateIndex
CREATE INDEX "FollowUp_raisedByContactId_idx" ON "FollowUp"("raisedByContactId");

-- Follow-ups scheduled before: their step (or, when the protocol was saved since, the step of the
-- same name) gives the kind and the window, counted in elapsed hours from the exposure: from a
-- third of the step's time before it (at most 7 days) to four thirds after it (at most 7 days).
-- Those whose step is gone keep no window: nothing is completed for them by default.
UPDATE "FollowUp" SET "contactType" = COALESCE(
    (SELECT s."contactType" FROM "FollowUpProtocolStep" s WHERE s."id" = "FollowUp"."protocolStepId"),
    (SELECT s."contactType" FROM "FollowUpProtocolStep" s WHERE s."organisationId" = "FollowUp"."organisationId" AND s."label" = "FollowUp"."label" ORDER BY s."sortOrder" LIMIT 1))
  WHERE "exposureId" IS NOT NULL;
UPDATE "FollowUp" SET
    "windowOpensAt" = (SELECT strftime('%Y-%m-%dT%H:%M:%f+00:00', julianday(e."occurredAt") + (s."offsetHours" - MIN(ROUND(s."offsetHours" / 3.0), 168)) / 24.0)
      FROM "Exposure" e, "FollowUpProtocolStep" s
      WHERE e."id" = "FollowUp"."exposureId" AND (s."id" = "FollowUp"."protocolStepId" OR ("FollowUp"."protocolStepId" IS NULL AND s."organisationId" = "FollowUp"."organisationId" AND s."label" = "FollowUp"."label"))
      ORDER BY s."sortOrder" LIMIT 1),
    "windowClosesAt" = (SELECT strftime('%Y-%m-%dT%H:%M:%f+00:00', julianday(e."occurredAt") + (s."offsetHours" + MIN(ROUND(s."offsetHours" * 4 / 3.0), 168)) / 24.0)
      FROM "Exposure" e, "FollowUpProtocolStep" s
      WHERE e."id" = "FollowUp"."exposureId" AND (s."id" = "FollowUp"."protocolStepId" OR ("FollowUp"."protocolStepId" IS NULL AND s."organisationId" = "FollowUp"."organisationId" AND s."label" = "FollowUp"."label"))
      ORDER BY s."sortOrder" LIMIT 1)
  WHERE "contactType" IS NOT NULL;
