-- CreateTable
CREATE TABLE "ExposureTally" (
    "teamId" TEXT NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "incidentType" TEXT NOT NULL,
    "exposures" INTEGER NOT NULL,

    PRIMARY KEY ("teamId", "staffMemberId", "incidentType")
);

-- CreateTable
CREATE TABLE "AgencyTally" (
    "teamId" TEXT NOT NULL,
    "staffMemberId" TEXT NOT NULL,
    "agency" TEXT NOT NULL,
    "exposures" INTEGER NOT NULL,

    PRIMARY KEY ("teamId", "staffMemberId", "agency")
);

-- CreateTable
CREATE TABLE "TrendMonthVersion" (
    "organisationId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("organisationId", "month"),
    CONSTRAINT "TrendMonthVersion_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TrendMonthCache" (
    "organisationId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "scopeKey" TEXT NOT NULL,
    "figures" TEXT NOT NULL,
    "validUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("organisationId", "month", "scopeKey"),
    CONSTRAINT "TrendMonthCache_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ExposureTally_staffMemberId_idx" ON "ExposureTally"("staffMemberId");

-- CreateIndex
CREATE INDEX "AgencyTally_staffMemberId_idx" ON "AgencyTally"("staffMemberId");

-- The tallies of the records already there.
INSERT INTO "ExposureTally" ("teamId", "staffMemberId", "incidentType", "exposures")
SELECT "teamId", "staffMemberId", "incidentType", COUNT(*) FROM "Exposure" WHERE "deletedAt" IS NULL GROUP BY 1, 2, 3;
INSERT INTO "AgencyTally" ("teamId", "staffMemberId", "agency", "exposures")
SELECT e."teamId", e."staffMemberId", p."agency", COUNT(*) FROM "ExposurePartnerAgency" p JOIN "Exposure" e ON e."id" = p."exposureId"
WHERE e."deletedAt" IS NULL GROUP BY 1, 2, 3;

-- Triggers keep the tallies and the months' versions in the same transaction as every write, by
-- whichever path it comes (forms, import, retention, erasure, cascades), so they cannot drift.
-- A cached month goes as soon as its version rises.
CREATE TRIGGER "TrendMonthVersion_added" AFTER INSERT ON "TrendMonthVersion" BEGIN
  DELETE FROM "TrendMonthCache" WHERE "organisationId" = NEW."organisationId" AND "month" = NEW."month";
END;
CREATE TRIGGER "TrendMonthVersion_raised" AFTER UPDATE ON "TrendMonthVersion" BEGIN
  DELETE FROM "TrendMonthCache" WHERE "organisationId" = NEW."organisationId" AND "month" = NEW."month";
END;

CREATE TRIGGER "Exposure_added" AFTER INSERT ON "Exposure" BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version") VALUES (NEW."organisationId", NEW."occurredMonth", 1)
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "ExposureTally" ("teamId", "staffMemberId", "incidentType", "exposures")
    SELECT NEW."teamId", NEW."staffMemberId", NEW."incidentType", 1 WHERE NEW."deletedAt" IS NULL
    ON CONFLICT ("teamId", "staffMemberId", "incidentType") DO UPDATE SET "exposures" = "exposures" + 1;
END;

CREATE TRIGGER "Exposure_changed" AFTER UPDATE OF "organisationId", "staffMemberId", "teamId", "occurredAt", "occurredMonth", "incidentType", "informationReached", "deletedAt" ON "Exposure" BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version") VALUES (OLD."organisationId", OLD."occurredMonth", 1)
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version") VALUES (NEW."organisationId", NEW."occurredMonth", 1)
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
  UPDATE "ExposureTally" SET "exposures" = "exposures" - 1
    WHERE OLD."deletedAt" IS NULL AND "teamId" = OLD."teamId" AND "staffMemberId" = OLD."staffMemberId" AND "incidentType" = OLD."incidentType";
  INSERT INTO "ExposureTally" ("teamId", "staffMemberId", "incidentType", "exposures")
    SELECT NEW."teamId", NEW."staffMemberId", NEW."incidentType", 1 WHERE NEW."deletedAt" IS NULL
    ON CONFLICT ("teamId", "staffMemberId", "incidentType") DO UPDATE SET "exposures" = "exposures" + 1;
  UPDATE "AgencyTally" SET "exposures" = "exposures" - 1
    WHERE OLD."deletedAt" IS NULL AND "teamId" = OLD."teamId" AND "staffMemberId" = OLD."staffMemberId"
      AND "agency" IN (SELECT "agency" FROM "ExposurePartnerAgency" WHERE "exposureId" = OLD."id");
  INSERT INTO "AgencyTally" ("teamId", "staffMemberId", "agency", "exposures")
    SELECT NEW."teamId", NEW."staffMemberId", "agency", 1 FROM "ExposurePartnerAgency" WHERE "exposureId" = NEW."id" AND NEW."deletedAt" IS NULL
    ON CONFLICT ("teamId", "staffMemberId", "agency") DO UPDATE SET "exposures" = "exposures" + 1;
  DELETE FROM "ExposureTally" WHERE "teamId" = OLD."teamId" AND "staffMemberId" = OLD."staffMemberId" AND "exposures" <= 0;
  DELETE FROM "AgencyTally" WHERE "teamId" = OLD."teamId" AND "staffMemberId" = OLD."staffMemberId" AND "exposures" <= 0;
END;

-- Before, not after: a deleted exposure's agencies are removed by the cascade after the row is gone.
CREATE TRIGGER "Exposure_removed" BEFORE DELETE ON "Exposure" BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version") VALUES (OLD."organisationId", OLD."occurredMonth", 1)
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
  UPDATE "ExposureTally" SET "exposures" = "exposures" - 1
    WHERE OLD."deletedAt" IS NULL AND "teamId" = OLD."teamId" AND "staffMemberId" = OLD."staffMemberId" AND "incidentType" = OLD."incidentType";
  UPDATE "AgencyTally" SET "exposures" = "exposures" - 1
    WHERE OLD."deletedAt" IS NULL AND "teamId" = OLD."teamId" AND "staffMemberId" = OLD."staffMemberId"
      AND "agency" IN (SELECT "agency" FROM "ExposurePartnerAgency" WHERE "exposureId" = OLD."id");
  DELETE FROM "ExposureTally" WHERE "teamId" = OLD."teamId" AND "staffMemberId" = OLD."staffMemberId" AND "exposures" <= 0;
  DELETE FROM "AgencyTally" WHERE "teamId" = OLD."teamId" AND "staffMemberId" = OLD."staffMemberId" AND "exposures" <= 0;
END;

CREATE TRIGGER "ExposurePartnerAgency_added" AFTER INSERT ON "ExposurePartnerAgency" BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = NEW."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "AgencyTally" ("teamId", "staffMemberId", "agency", "exposures")
    SELECT "teamId", "staffMemberId", NEW."agency", 1 FROM "Exposure" WHERE "id" = NEW."exposureId" AND "deletedAt" IS NULL
    ON CONFLICT ("teamId", "staffMemberId", "agency") DO UPDATE SET "exposures" = "exposures" + 1;
END;

-- An agency removed with its exposure finds no live exposure here: Exposure_removed counted it.
CREATE TRIGGER "ExposurePartnerAgency_removed" AFTER DELETE ON "ExposurePartnerAgency" BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = OLD."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
  UPDATE "AgencyTally" SET "exposures" = "exposures" - 1
    WHERE "agency" = OLD."agency" AND ("teamId", "staffMemberId") IN
      (SELECT "teamId", "staffMemberId" FROM "Exposure" WHERE "id" = OLD."exposureId" AND "deletedAt" IS NULL);
  DELETE FROM "AgencyTally" WHERE "agency" = OLD."agency" AND "exposures" <= 0 AND ("teamId", "staffMemberId") IN
    (SELECT "teamId", "staffMemberId" FROM "Exposure" WHERE "id" = OLD."exposureId");
END;

CREATE TRIGGER "ExposurePartnerAgency_changed" AFTER UPDATE ON "ExposurePartnerAgency" BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = OLD."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = NEW."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
  UPDATE "AgencyTally" SET "exposures" = "exposures" - 1
    WHERE "agency" = OLD."agency" AND ("teamId", "staffMemberId") IN
      (SELECT "teamId", "staffMemberId" FROM "Exposure" WHERE "id" = OLD."exposureId" AND "deletedAt" IS NULL);
  INSERT INTO "AgencyTally" ("teamId", "staffMemberId", "agency", "exposures")
    SELECT "teamId", "staffMemberId", NEW."agency", 1 FROM "Exposure" WHERE "id" = NEW."exposureId" AND "deletedAt" IS NULL
    ON CONFLICT ("teamId", "staffMemberId", "agency") DO UPDATE SET "exposures" = "exposures" + 1;
  DELETE FROM "AgencyTally" WHERE "agency" = OLD."agency" AND "exposures" <= 0 AND ("teamId", "staffMemberId") IN
    (SELECT "teamId", "staffMemberId" FROM "Exposure" WHERE "id" = OLD."exposureId");
END;

CREATE TRIGGER "ExposureBarrier_added" AFTER INSERT ON "ExposureBarrier" BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = NEW."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "ExposureBarrier_removed" AFTER DELETE ON "ExposureBarrier" BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = OLD."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "ExposureBarrier_changed" AFTER UPDATE ON "ExposureBarrier" BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = OLD."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = NEW."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "SupportContactExposure_added" AFTER INSERT ON "SupportContactExposure" BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = NEW."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "SupportContactExposure_removed" AFTER DELETE ON "SupportContactExposure" BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = OLD."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "SupportContactExposure_changed" AFTER UPDATE ON "SupportContactExposure" BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = OLD."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = NEW."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
END;

CREATE TRIGGER "FollowUp_added" AFTER INSERT ON "FollowUp" BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = NEW."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "FollowUp_removed" AFTER DELETE ON "FollowUp" BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = OLD."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
END;
CREATE TRIGGER "FollowUp_changed" AFTER UPDATE ON "FollowUp" BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = OLD."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT "organisationId", "occurredMonth", 1 FROM "Exposure" WHERE "id" = NEW."exposureId"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
END;

-- A support contact counts for every exposure it is linked to (its removal removes the links).
CREATE TRIGGER "SupportContact_changed" AFTER UPDATE OF "contactType", "contactedAt", "distress", "deletedAt" ON "SupportContact" BEGIN
  INSERT INTO "TrendMonthVersion" ("organisationId", "month", "version")
    SELECT DISTINCT e."organisationId", e."occurredMonth", 1 FROM "SupportContactExposure" l JOIN "Exposure" e ON e."id" = l."exposureId"
    WHERE l."supportContactId" = NEW."id"
    ON CONFLICT ("organisationId", "month") DO UPDATE SET "version" = "version" + 1;
END;
