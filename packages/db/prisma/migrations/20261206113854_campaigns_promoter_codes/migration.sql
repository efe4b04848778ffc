-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('DRAFT', 'SCHEDULED', 'ACTIVE', 'COMPLETED', 'CANCELLED');

-- AlterTable
ALTER TABLE "Sale" ADD COLUMN     "campaignId" TEXT,
ADD COLUMN     "discountFunder" "DiscountFunder",
ADD COLUMN     "platformBoostBps" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "artistId" TEXT,
    "scope" "DiscountScope" NOT NULL,
    "scopeArtistId" TEXT,
    "trackIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "commissionBps" INTEGER,
    "discountBps" INTEGER,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'DRAFT',
    "announcedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Campaign_status_startsAt_idx" ON "Campaign"("status", "startsAt");

-- CreateIndex
CREATE INDEX "Campaign_artistId_createdAt_idx" ON "Campaign"("artistId", "createdAt");

-- CreateIndex
CREATE INDEX "Campaign_startsAt_endsAt_idx" ON "Campaign"("startsAt", "endsAt");

-- AddForeignKey
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A campaign's rules the database keeps (issue 12 §3): it does something, within the limits.
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_effect_check" CHECK (
  ("commissionBps" IS NOT NULL OR "discountBps" IS NOT NULL)
  AND ("commissionBps" IS NULL OR ("commissionBps" > 0 AND "commissionBps" <= 5000))
  AND ("discountBps" IS NULL OR ("discountBps" > 0 AND "discountBps" <= 10000))
  AND "startsAt" < "endsAt"
  AND ("scope" <> 'ARTIST' OR "scopeArtistId" IS NOT NULL)
  AND ("scope" <> 'TRACKS' OR cardinality("trackIds") > 0)
  AND ("artistId" IS NULL OR ("scope" <> 'PLATFORM' AND ("scope" <> 'ARTIST' OR "scopeArtistId" = "artistId")))
);
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_platform_boost_check" CHECK (
  "platformBoostBps" >= 0 AND ("platformBoostBps" = 0 OR "campaignId" IS NOT NULL)
);
-- A discount now comes from a code or a campaign (they never stack), and the sale records whose
-- share paid it.
UPDATE "Sale" s SET "discountFunder" = dc."funder"
  FROM "DiscountCode" dc WHERE dc."id" = s."discountCodeId";
ALTER TABLE "Sale" DROP CONSTRAINT "Sale_discount_check";
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_discount_check" CHECK (
  "discountCents" >= 0
  AND ("discountCents" = 0 OR (("discountCodeId" IS NOT NULL OR "campaignId" IS NOT NULL)
    AND "discountFunder" IS NOT NULL AND "listAmountCents" = "amountCents" + "discountCents"))
);

-- One personal code per promoter (issue 12 §1): a new claim archives the one held.
CREATE UNIQUE INDEX "DiscountCode_one_personal_code" ON "DiscountCode"("promoterId")
  WHERE "funder" = 'PROMOTER' AND "status" <> 'ARCHIVED';
