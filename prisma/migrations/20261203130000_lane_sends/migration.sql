-- CreateTable
CREATE TABLE "LaneSend" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "lane" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "LaneSend_lane_at_idx" ON "LaneSend"("lane", "at");
