-- AlterTable
ALTER TABLE "TrendMonthCache" ADD COLUMN "protection" TEXT NOT NULL DEFAULT '{}';
