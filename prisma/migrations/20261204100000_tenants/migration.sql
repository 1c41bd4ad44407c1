-- CreateTable
CREATE TABLE "Municipality" (
    "slug" TEXT NOT NULL PRIMARY KEY,
    "config" TEXT NOT NULL,
    "intakeTokenHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Company" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "name" TEXT NOT NULL,
    "normalizedName" TEXT NOT NULL,
    "corporateNumber" TEXT,
    "contactName" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Company" ("contactName", "corporateNumber", "createdAt", "email", "id", "name", "normalizedName", "phone", "updatedAt") SELECT "contactName", "corporateNumber", "createdAt", "email", "id", "name", "normalizedName", "phone", "updatedAt" FROM "Company";
DROP TABLE "Company";
ALTER TABLE "new_Company" RENAME TO "Company";
CREATE INDEX "Company_tenantId_normalizedName_idx" ON "Company"("tenantId", "normalizedName");
CREATE UNIQUE INDEX "Company_tenantId_corporateNumber_key" ON "Company"("tenantId", "corporateNumber");
CREATE TABLE "new_Proposal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
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
    "submittedCorporateNumber" TEXT,
    "challengeId" TEXT,
    "statusTokenHash" TEXT,
    "withdrawnAt" DATETIME,
    "locale" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Proposal_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Proposal_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Proposal" ("challengeId", "companyBearsDevCost", "companyId", "contactName", "costToCity", "createdAt", "desiredStart", "email", "fields", "id", "locale", "number", "ownerDepartment", "ownerOpinion", "pattern", "phone", "source", "status", "statusTokenHash", "submittedCompanyName", "submittedCorporateNumber", "summary", "title", "updatedAt", "withdrawnAt") SELECT "challengeId", "companyBearsDevCost", "companyId", "contactName", "costToCity", "createdAt", "desiredStart", "email", "fields", "id", "locale", "number", "ownerDepartment", "ownerOpinion", "pattern", "phone", "source", "status", "statusTokenHash", "submittedCompanyName", "submittedCorporateNumber", "summary", "title", "updatedAt", "withdrawnAt" FROM "Proposal";
DROP TABLE "Proposal";
ALTER TABLE "new_Proposal" RENAME TO "Proposal";
CREATE UNIQUE INDEX "Proposal_statusTokenHash_key" ON "Proposal"("statusTokenHash");
CREATE INDEX "Proposal_companyId_idx" ON "Proposal"("companyId");
CREATE INDEX "Proposal_tenantId_status_idx" ON "Proposal"("tenantId", "status");
CREATE INDEX "Proposal_challengeId_idx" ON "Proposal"("challengeId");
CREATE INDEX "Proposal_createdAt_idx" ON "Proposal"("createdAt");
CREATE INDEX "Proposal_report_idx" ON "Proposal"("tenantId", "createdAt", "ownerDepartment", "withdrawnAt", "id", "source", "challengeId", "pattern", "fields");
CREATE UNIQUE INDEX "Proposal_tenantId_number_key" ON "Proposal"("tenantId", "number");
CREATE TABLE "new_Challenge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
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
    "closedAt" DATETIME,
    "changedAt" DATETIME,
    "changeKind" TEXT,
    "withdrawnAt" DATETIME,
    "withdrawReason" TEXT
);
INSERT INTO "new_Challenge" ("changeKind", "changedAt", "closedAt", "closesAt", "createdAt", "deadline", "departmentCode", "description", "id", "kind", "number", "publishedBy", "state", "title", "withdrawReason", "withdrawnAt") SELECT "changeKind", "changedAt", "closedAt", "closesAt", "createdAt", "deadline", "departmentCode", "description", "id", "kind", "number", "publishedBy", "state", "title", "withdrawReason", "withdrawnAt" FROM "Challenge";
DROP TABLE "Challenge";
ALTER TABLE "new_Challenge" RENAME TO "Challenge";
CREATE INDEX "Challenge_state_closesAt_idx" ON "Challenge"("state", "closesAt");
CREATE UNIQUE INDEX "Challenge_tenantId_number_key" ON "Challenge"("tenantId", "number");
CREATE TABLE "new_Routing" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "proposalId" TEXT NOT NULL,
    "departmentCode" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reason" TEXT,
    "respondedBy" TEXT,
    "respondedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Routing_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Routing" ("createdAt", "departmentCode", "id", "proposalId", "reason", "respondedAt", "respondedBy", "state") SELECT "createdAt", "departmentCode", "id", "proposalId", "reason", "respondedAt", "respondedBy", "state" FROM "Routing";
