-- CreateTable
CREATE TABLE "LaneSend" (
    "id" TEXT NOT NULL,
    "lane" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LaneSend_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LaneSend_lane_at_idx" ON "LaneSend"("lane", "at");
