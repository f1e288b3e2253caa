-- An import writes many thousands of records in one transaction, and the row triggers' work
-- doubled its write. While a row of "TrendBulkWrite" exists the insert triggers skip; the import
-- adds that row after its BEGIN and removes it before its COMMIT, so no other connection ever sees
-- it, and in between it settles the tallies and month versions of its whole batch itself
-- (bulkTallies in app/models/exposure-rows.server.ts).

-- CreateTable
CREATE TABLE "TrendBulkWrite" (
    "importBatchId" TEXT NOT NULL PRIMARY KEY
);

DROP TRIGGER "Exposure_added";
CREATE TRIGGER "Exposure_added" AFTER INSERT ON "Exposure" WHEN NOT EXISTS (SELECT 1 FROM "TrendBulkWrite") BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version") VALUES (NEW."organisationId", NEW."occurredMonth", 1)
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "ExposureTally" ("teamId", "staffMemberId", "incidentType", "exposures")
    SELECT NEW."teamId", NEW."staffMemberId", NEW."incidentType", 1 WHERE NEW."deletedAt" IS NULL
    ON CONFLICT ("teamId", "staffMemberId", "incidentType") DO UPDATE SET "exposures" = "exposures" + 1;
END;

DROP TRIGGER "ExposurePartnerAgency_added";
CREATE TRIGGER "ExposurePartnerAgency_added" AFTER INSERT ON "ExposurePartnerAgency" WHEN NOT EXISTS (SELECT 1 FROM "TrendBulkWrite") BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = NEW."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "AgencyTally" ("teamId", "staffMemberId", "agency", "exposures")
    SELECT "teamId", "staffMemberId", NEW."agency", 1 FROM "Exposure" WHERE "id" = NEW."exposureId" AND "deletedAt" IS NULL
    ON CONFLICT ("teamId", "staffMemberId", "agency") DO UPDATE SET "exposures" = "exposures" + 1;
END;

DROP TRIGGER "ExposureBarrier_added";
CREATE TRIGGER "ExposureBarrier_added" AFTER INSERT ON "ExposureBarrier" WHEN NOT EXISTS (SELECT 1 FROM "TrendBulkWrite") BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = NEW."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
END;

DROP TRIGGER "SupportContactExposure_added";
CREATE TRIGGER "SupportContactExposure_added" AFTER INSERT ON "SupportContactExposure" WHEN NOT EXISTS (SELECT 1 FROM "TrendBulkWrite") BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = NEW."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
END;

DROP TRIGGER "FollowUp_added";
CREATE TRIGGER "FollowUp_added" AFTER INSERT ON "FollowUp" WHEN NOT EXISTS (SELECT 1 FROM "TrendBulkWrite") BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = NEW."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
END;