DROP TABLE "Routing";
ALTER TABLE "new_Routing" RENAME TO "Routing";
CREATE INDEX "Routing_state_idx" ON "Routing"("state");
CREATE UNIQUE INDEX "Routing_proposalId_departmentCode_key" ON "Routing"("proposalId", "departmentCode");
CREATE TABLE "new_ReviewRound" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "proposalId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "openedBy" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadline" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "closedBy" TEXT,
    "closeReason" TEXT,
    CONSTRAINT "ReviewRound_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ReviewRound" ("closeReason", "closedAt", "closedBy", "deadline", "id", "number", "openedAt", "openedBy", "proposalId", "state") SELECT "closeReason", "closedAt", "closedBy", "deadline", "id", "number", "openedAt", "openedBy", "proposalId", "state" FROM "ReviewRound";
DROP TABLE "ReviewRound";
ALTER TABLE "new_ReviewRound" RENAME TO "ReviewRound";
CREATE INDEX "ReviewRound_state_deadline_idx" ON "ReviewRound"("state", "deadline");
CREATE INDEX "ReviewRound_openedAt_idx" ON "ReviewRound"("openedAt");
CREATE UNIQUE INDEX "ReviewRound_proposalId_number_key" ON "ReviewRound"("proposalId", "number");
CREATE TABLE "new_Vote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "roundId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "comment" TEXT,
    "platform" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Vote_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "ReviewRound" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Vote" ("choice", "comment", "createdAt", "id", "memberId", "platform", "roundId", "updatedAt") SELECT "choice", "comment", "createdAt", "id", "memberId", "platform", "roundId", "updatedAt" FROM "Vote";
DROP TABLE "Vote";
ALTER TABLE "new_Vote" RENAME TO "Vote";
CREATE UNIQUE INDEX "Vote_roundId_memberId_key" ON "Vote"("roundId", "memberId");
CREATE TABLE "new_Agreement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "number" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "proposalId" TEXT,
    "companyId" TEXT NOT NULL,
    "companyName" TEXT,
    "title" TEXT NOT NULL,
    "pattern" TEXT NOT NULL,
    "departmentCode" TEXT NOT NULL,
    "startDate" TEXT NOT NULL,
    "endDate" TEXT,
    "costToCity" BOOLEAN NOT NULL DEFAULT false,
    "moneyTerms" TEXT,
    "documentUrl" TEXT,
    "exceptionReason" TEXT,
    "exceptionApprovedBy" TEXT,
    "consentBy" TEXT,
    "consentReason" TEXT,
    "notes" TEXT,
    "state" TEXT NOT NULL,
    "predecessorId" TEXT,
    "endDecision" TEXT,
    "approvalRoundId" TEXT,
    "concludedAt" DATETIME,
    "origin" TEXT NOT NULL DEFAULT 'window',
    "needsSupport" BOOLEAN NOT NULL DEFAULT false,
    "companyContact" TEXT,
    "cityContact" TEXT,
    "importKey" TEXT,
    "extra" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Agreement_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Agreement_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Agreement_predecessorId_fkey" FOREIGN KEY ("predecessorId") REFERENCES "Agreement" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Agreement" ("approvalRoundId", "cityContact", "companyContact", "companyId", "companyName", "concludedAt", "consentBy", "consentReason", "costToCity", "createdAt", "createdBy", "departmentCode", "documentUrl", "endDate", "endDecision", "exceptionApprovedBy", "exceptionReason", "extra", "id", "importKey", "kind", "moneyTerms", "needsSupport", "notes", "number", "origin", "pattern", "predecessorId", "proposalId", "startDate", "state", "title", "updatedAt") SELECT "approvalRoundId", "cityContact", "companyContact", "companyId", "companyName", "concludedAt", "consentBy", "consentReason", "costToCity", "createdAt", "createdBy", "departmentCode", "documentUrl", "endDate", "endDecision", "exceptionApprovedBy", "exceptionReason", "extra", "id", "importKey", "kind", "moneyTerms", "needsSupport", "notes", "number", "origin", "pattern", "predecessorId", "proposalId", "startDate", "state", "title", "updatedAt" FROM "Agreement";
