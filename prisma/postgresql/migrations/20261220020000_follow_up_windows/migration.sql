-- A follow-up knows what completes it and when: the kind of contact its protocol step asks for and
-- the protocol's window around it (docs/decisions/0010-follow-up-windows.md), copied when it is
-- scheduled, because saving the protocol replaces its steps. An urgent referral's 24-hour check
-- names the contact that asked for it.

-- AlterTable
ALTER TABLE "FollowUp" ADD COLUMN     "contactType" TEXT,
ADD COLUMN     "raisedByContactId" INTEGER,
ADD COLUMN     "windowClosesAt" TIMESTAMP(3),
ADD COLUMN     "windowOpensAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "FollowUp_raisedByContactId_idx" ON "FollowUp"("raisedByContactId");

-- Follow-ups scheduled before: their step (or, when the protocol was saved since, the step of the
-- same name) gives the kind and the window, counted in elapsed hours from the exposure: from a
-- third of the step's time before it (at most 7 days) to four thirds after it (at most 7 days).
-- Those whose step is gone keep no window: nothing is completed for them by default.
UPDATE "FollowUp" f SET
    "contactType" = w."contactType",
    "windowOpensAt" = w."occurredAt" + make_interval(hours => w."offsetHours" - LEAST(ROUND(w."offsetHours" / 3.0)::integer, 168)),
    "windowClosesAt" = w."occurredAt" + make_interval(hours => w."offsetHours" + LEAST(ROUND(w."offsetHours" * 4 / 3.0)::integer, 168))
  FROM (
    SELECT DISTINCT ON (g."id") g."id", s."contactType", s."offsetHours", e."occurredAt"
    FROM "FollowUp" g
    JOIN "Exposure" e ON e."id" = g."exposureId"
    JOIN "FollowUpProtocolStep" s ON s."id" = g."protocolStepId"
      OR (g."protocolStepId" IS NULL AND s."organisationId" = g."organisationId" AND s."label" = g."label")
    ORDER BY g."id", s."sortOrder"
  ) w
  WHERE w."id" = f."id";
