-- CreateEnum
CREATE TYPE "TierMetric" AS ENUM ('SALES', 'COMMISSION');

-- AlterTable
ALTER TABLE "PromoterProfile" ADD COLUMN     "tierChangedAt" TIMESTAMP(3),
ADD COLUMN     "tierId" TEXT;

-- AlterTable
ALTER TABLE "Sale" ADD COLUMN     "tierBonusBps" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "PromoterTier" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "metric" "TierMetric" NOT NULL DEFAULT 'SALES',
    "threshold" INTEGER NOT NULL,
    "windowDays" INTEGER NOT NULL DEFAULT 90,
    "bonusBps" INTEGER NOT NULL DEFAULT 0,
    "payoutMinimumCents" INTEGER,
    "perks" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PromoterTier_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PromoterTier_name_key" ON "PromoterTier"("name");

-- CreateIndex
CREATE UNIQUE INDEX "PromoterTier_rank_key" ON "PromoterTier"("rank");

-- AddForeignKey
ALTER TABLE "PromoterProfile" ADD CONSTRAINT "PromoterProfile_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "PromoterTier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A tier's rules the database keeps (issue 13 §1).
ALTER TABLE "PromoterTier" ADD CONSTRAINT "PromoterTier_rules_check" CHECK (
  "threshold" >= 0 AND "windowDays" BETWEEN 1 AND 730 AND "bonusBps" BETWEEN 0 AND 5000
  AND ("payoutMinimumCents" IS NULL OR "payoutMinimumCents" >= 1)
  AND jsonb_typeof("perks") = 'array'
);
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_tier_bonus_check" CHECK (
  "tierBonusBps" >= 0 AND ("tierBonusBps" = 0 OR "promoterId" IS NOT NULL)
);
