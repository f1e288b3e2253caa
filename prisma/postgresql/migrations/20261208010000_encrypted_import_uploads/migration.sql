-- An uploaded import file is kept encrypted (AES-256-GCM with ENCRYPTION_KEY, as notes are), so its
-- text, notes included, is never written to the database in clear.
--
-- Files uploaded before this were kept in clear. They are not carried over (an upload lives a day
-- at most; the admin uploads the file again): TRUNCATE gives the table new, empty files and removes
-- the old ones, with their clear text, when this migration commits.
TRUNCATE "ImportUpload";

-- AlterTable
ALTER TABLE "ImportUpload" DROP COLUMN "content",
ADD COLUMN     "contentEncrypted" TEXT NOT NULL;
