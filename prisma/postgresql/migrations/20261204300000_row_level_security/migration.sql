-- Row-level security: a second guard behind the repositories' own tenant filter (src/db/postgres.ts).
-- Inside the bot's transactions the municipality is set (SET LOCAL app.tenant, via set_config): a query
-- there sees and writes that municipality's rows only, whatever its WHERE says. Outside them (the pool's
-- reads, the outbox's deployment-wide work) app.tenant is unset and the policy lets the query's own
-- filter decide. FORCE: the tables' owner is held to it too. A superuser (or a role with BYPASSRLS) is
-- never held by any policy: connect the bot as an ordinary role (README, "Several municipalities").

ALTER TABLE "Company" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Company" FORCE ROW LEVEL SECURITY;
CREATE POLICY "Company_tenant" ON "Company"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "Proposal" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Proposal" FORCE ROW LEVEL SECURITY;
CREATE POLICY "Proposal_tenant" ON "Proposal"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "Challenge" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Challenge" FORCE ROW LEVEL SECURITY;
CREATE POLICY "Challenge_tenant" ON "Challenge"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "Routing" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Routing" FORCE ROW LEVEL SECURITY;
CREATE POLICY "Routing_tenant" ON "Routing"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "ReviewRound" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ReviewRound" FORCE ROW LEVEL SECURITY;
CREATE POLICY "ReviewRound_tenant" ON "ReviewRound"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "Vote" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Vote" FORCE ROW LEVEL SECURITY;
CREATE POLICY "Vote_tenant" ON "Vote"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "Agreement" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Agreement" FORCE ROW LEVEL SECURITY;
CREATE POLICY "Agreement_tenant" ON "Agreement"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "StatusReport" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "StatusReport" FORCE ROW LEVEL SECURITY;
CREATE POLICY "StatusReport_tenant" ON "StatusReport"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "OrgUnitName" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "OrgUnitName" FORCE ROW LEVEL SECURITY;
CREATE POLICY "OrgUnitName_tenant" ON "OrgUnitName"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "ReportImage" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ReportImage" FORCE ROW LEVEL SECURITY;
CREATE POLICY "ReportImage_tenant" ON "ReportImage"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "DisasterRecord" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "DisasterRecord" FORCE ROW LEVEL SECURITY;
CREATE POLICY "DisasterRecord_tenant" ON "DisasterRecord"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "SurveyRound" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "SurveyRound" FORCE ROW LEVEL SECURITY;
CREATE POLICY "SurveyRound_tenant" ON "SurveyRound"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "SurveyRequest" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "SurveyRequest" FORCE ROW LEVEL SECURITY;
CREATE POLICY "SurveyRequest_tenant" ON "SurveyRequest"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "SurveyAnswer" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "SurveyAnswer" FORCE ROW LEVEL SECURITY;
CREATE POLICY "SurveyAnswer_tenant" ON "SurveyAnswer"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "AuditEvent" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "AuditEvent" FORCE ROW LEVEL SECURITY;
CREATE POLICY "AuditEvent_tenant" ON "AuditEvent"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "Reminder" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Reminder" FORCE ROW LEVEL SECURITY;
CREATE POLICY "Reminder_tenant" ON "Reminder"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "Interaction" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Interaction" FORCE ROW LEVEL SECURITY;
CREATE POLICY "Interaction_tenant" ON "Interaction"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));

ALTER TABLE "OutboundMessage" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "OutboundMessage" FORCE ROW LEVEL SECURITY;
CREATE POLICY "OutboundMessage_tenant" ON "OutboundMessage"
  USING (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true))
  WITH CHECK (COALESCE(current_setting('app.tenant', true), '') = '' OR "tenantId" = current_setting('app.tenant', true));
