-- CreateTable
CREATE TABLE "Challenge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "departmentCode" TEXT NOT NULL,
    "deadline" TEXT NOT NULL,
    "closesAt" DATETIME NOT NULL,
    "state" TEXT NOT NULL,
    "publishedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME
);

-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN "companyName" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Proposal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" INTEGER NOT NULL,
    "companyId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "pattern" TEXT NOT NULL,
    "costToCity" BOOLEAN NOT NULL,
    "desiredStart" TEXT,
    "contactName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "ownerDepartment" TEXT,
    "ownerOpinion" TEXT,
    "companyBearsDevCost" BOOLEAN NOT NULL DEFAULT false,
    "submittedCompanyName" TEXT,
    "challengeId" TEXT,
    "statusTokenHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Proposal_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Proposal_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Proposal" ("companyBearsDevCost", "companyId", "contactName", "costToCity", "createdAt", "desiredStart", "email", "fields", "id", "number", "ownerDepartment", "ownerOpinion", "pattern", "phone", "source", "status", "summary", "title", "updatedAt") SELECT "companyBearsDevCost", "companyId", "contactName", "costToCity", "createdAt", "desiredStart", "email", "fields", "id", "number", "ownerDepartment", "ownerOpinion", "pattern", "phone", "source", "status", "summary", "title", "updatedAt" FROM "Proposal";
DROP TABLE "Proposal";
ALTER TABLE "new_Proposal" RENAME TO "Proposal";
CREATE UNIQUE INDEX "Proposal_number_key" ON "Proposal"("number");
CREATE UNIQUE INDEX "Proposal_statusTokenHash_key" ON "Proposal"("statusTokenHash");
CREATE INDEX "Proposal_companyId_idx" ON "Proposal"("companyId");
CREATE INDEX "Proposal_status_idx" ON "Proposal"("status");
CREATE INDEX "Proposal_challengeId_idx" ON "Proposal"("challengeId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Challenge_number_key" ON "Challenge"("number");

-- CreateIndex
CREATE INDEX "Challenge_state_closesAt_idx" ON "Challenge"("state", "closesAt");