DROP TABLE "Agreement";
ALTER TABLE "new_Agreement" RENAME TO "Agreement";
CREATE UNIQUE INDEX "Agreement_predecessorId_key" ON "Agreement"("predecessorId");
CREATE INDEX "Agreement_state_endDate_idx" ON "Agreement"("state", "endDate");
CREATE INDEX "Agreement_proposalId_idx" ON "Agreement"("proposalId");
CREATE INDEX "Agreement_concludedAt_idx" ON "Agreement"("concludedAt");
CREATE UNIQUE INDEX "Agreement_tenantId_number_key" ON "Agreement"("tenantId", "number");
CREATE UNIQUE INDEX "Agreement_tenantId_importKey_key" ON "Agreement"("tenantId", "importKey");
CREATE TABLE "new_StatusReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "agreementId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "done" TEXT NOT NULL,
    "outcomes" TEXT,
    "problems" TEXT,
    "reportedBy" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "estimatedAmount" INTEGER,
    "departmentCode" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StatusReport_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_StatusReport" ("agreementId", "createdAt", "departmentCode", "done", "estimatedAmount", "id", "outcomes", "platform", "problems", "reportedBy", "status") SELECT "agreementId", "createdAt", "departmentCode", "done", "estimatedAmount", "id", "outcomes", "platform", "problems", "reportedBy", "status" FROM "StatusReport";
DROP TABLE "StatusReport";
ALTER TABLE "new_StatusReport" RENAME TO "StatusReport";
CREATE INDEX "StatusReport_agreementId_idx" ON "StatusReport"("agreementId");
CREATE INDEX "StatusReport_createdAt_idx" ON "StatusReport"("createdAt");
CREATE TABLE "new_OrgUnitName" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "kind" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "nameJa" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "seenAt" DATETIME NOT NULL
);
INSERT INTO "new_OrgUnitName" ("code", "id", "kind", "nameEn", "nameJa", "seenAt") SELECT "code", "id", "kind", "nameEn", "nameJa", "seenAt" FROM "OrgUnitName";
DROP TABLE "OrgUnitName";
ALTER TABLE "new_OrgUnitName" RENAME TO "OrgUnitName";
CREATE INDEX "OrgUnitName_kind_code_seenAt_idx" ON "OrgUnitName"("kind", "code", "seenAt");
CREATE UNIQUE INDEX "OrgUnitName_tenantId_kind_code_nameJa_nameEn_key" ON "OrgUnitName"("tenantId", "kind", "code", "nameJa", "nameEn");
CREATE TABLE "new_ReportImage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "png" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_ReportImage" ("createdAt", "id", "png") SELECT "createdAt", "id", "png" FROM "ReportImage";
DROP TABLE "ReportImage";
ALTER TABLE "new_ReportImage" RENAME TO "ReportImage";
CREATE TABLE "new_DisasterRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "companyId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "departmentCode" TEXT,
    "counterparties" TEXT,
    "concludedOn" TEXT,
    "endDate" TEXT,
    "helpKinds" TEXT,
    "lastUsedOn" TEXT,
    "companyContact" TEXT,
    "cityContact" TEXT,
    "state" TEXT NOT NULL DEFAULT 'active',
    "importKey" TEXT,
    "extra" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DisasterRecord_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_DisasterRecord" ("cityContact", "companyContact", "companyId", "concludedOn", "counterparties", "createdAt", "departmentCode", "endDate", "extra", "helpKinds", "id", "importKey", "lastUsedOn", "source", "state", "summary", "title") SELECT "cityContact", "companyContact", "companyId", "concludedOn", "counterparties", "createdAt", "departmentCode", "endDate", "extra", "helpKinds", "id", "importKey", "lastUsedOn", "source", "state", "summary", "title" FROM "DisasterRecord";
