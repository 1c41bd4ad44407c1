-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN "withdrawnAt" DATETIME;
