-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "withdrawnAt" TIMESTAMP(3);
