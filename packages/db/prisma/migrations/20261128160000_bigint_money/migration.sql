-- Money that sums across many sales becomes BIGINT cents, so no balance or total caps at
-- 2^31 - 1 cents ($21,474,836.47): ledger balances and entries, payouts, and the denormalised
-- totals of tracks, links, promoters and leaderboard rows. Widening int4 to int8 keeps every
-- value. Single-sale amounts (Sale, Commission) and one promoter's day (the daily stats) stay
-- int4; sums over them are taken in bigint.
--
-- ALTER ... TYPE rewrites each table without firing row triggers, so the ledger's immutability
-- trigger does not refuse it; its CHECK constraint and indexes are rebuilt with it.

-- The chain check compares an entry with its predecessor's balance: that variable widens too.
CREATE OR REPLACE FUNCTION "ledger_entry_chain"() RETURNS trigger AS $$
DECLARE
  previous bigint;
BEGIN
  IF NEW."sequence" < 1 THEN
    RAISE EXCEPTION 'Ledger entry on account % has sequence % (sequences start at 1)', NEW."accountId", NEW."sequence";
  END IF;
  IF NEW."sequence" = 1 THEN
    previous := 0;
  ELSE
    SELECT "balanceAfterCents" INTO previous FROM "LedgerEntry"
      WHERE "accountId" = NEW."accountId" AND "sequence" = NEW."sequence" - 1;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'Ledger entry % on account % has no entry % before it', NEW."sequence", NEW."accountId", NEW."sequence" - 1;
    END IF;
  END IF;
  IF NEW."balanceBeforeCents" <> previous THEN
    RAISE EXCEPTION 'Ledger entry % on account % starts at % cents; entry % ended at % cents',
      NEW."sequence", NEW."accountId", NEW."balanceBeforeCents", NEW."sequence" - 1, previous;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

ALTER TABLE "LedgerAccount" ALTER COLUMN "balanceCents" SET DATA TYPE BIGINT;

ALTER TABLE "LedgerEntry" ALTER COLUMN "amountCents" SET DATA TYPE BIGINT,
  ALTER COLUMN "balanceBeforeCents" SET DATA TYPE BIGINT,
  ALTER COLUMN "balanceAfterCents" SET DATA TYPE BIGINT;

ALTER TABLE "Payout" ALTER COLUMN "amountCents" SET DATA TYPE BIGINT;

ALTER TABLE "Track" ALTER COLUMN "grossCents" SET DATA TYPE BIGINT,
  ALTER COLUMN "artistCents" SET DATA TYPE BIGINT,
  ALTER COLUMN "commissionsCents" SET DATA TYPE BIGINT;

ALTER TABLE "AffiliateLink" ALTER COLUMN "commissionCents" SET DATA TYPE BIGINT;

ALTER TABLE "PromoterProfile" ALTER COLUMN "earningsCents" SET DATA TYPE BIGINT;

ALTER TABLE "LeaderboardSnapshot" ALTER COLUMN "commissionCents" SET DATA TYPE BIGINT;
