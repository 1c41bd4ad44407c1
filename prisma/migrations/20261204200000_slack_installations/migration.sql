-- CreateTable
CREATE TABLE "SlackInstallation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "installKey" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "teamId" TEXT,
    "enterpriseId" TEXT,
    "isEnterpriseInstall" BOOLEAN NOT NULL DEFAULT false,
    "botUserId" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "botTokenEnc" TEXT,
    "botRefreshTokenEnc" TEXT,
    "botTokenExpiresAt" DATETIME,
    "scopes" TEXT NOT NULL,
    "installerUserId" TEXT NOT NULL,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "revokedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "SlackInstallation_installKey_key" ON "SlackInstallation"("installKey");

-- CreateIndex
CREATE INDEX "SlackInstallation_tenantId_idx" ON "SlackInstallation"("tenantId");
