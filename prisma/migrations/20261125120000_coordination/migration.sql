-- CreateTable
CREATE TABLE "Interaction" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" DATETIME NOT NULL,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" DATETIME
);

-- CreateTable
CREATE TABLE "ChannelLane" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "nextSendAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME
);

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT NOT NULL,
    "until" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboundMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "parentKey" TEXT,
    "body" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deliveredVersion" INTEGER NOT NULL DEFAULT 0,
    "remoteRef" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "pending" BOOLEAN NOT NULL DEFAULT true,
    "sendingSince" DATETIME
);
INSERT INTO "new_OutboundMessage" ("attempts", "body", "channel", "createdAt", "deliveredVersion", "id", "key", "lastError", "nextAttemptAt", "parentKey", "platform", "remoteRef", "sentAt", "version") SELECT "attempts", "body", "channel", "createdAt", "deliveredVersion", "id", "key", "lastError", "nextAttemptAt", "parentKey", "platform", "remoteRef", "sentAt", "version" FROM "OutboundMessage";
DROP TABLE "OutboundMessage";
ALTER TABLE "new_OutboundMessage" RENAME TO "OutboundMessage";
CREATE UNIQUE INDEX "OutboundMessage_key_key" ON "OutboundMessage"("key");
CREATE INDEX "OutboundMessage_pending_platform_channel_id_idx" ON "OutboundMessage"("pending", "platform", "channel", "id");
CREATE INDEX "OutboundMessage_platform_remoteRef_idx" ON "OutboundMessage"("platform", "remoteRef");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Interaction_state_leaseUntil_idx" ON "Interaction"("state", "leaseUntil");

-- CreateIndex
CREATE INDEX "Interaction_createdAt_idx" ON "Interaction"("createdAt");

-- CreateIndex
CREATE INDEX "ProcessedKey_createdAt_idx" ON "ProcessedKey"("createdAt");


-- Messages delivered before this migration are not pending.
UPDATE "OutboundMessage" SET "pending" = ("deliveredVersion" < "version");
