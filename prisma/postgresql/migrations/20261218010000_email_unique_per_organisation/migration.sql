-- An e-mail address is unique within its organisation only: the same person may hold an account in
-- several, and inviting an address known elsewhere must behave like any other invitation.
-- DropIndex
DROP INDEX "User_email_key";

-- CreateIndex
CREATE INDEX "User_email_idx" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "User_organisationId_email_key" ON "User"("organisationId", "email");
