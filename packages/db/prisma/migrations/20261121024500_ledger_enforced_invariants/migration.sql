-- Hand-written: the ledger's invariants, enforced by the database on every write, so no code
-- path (or bug) can commit a ledger that `ledger:verify` would reject.

-- A payout never takes more than the balance held: the payee's entry may not end below zero.
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_payout_not_overdrawn"
  CHECK ("kind" <> 'PAYOUT' OR "balanceAfterCents" >= 0);

-- Each account's entries form one chain: entry n starts from the balance entry n - 1 ended
-- with (the first from zero). With the balance check (after = before + amount) and the unique
-- (accountId, sequence), an account's newest entry carries the sum of all its entries.
CREATE FUNCTION "ledger_entry_chain"() RETURNS trigger AS $$
DECLARE
  previous integer;
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

CREATE TRIGGER "LedgerEntry_chain"
  BEFORE INSERT ON "LedgerEntry"
  FOR EACH ROW EXECUTE FUNCTION "ledger_entry_chain"();

-- Every ledger transaction sums to zero, checked at commit (after all its entries are in).
CREATE FUNCTION "ledger_transaction_balanced"() RETURNS trigger AS $$
DECLARE
  total bigint;
BEGIN
  SELECT SUM("amountCents") INTO total FROM "LedgerEntry" WHERE "transactionId" = NEW."transactionId";
  IF total <> 0 THEN
    RAISE EXCEPTION 'Ledger transaction % does not balance: its entries sum to % cents', NEW."transactionId", total;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER "LedgerEntry_balanced"
  AFTER INSERT ON "LedgerEntry"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "ledger_transaction_balanced"();
