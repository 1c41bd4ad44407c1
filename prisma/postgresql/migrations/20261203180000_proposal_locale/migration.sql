-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "locale" TEXT;
