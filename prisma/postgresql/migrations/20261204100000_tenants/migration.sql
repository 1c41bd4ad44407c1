-- DropIndex
DROP INDEX "Company_corporateNumber_key";

-- DropIndex
DROP INDEX "Company_normalizedName_idx";

-- DropIndex
DROP INDEX "Proposal_number_key";

-- DropIndex
DROP INDEX "Proposal_status_idx";

-- DropIndex
DROP INDEX "Proposal_report_idx";

-- DropIndex
DROP INDEX "Challenge_number_key";

-- DropIndex
DROP INDEX "Agreement_number_key";

-- DropIndex
DROP INDEX "Agreement_importKey_key";

-- DropIndex
DROP INDEX "OrgUnitName_kind_code_nameJa_nameEn_key";

-- DropIndex
DROP INDEX "DisasterRecord_importKey_key";

-- DropIndex
DROP INDEX "SurveyRound_number_key";

-- AlterTable
ALTER TABLE "Company" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "Routing" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "ReviewRound" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "Vote" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "StatusReport" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "OrgUnitName" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "ReportImage" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "DisasterRecord" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "SurveyRound" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "SurveyRequest" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "SurveyAnswer" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "Interaction" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "OutboundMessage" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "Reminder" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- AlterTable
ALTER TABLE "ConversationRef" ADD COLUMN     "tenantId" TEXT NOT NULL DEFAULT 'default';

-- CreateTable
CREATE TABLE "Municipality" (
    "slug" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "intakeTokenHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Municipality_pkey" PRIMARY KEY ("slug")
);

-- CreateIndex
CREATE UNIQUE INDEX "Municipality_intakeTokenHash_key" ON "Municipality"("intakeTokenHash");

-- CreateIndex
CREATE INDEX "Company_tenantId_normalizedName_idx" ON "Company"("tenantId", "normalizedName");

-- CreateIndex
CREATE UNIQUE INDEX "Company_tenantId_corporateNumber_key" ON "Company"("tenantId", "corporateNumber");

-- CreateIndex
CREATE INDEX "Proposal_tenantId_status_idx" ON "Proposal"("tenantId", "status");

-- CreateIndex
CREATE INDEX "Proposal_report_idx" ON "Proposal"("tenantId", "createdAt", "ownerDepartment", "withdrawnAt", "id", "source", "challengeId", "pattern", "fields");

-- CreateIndex
CREATE UNIQUE INDEX "Proposal_tenantId_number_key" ON "Proposal"("tenantId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Challenge_tenantId_number_key" ON "Challenge"("tenantId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Agreement_tenantId_number_key" ON "Agreement"("tenantId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Agreement_tenantId_importKey_key" ON "Agreement"("tenantId", "importKey");

-- CreateIndex
CREATE UNIQUE INDEX "OrgUnitName_tenantId_kind_code_nameJa_nameEn_key" ON "OrgUnitName"("tenantId", "kind", "code", "nameJa", "nameEn");

-- CreateIndex
CREATE UNIQUE INDEX "DisasterRecord_tenantId_importKey_key" ON "DisasterRecord"("tenantId", "importKey");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyRound_tenantId_number_key" ON "SurveyRound"("tenantId", "number");

