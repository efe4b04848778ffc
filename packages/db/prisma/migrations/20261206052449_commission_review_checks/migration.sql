-- A REJECTED commission carries its rejection (a new enum value is usable only after the
-- migration that added it committed, hence this separate migration), and a rejected commission
-- is never held.
ALTER TABLE "Commission" ADD CONSTRAINT "Commission_rejected_has_reason"
  CHECK ("status" <> 'REJECTED' OR ("rejectedAt" IS NOT NULL AND "rejectReason" IS NOT NULL));
ALTER TABLE "Commission" ADD CONSTRAINT "Commission_rejected_not_held"
  CHECK ("rejectedAt" IS NULL OR "heldAt" IS NULL);

-- The movement that pays a rejected commission to the artist (packages/db/src/kinds.ts).
ALTER TABLE "LedgerEntry" DROP CONSTRAINT "LedgerEntry_kind_known";
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_kind_known"
  CHECK ("kind" IN ('SALE', 'RELEASE', 'REFUND', 'DISPUTE', 'DISPUTE_WON', 'CLAWBACK', 'PAYOUT',
                    'PAYOUT_PAID', 'PAYOUT_FAILED', 'PAYOUT_REVERSED', 'ADJUSTMENT',
                    'COMMISSION_REJECTED'));
