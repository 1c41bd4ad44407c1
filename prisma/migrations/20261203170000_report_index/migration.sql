-- CreateIndex
CREATE INDEX "Proposal_report_idx" ON "Proposal"("createdAt", "ownerDepartment", "withdrawnAt", "id", "source", "challengeId", "pattern", "fields");
