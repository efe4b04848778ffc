-- CreateTable
CREATE TABLE "ClickRollupPending" (
    "id" BIGSERIAL NOT NULL,
    "linkId" TEXT NOT NULL,
    "trackId" TEXT NOT NULL,
    "promoterId" TEXT NOT NULL,
    "day" DATE NOT NULL,

    CONSTRAINT "ClickRollupPending_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PromoterDailyStats" (
    "promoterId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "clicks" INTEGER NOT NULL DEFAULT 0,
    "sales" INTEGER NOT NULL DEFAULT 0,
    "commissionCents" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PromoterDailyStats_pkey" PRIMARY KEY ("promoterId","day")
);

-- CreateTable
CREATE TABLE "LinkDailyStats" (
    "linkId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "promoterId" TEXT NOT NULL,
    "clicks" INTEGER NOT NULL DEFAULT 0,
    "sales" INTEGER NOT NULL DEFAULT 0,
    "commissionCents" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "LinkDailyStats_pkey" PRIMARY KEY ("linkId","day")
);

-- CreateTable
CREATE TABLE "LeaderboardSnapshot" (
    "period" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "promoterId" TEXT NOT NULL,
    "commissionCents" INTEGER NOT NULL,
    "sales" INTEGER NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LeaderboardSnapshot_pkey" PRIMARY KEY ("period","metric","rank")
);

-- CreateIndex
CREATE INDEX "PromoterDailyStats_day_idx" ON "PromoterDailyStats"("day");

-- CreateIndex
CREATE INDEX "LinkDailyStats_promoterId_day_idx" ON "LinkDailyStats"("promoterId", "day");

-- CreateIndex
CREATE INDEX "LeaderboardSnapshot_promoterId_idx" ON "LeaderboardSnapshot"("promoterId");

-- Backfill: the daily stats of what is already recorded (counted clicks on their UTC day; each
-- attributed sale on the UTC day it completed, net of what has been reversed). The totals on
-- AffiliateLink, Track and PromoterProfile are already current, so nothing is pending.
INSERT INTO "LinkDailyStats" ("linkId", "day", "promoterId", "clicks", "sales", "commissionCents")
SELECT x."linkId", x."day", l."promoterId", SUM(x."clicks")::int, SUM(x."sales")::int, SUM(x."commissionCents")::int
FROM (
  SELECT c."linkId", c."createdAt"::date AS "day", 1 AS "clicks", 0 AS "sales", 0 AS "commissionCents"
  FROM "ClickEvent" c WHERE c."counted"
  UNION ALL
  SELECT s."linkId", s."completedAt"::date, 0,
    CASE WHEN s."reversedCents" < s."amountCents" THEN 1 ELSE 0 END, COALESCE(s."commissionCents" - cm."reversedCents", 0)
  FROM "Sale" s LEFT JOIN "Commission" cm ON cm."saleId" = s."id"
  WHERE s."linkId" IS NOT NULL AND s."promoterId" IS NOT NULL AND s."completedAt" IS NOT NULL
    AND s."status" IN ('COMPLETED', 'REFUNDED')
) x
JOIN "AffiliateLink" l ON l."id" = x."linkId"
GROUP BY x."linkId", x."day", l."promoterId";

INSERT INTO "PromoterDailyStats" ("promoterId", "day", "clicks", "sales", "commissionCents")
SELECT "promoterId", "day", SUM("clicks")::int, SUM("sales")::int, SUM("commissionCents")::int
FROM "LinkDailyStats" GROUP BY "promoterId", "day";
