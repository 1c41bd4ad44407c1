-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN "submittedCorporateNumber" TEXT;
