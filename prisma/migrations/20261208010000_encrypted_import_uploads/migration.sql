-- An uploaded import file is kept encrypted (AES-256-GCM with ENCRYPTION_KEY, as notes are), so its
-- text, notes included, never reaches the database file or its WAL in clear.
--
-- Files uploaded before this were kept in clear. They are dropped with their table, not carried
-- over: an upload lives a day at most, and the admin uploads the file again. VACUUM then rebuilds
-- the file from the rows it holds, so nothing of those files, nor of uploads deleted earlier (whose
-- freed pages kept their text), stays in it. The Prisma CLI runs this script outside a transaction,
-- as VACUUM needs, and checkpoints the WAL into the rebuilt file and removes it when it closes.
DROP TABLE "ImportUpload";

CREATE TABLE "ImportUpload" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentEncrypted" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ImportUpload_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "ImportUpload_organisationId_createdAt_idx" ON "ImportUpload"("organisationId", "createdAt");

VACUUM;