DROP TABLE "DisasterRecord";
ALTER TABLE "new_DisasterRecord" RENAME TO "DisasterRecord";
CREATE UNIQUE INDEX "DisasterRecord_tenantId_importKey_key" ON "DisasterRecord"("tenantId", "importKey");
CREATE TABLE "new_SurveyRound" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "number" INTEGER NOT NULL,
    "deadline" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "startedBy" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "summary" TEXT
);
INSERT INTO "new_SurveyRound" ("closedAt", "deadline", "id", "number", "startedAt", "startedBy", "state", "summary") SELECT "closedAt", "deadline", "id", "number", "startedAt", "startedBy", "state", "summary" FROM "SurveyRound";
DROP TABLE "SurveyRound";
ALTER TABLE "new_SurveyRound" RENAME TO "SurveyRound";
CREATE INDEX "SurveyRound_state_deadline_idx" ON "SurveyRound"("state", "deadline");
CREATE UNIQUE INDEX "SurveyRound_tenantId_number_key" ON "SurveyRound"("tenantId", "number");
CREATE TABLE "new_SurveyRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "roundId" TEXT NOT NULL,
    "departmentCode" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "answeredAt" DATETIME,
    "answeredBy" TEXT,
    CONSTRAINT "SurveyRequest_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "SurveyRound" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_SurveyRequest" ("answeredAt", "answeredBy", "departmentCode", "id", "items", "roundId", "state") SELECT "answeredAt", "answeredBy", "departmentCode", "id", "items", "roundId", "state" FROM "SurveyRequest";
DROP TABLE "SurveyRequest";
ALTER TABLE "new_SurveyRequest" RENAME TO "SurveyRequest";
CREATE UNIQUE INDEX "SurveyRequest_roundId_departmentCode_key" ON "SurveyRequest"("roundId", "departmentCode");
CREATE TABLE "new_SurveyAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "requestId" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT,
    "inForce" BOOLEAN,
    "companyContact" TEXT,
    "cityContact" TEXT,
    "lastUsedOn" TEXT,
    "text" TEXT,
    "changed" BOOLEAN NOT NULL DEFAULT false,
    "answeredBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_SurveyAnswer" ("answeredBy", "changed", "cityContact", "companyContact", "createdAt", "id", "inForce", "lastUsedOn", "requestId", "subjectId", "subjectType", "text") SELECT "answeredBy", "changed", "cityContact", "companyContact", "createdAt", "id", "inForce", "lastUsedOn", "requestId", "subjectId", "subjectType", "text" FROM "SurveyAnswer";
