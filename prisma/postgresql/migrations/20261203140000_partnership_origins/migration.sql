-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'window',
ADD COLUMN     "needsSupport" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "companyContact" TEXT,
ADD COLUMN     "cityContact" TEXT,
ADD COLUMN     "importKey" TEXT,
ADD COLUMN     "extra" TEXT;

-- AlterTable
ALTER TABLE "DisasterRecord" ADD COLUMN     "departmentCode" TEXT,
ADD COLUMN     "counterparties" TEXT,
ADD COLUMN     "concludedOn" TEXT,
ADD COLUMN     "endDate" TEXT,
ADD COLUMN     "helpKinds" TEXT,
ADD COLUMN     "lastUsedOn" TEXT,
ADD COLUMN     "companyContact" TEXT,
ADD COLUMN     "cityContact" TEXT,
ADD COLUMN     "state" TEXT NOT NULL DEFAULT 'active',
ADD COLUMN     "importKey" TEXT,
ADD COLUMN     "extra" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Agreement_importKey_key" ON "Agreement"("importKey");

-- CreateIndex
CREATE UNIQUE INDEX "DisasterRecord_importKey_key" ON "DisasterRecord"("importKey");
