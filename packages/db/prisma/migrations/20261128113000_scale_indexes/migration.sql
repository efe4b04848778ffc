-- Indexes chosen with EXPLAIN (ANALYZE, BUFFERS) on the 10M-sale data set (bench/README.md,
-- "Plans and indexes"). Partial indexes are not expressible in the Prisma schema; like
-- "Payout_one_active_per_payee" they live in migrations only. The covering ones carry their
-- summed columns as key columns (Prisma has no INCLUDE), which allows the same index-only scans.

-- releaseDueSales (the minutely job, and per payee before every dashboard and payout request):
-- only sales still inside their holding period are indexed (a few percent of all sales), instead
-- of reading every sale of a promoter and filtering. Supersedes Sale_status_holdUntil_idx.
CREATE INDEX "Sale_unreleased_holdUntil_idx" ON "Sale" ("holdUntil")
  WHERE "status" = 'COMPLETED' AND "releasedAt" IS NULL;
CREATE INDEX "Sale_unreleased_promoter_idx" ON "Sale" ("promoterId", "holdUntil")
  WHERE "status" = 'COMPLETED' AND "releasedAt" IS NULL;
DROP INDEX IF EXISTS "Sale_status_holdUntil_idx";

-- getPromoterStats: a promoter's commissions summed by status as an index-only scan (the busiest
-- promoter's 25k commissions: 802 ms of heap visits before).
CREATE INDEX "Commission_promoterId_status_amountCents_idx" ON "Commission" ("promoterId", "status", "amountCents");

-- (Not a covering index on PromoterDailyStats for refreshLeaderboards: every settlement updates its
-- promoter's row for the day, and an index holding the summed columns would make each of those
-- updates non-HOT, about 10 % off the money simulation's rate. The minutely job pays the heap
-- visits instead.)
