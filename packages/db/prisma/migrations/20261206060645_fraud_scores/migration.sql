-- AlterTable
ALTER TABLE "Commission" ADD COLUMN     "reviewedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "PromoterProfile" ADD COLUMN     "fraudScore" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "fraudScoreDetail" JSONB,
ADD COLUMN     "fraudScoredAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "FraudScoreEvent" (
    "id" BIGSERIAL NOT NULL,
    "promoterId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FraudScoreEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FraudScoreEvent_promoterId_idx" ON "FraudScoreEvent"("promoterId");

ALTER TABLE "PromoterProfile" ADD CONSTRAINT "PromoterProfile_fraudScore_range"
  CHECK ("fraudScore" BETWEEN 0 AND 100);
