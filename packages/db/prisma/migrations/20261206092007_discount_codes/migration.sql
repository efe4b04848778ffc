-- CreateEnum
CREATE TYPE "DiscountType" AS ENUM ('PERCENT', 'FIXED');

-- CreateEnum
CREATE TYPE "DiscountDuration" AS ENUM ('ONCE', 'REPEATING', 'FOREVER');

-- CreateEnum
CREATE TYPE "DiscountScope" AS ENUM ('PLATFORM', 'ARTIST', 'TRACKS');

-- CreateEnum
CREATE TYPE "DiscountFunder" AS ENUM ('PLATFORM', 'ARTIST', 'PROMOTER');

-- CreateEnum
CREATE TYPE "DiscountStatus" AS ENUM ('ACTIVE', 'PAUSED', 'EXPIRED', 'ARCHIVED');

-- CreateTable
CREATE TABLE "DiscountCode" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "type" "DiscountType" NOT NULL,
    "value" INTEGER NOT NULL,
    "duration" "DiscountDuration" NOT NULL DEFAULT 'ONCE',
    "durationMonths" INTEGER,
    "scope" "DiscountScope" NOT NULL,
    "artistId" TEXT,
    "trackIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "maxUses" INTEGER,
    "maxUsesPerEmail" INTEGER,
    "minPriceCents" INTEGER,
    "startsAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "status" "DiscountStatus" NOT NULL DEFAULT 'ACTIVE',
    "promoterId" TEXT,
    "funder" "DiscountFunder" NOT NULL,
    "createdById" TEXT,
    "usesCount" INTEGER NOT NULL DEFAULT 0,
    "discountGivenCents" BIGINT NOT NULL DEFAULT 0,
    "stripeCouponId" TEXT,
    "stripePromotionCodeId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DiscountCode_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DiscountCode_code_key" ON "DiscountCode"("code");

-- CreateIndex
CREATE INDEX "DiscountCode_status_createdAt_idx" ON "DiscountCode"("status", "createdAt");

-- CreateIndex
CREATE INDEX "DiscountCode_artistId_createdAt_idx" ON "DiscountCode"("artistId", "createdAt");

-- CreateIndex
CREATE INDEX "DiscountCode_promoterId_idx" ON "DiscountCode"("promoterId");

-- A code's rules the database keeps (issue 12 §1).
ALTER TABLE "DiscountCode" ADD CONSTRAINT "DiscountCode_value_check" CHECK (
  "value" > 0 AND ("type" <> 'PERCENT' OR "value" <= 10000)
);
ALTER TABLE "DiscountCode" ADD CONSTRAINT "DiscountCode_code_upper" CHECK ("code" = upper("code"));
ALTER TABLE "DiscountCode" ADD CONSTRAINT "DiscountCode_scope_check" CHECK (
  ("scope" <> 'ARTIST' OR "artistId" IS NOT NULL)
  AND ("scope" <> 'TRACKS' OR cardinality("trackIds") > 0)
);
ALTER TABLE "DiscountCode" ADD CONSTRAINT "DiscountCode_funder_check" CHECK (
  ("funder" <> 'PROMOTER' OR "promoterId" IS NOT NULL)
  AND ("funder" <> 'ARTIST' OR "artistId" IS NOT NULL)
);
ALTER TABLE "DiscountCode" ADD CONSTRAINT "DiscountCode_limits_check" CHECK (
  ("maxUses" IS NULL OR "maxUses" > 0) AND ("maxUsesPerEmail" IS NULL OR "maxUsesPerEmail" > 0)
  AND ("minPriceCents" IS NULL OR "minPriceCents" >= 0)
  AND ("startsAt" IS NULL OR "expiresAt" IS NULL OR "startsAt" < "expiresAt")
  AND ("duration" <> 'REPEATING' OR "durationMonths" > 0)
);
