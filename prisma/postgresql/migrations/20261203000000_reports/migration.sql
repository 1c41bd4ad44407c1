-- AlterTable
ALTER TABLE "StatusReport" ADD COLUMN     "departmentCode" TEXT,
ADD COLUMN     "estimatedAmount" INTEGER;

-- CreateTable
CREATE TABLE "OrgUnitName" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "nameJa" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrgUnitName_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportImage" (
    "id" TEXT NOT NULL,
    "png" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportImage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrgUnitName_kind_code_seenAt_idx" ON "OrgUnitName"("kind", "code", "seenAt");

-- CreateIndex
CREATE UNIQUE INDEX "OrgUnitName_kind_code_nameJa_nameEn_key" ON "OrgUnitName"("kind", "code", "nameJa", "nameEn");

-- CreateIndex
CREATE INDEX "Proposal_createdAt_idx" ON "Proposal"("createdAt");

-- CreateIndex
CREATE INDEX "ReviewRound_openedAt_idx" ON "ReviewRound"("openedAt");

-- CreateIndex
CREATE INDEX "Agreement_proposalId_idx" ON "Agreement"("proposalId");

-- CreateIndex
CREATE INDEX "Agreement_concludedAt_idx" ON "Agreement"("concludedAt");

-- CreateIndex
CREATE INDEX "StatusReport_createdAt_idx" ON "StatusReport"("createdAt");

-- CreateIndex
CREATE INDEX "Reminder_kind_dueAt_idx" ON "Reminder"("kind", "dueAt");

