-- AlterEnum
ALTER TYPE "LedgerAccountType" ADD VALUE 'PLATFORM_WRITE_OFFS';

-- A terminated promoter's negative balance written off (packages/db/src/kinds.ts).
ALTER TABLE "LedgerEntry" DROP CONSTRAINT "LedgerEntry_kind_known";
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_kind_known"
  CHECK ("kind" IN ('SALE', 'RELEASE', 'REFUND', 'DISPUTE', 'DISPUTE_WON', 'CLAWBACK', 'PAYOUT',
                    'PAYOUT_PAID', 'PAYOUT_FAILED', 'PAYOUT_REVERSED', 'ADJUSTMENT',
                    'COMMISSION_REJECTED', 'WRITE_OFF'));
