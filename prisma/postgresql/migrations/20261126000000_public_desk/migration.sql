-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "companyName" TEXT;

-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "challengeId" TEXT,
ADD COLUMN     "statusTokenHash" TEXT,
ADD COLUMN     "submittedCompanyName" TEXT;

-- CreateTable
CREATE TABLE "Challenge" (
    "id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "departmentCode" TEXT NOT NULL,
    "deadline" TEXT NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "state" TEXT NOT NULL,
    "publishedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Challenge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Challenge_number_key" ON "Challenge"("number");

-- CreateIndex
CREATE INDEX "Challenge_state_closesAt_idx" ON "Challenge"("state", "closesAt");

-- CreateIndex
CREATE UNIQUE INDEX "Proposal_statusTokenHash_key" ON "Proposal"("statusTokenHash");

-- CreateIndex
CREATE INDEX "Proposal_challengeId_idx" ON "Proposal"("challengeId");

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge"("id") ON DELETE SET NULL ON UPDATE CASCADE;
