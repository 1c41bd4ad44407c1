-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "changedAt" TIMESTAMP(3),
ADD COLUMN     "changeKind" TEXT,
ADD COLUMN     "withdrawnAt" TIMESTAMP(3),
ADD COLUMN     "withdrawReason" TEXT;
