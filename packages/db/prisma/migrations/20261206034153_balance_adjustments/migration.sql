-- AlterEnum
ALTER TYPE "LedgerAccountType" ADD VALUE 'PLATFORM_ADJUSTMENTS';

-- CreateTable
CREATE TABLE "BalanceAdjustment" (
    "idempotencyKey" TEXT NOT NULL,
    "payeeType" "PayeeType" NOT NULL,
    "payeeId" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "actorId" TEXT,
    "transactionId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BalanceAdjustment_pkey" PRIMARY KEY ("idempotencyKey")
);

-- CreateIndex
CREATE UNIQUE INDEX "BalanceAdjustment_transactionId_key" ON "BalanceAdjustment"("transactionId");

-- CreateIndex
CREATE INDEX "BalanceAdjustment_payeeType_payeeId_createdAt_idx" ON "BalanceAdjustment"("payeeType", "payeeId", "createdAt");

-- Hand-written: an adjustment moves money.
ALTER TABLE "BalanceAdjustment" ADD CONSTRAINT "BalanceAdjustment_amount_nonzero" CHECK ("amountCents" <> 0);
