-- Hand-written: the money tables' kinds and statuses are closed lists (packages/db/src/kinds.ts
-- names them; kinds.integration-test.ts checks these constraints list the same values), so no
-- code path can record a kind that the services, `ledger:verify` and the web do not know.

ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_kind_known"
  CHECK ("kind" IN ('SALE', 'RELEASE', 'REFUND', 'DISPUTE', 'DISPUTE_WON', 'CLAWBACK', 'PAYOUT',
                    'PAYOUT_PAID', 'PAYOUT_FAILED', 'PAYOUT_REVERSED', 'ADJUSTMENT'));

-- A refund total is "recorded"; a dispute is open, won or lost.
ALTER TABLE "PaymentFact" ADD CONSTRAINT "PaymentFact_kind_status_known"
  CHECK (("kind" = 'REFUND_TOTAL' AND "status" = 'recorded')
      OR ("kind" = 'DISPUTE' AND "status" IN ('open', 'won', 'lost')));
