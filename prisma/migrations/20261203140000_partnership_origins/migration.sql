-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN "origin" TEXT NOT NULL DEFAULT 'window';
ALTER TABLE "Agreement" ADD COLUMN "needsSupport" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Agreement" ADD COLUMN "companyContact" TEXT;
ALTER TABLE "Agreement" ADD COLUMN "cityContact" TEXT;
ALTER TABLE "Agreement" ADD COLUMN "importKey" TEXT;
ALTER TABLE "Agreement" ADD COLUMN "extra" TEXT;

-- AlterTable
ALTER TABLE "DisasterRecord" ADD COLUMN "departmentCode" TEXT;
ALTER TABLE "DisasterRecord" ADD COLUMN "counterparties" TEXT;
ALTER TABLE "DisasterRecord" ADD COLUMN "concludedOn" TEXT;
ALTER TABLE "DisasterRecord" ADD COLUMN "endDate" TEXT;
ALTER TABLE "DisasterRecord" ADD COLUMN "helpKinds" TEXT;
ALTER TABLE "DisasterRecord" ADD COLUMN "lastUsedOn" TEXT;
ALTER TABLE "DisasterRecord" ADD COLUMN "companyContact" TEXT;
ALTER TABLE "DisasterRecord" ADD COLUMN "cityContact" TEXT;
ALTER TABLE "DisasterRecord" ADD COLUMN "state" TEXT NOT NULL DEFAULT 'active';
ALTER TABLE "DisasterRecord" ADD COLUMN "importKey" TEXT;
ALTER TABLE "DisasterRecord" ADD COLUMN "extra" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Agreement_importKey_key" ON "Agreement"("importKey");

-- CreateIndex
CREATE UNIQUE INDEX "DisasterRecord_importKey_key" ON "DisasterRecord"("importKey");
