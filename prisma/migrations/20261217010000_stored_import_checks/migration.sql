-- An uploaded file is checked once, in the background, and what the check found is kept with it
-- (encrypted, as the file is), so its page reads the result instead of checking the file again.

-- AlterTable
ALTER TABLE "ImportUpload" ADD COLUMN "analysisEncrypted" TEXT;
ALTER TABLE "ImportUpload" ADD COLUMN "analysedChoices" TEXT;
