-- Figures are published once a month has ended and settled, and never changed afterwards
-- (docs/decisions/0005-published-figures.md).

-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN     "publicationDelayDays" INTEGER NOT NULL DEFAULT 7;

-- CreateTable
CREATE TABLE "PublishedMonth" (
    "organisationId" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "isEmpty" BOOLEAN NOT NULL DEFAULT false,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scope" TEXT NOT NULL,
    "figures" TEXT NOT NULL,
    "pulse" TEXT NOT NULL,

    CONSTRAINT "PublishedMonth_pkey" PRIMARY KEY ("organisationId","audience","month")
);

-- AddForeignKey
ALTER TABLE "PublishedMonth" ADD CONSTRAINT "PublishedMonth_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
