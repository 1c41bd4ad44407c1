-- CreateTable
CREATE TABLE "SurveyRound" (
    "id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "deadline" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "startedBy" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "summary" TEXT,

    CONSTRAINT "SurveyRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyRequest" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "departmentCode" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "answeredAt" TIMESTAMP(3),
    "answeredBy" TEXT,

    CONSTRAINT "SurveyRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SurveyRound_number_key" ON "SurveyRound"("number");

-- CreateIndex
CREATE INDEX "SurveyRound_state_deadline_idx" ON "SurveyRound"("state", "deadline");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyRequest_roundId_departmentCode_key" ON "SurveyRequest"("roundId", "departmentCode");

-- CreateIndex
CREATE INDEX "SurveyAnswer_requestId_idx" ON "SurveyAnswer"("requestId");

-- AddForeignKey
ALTER TABLE "SurveyRequest" ADD CONSTRAINT "SurveyRequest_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "SurveyRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
