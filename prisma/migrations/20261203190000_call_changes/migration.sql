-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN "changedAt" DATETIME;
ALTER TABLE "Challenge" ADD COLUMN "changeKind" TEXT;
ALTER TABLE "Challenge" ADD COLUMN "withdrawnAt" DATETIME;
ALTER TABLE "Challenge" ADD COLUMN "withdrawReason" TEXT;