DROP TABLE "SurveyAnswer";
ALTER TABLE "new_SurveyAnswer" RENAME TO "SurveyAnswer";
CREATE INDEX "SurveyAnswer_requestId_idx" ON "SurveyAnswer"("requestId");
CREATE TABLE "new_AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "proposalId" TEXT,
    "data" TEXT
);
INSERT INTO "new_AuditEvent" ("action", "actor", "at", "data", "id", "platform", "proposalId", "subjectId", "subjectType") SELECT "action", "actor", "at", "data", "id", "platform", "proposalId", "subjectId", "subjectType" FROM "AuditEvent";
DROP TABLE "AuditEvent";
ALTER TABLE "new_AuditEvent" RENAME TO "AuditEvent";
CREATE INDEX "AuditEvent_proposalId_idx" ON "AuditEvent"("proposalId");
CREATE INDEX "AuditEvent_subjectType_subjectId_idx" ON "AuditEvent"("subjectType", "subjectId");
CREATE TABLE "new_Interaction" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "platform" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" DATETIME NOT NULL,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" DATETIME
);
INSERT INTO "new_Interaction" ("attempts", "createdAt", "doneAt", "key", "lastError", "leaseUntil", "payload", "platform", "state") SELECT "attempts", "createdAt", "doneAt", "key", "lastError", "leaseUntil", "payload", "platform", "state" FROM "Interaction";
DROP TABLE "Interaction";
ALTER TABLE "new_Interaction" RENAME TO "Interaction";
CREATE INDEX "Interaction_state_leaseUntil_idx" ON "Interaction"("state", "leaseUntil");
CREATE INDEX "Interaction_createdAt_idx" ON "Interaction"("createdAt");
CREATE TABLE "new_OutboundMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
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
INSERT INTO "new_OutboundMessage" ("attempts", "body", "channel", "createdAt", "deliveredVersion", "id", "key", "lastError", "nextAttemptAt", "parentKey", "pending", "platform", "remoteRef", "sendingSince", "sentAt", "version") SELECT "attempts", "body", "channel", "createdAt", "deliveredVersion", "id", "key", "lastError", "nextAttemptAt", "parentKey", "pending", "platform", "remoteRef", "sendingSince", "sentAt", "version" FROM "OutboundMessage";
DROP TABLE "OutboundMessage";
ALTER TABLE "new_OutboundMessage" RENAME TO "OutboundMessage";
CREATE UNIQUE INDEX "OutboundMessage_key_key" ON "OutboundMessage"("key");
CREATE INDEX "OutboundMessage_pending_platform_channel_id_idx" ON "OutboundMessage"("pending", "platform", "channel", "id");
CREATE INDEX "OutboundMessage_platform_remoteRef_idx" ON "OutboundMessage"("platform", "remoteRef");
CREATE TABLE "new_Reminder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "state" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "messageKey" TEXT,
    "queuedAt" DATETIME,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Reminder" ("createdAt", "dueAt", "id", "key", "kind", "late", "messageKey", "queuedAt", "sentAt", "state", "subjectId", "subjectType") SELECT "createdAt", "dueAt", "id", "key", "kind", "late", "messageKey", "queuedAt", "sentAt", "state", "subjectId", "subjectType" FROM "Reminder";
DROP TABLE "Reminder";
ALTER TABLE "new_Reminder" RENAME TO "Reminder";
CREATE UNIQUE INDEX "Reminder_key_key" ON "Reminder"("key");
CREATE INDEX "Reminder_state_dueAt_idx" ON "Reminder"("state", "dueAt");
CREATE INDEX "Reminder_subjectType_subjectId_idx" ON "Reminder"("subjectType", "subjectId");
CREATE INDEX "Reminder_kind_dueAt_idx" ON "Reminder"("kind", "dueAt");
CREATE TABLE "new_ConversationRef" (
    "conversationId" TEXT NOT NULL PRIMARY KEY,
    "reference" TEXT NOT NULL,
    "departmentCode" TEXT,
    "tenantId" TEXT NOT NULL DEFAULT 'default',
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_ConversationRef" ("conversationId", "departmentCode", "reference", "updatedAt") SELECT "conversationId", "departmentCode", "reference", "updatedAt" FROM "ConversationRef";
DROP TABLE "ConversationRef";
ALTER TABLE "new_ConversationRef" RENAME TO "ConversationRef";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Municipality_intakeTokenHash_key" ON "Municipality"("intakeTokenHash");

