-- Reminders by e-mail: each person may turn theirs off, and every reminder sent is recorded once per
-- person, kind and local day, so a restart or a second app server never sends it twice.

-- AlterTable
ALTER TABLE "User" ADD COLUMN "remindersByEmail" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "ReminderSent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReminderSent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ReminderSent_userId_kind_day_key" ON "ReminderSent"("userId", "kind", "day");
