-- CreateEnum
CREATE TYPE "PayeeType" AS ENUM ('ARTIST', 'PROMOTER');

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('QUEUED', 'SENT', 'FAILED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "LedgerAccountType" ADD VALUE 'ARTIST_PENDING';
ALTER TYPE "LedgerAccountType" ADD VALUE 'PROMOTER_PENDING';

-- DropIndex
DROP INDEX "Payout_accountId_requestedAt_idx";

-- AlterTable
ALTER TABLE "Commission" ADD COLUMN     "paidAt" TIMESTAMP(3),
ADD COLUMN     "payoutId" TEXT,
ADD COLUMN     "reversedCents" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "LedgerAccount" ADD COLUMN     "entryCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN     "sequence" INTEGER NOT NULL;

-- AlterTable
ALTER TABLE "Payout" DROP COLUMN "processedAt",
ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "connectAccountId" TEXT NOT NULL,
ADD COLUMN     "failedAt" TIMESTAMP(3),
ADD COLUMN     "payeeId" TEXT NOT NULL,
ADD COLUMN     "payeeType" "PayeeType" NOT NULL,
ADD COLUMN     "processingAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Sale" ADD COLUMN     "disputedCents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "refundedCents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "releasedAt" TIMESTAMP(3),
ADD COLUMN     "reversedCents" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ConnectAccount" (
    "id" TEXT NOT NULL,
    "payeeType" "PayeeType" NOT NULL,
    "payeeId" TEXT NOT NULL,
    "stripeAccountId" TEXT NOT NULL,
    "detailsSubmitted" BOOLEAN NOT NULL DEFAULT false,
    "payoutsEnabled" BOOLEAN NOT NULL DEFAULT false,
    "requirementsDue" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "disabledReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConnectAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentFact" (
    "id" TEXT NOT NULL,
    "paymentIntentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "eventCreated" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PaymentFact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DownloadLink" (
    "id" TEXT NOT NULL,
    "saleId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DownloadLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailOutbox" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT,
    "template" TEXT NOT NULL,
    "status" "EmailStatus" NOT NULL DEFAULT 'QUEUED',
    "error" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConnectAccount_stripeAccountId_key" ON "ConnectAccount"("stripeAccountId");

-- CreateIndex
CREATE UNIQUE INDEX "ConnectAccount_payeeType_payeeId_key" ON "ConnectAccount"("payeeType", "payeeId");

-- CreateIndex
CREATE INDEX "PaymentFact_paymentIntentId_idx" ON "PaymentFact"("paymentIntentId");

-- CreateIndex
CREATE UNIQUE INDEX "DownloadLink_tokenHash_key" ON "DownloadLink"("tokenHash");

-- CreateIndex
CREATE INDEX "DownloadLink_saleId_createdAt_idx" ON "DownloadLink"("saleId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailOutbox_idempotencyKey_key" ON "EmailOutbox"("idempotencyKey");

-- CreateIndex
CREATE INDEX "EmailOutbox_to_createdAt_idx" ON "EmailOutbox"("to", "createdAt");

-- CreateIndex
CREATE INDEX "EmailOutbox_status_createdAt_idx" ON "EmailOutbox"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_accountId_sequence_key" ON "LedgerEntry"("accountId", "sequence");

-- CreateIndex
CREATE INDEX "Payout_payeeType_payeeId_requestedAt_idx" ON "Payout"("payeeType", "payeeId", "requestedAt");

-- CreateIndex
CREATE INDEX "Payout_status_processingAt_idx" ON "Payout"("status", "processingAt");

-- AddForeignKey
ALTER TABLE "Commission" ADD CONSTRAINT "Commission_payoutId_fkey" FOREIGN KEY ("payoutId") REFERENCES "Payout"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DownloadLink" ADD CONSTRAINT "DownloadLink_saleId_fkey" FOREIGN KEY ("saleId") REFERENCES "Sale"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- Hand-written invariants.
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_reversal_check"
  CHECK ("refundedCents" >= 0 AND "disputedCents" >= 0 AND "reversedCents" >= 0 AND "reversedCents" <= "amountCents" AND "refundedCents" <= "amountCents");
ALTER TABLE "Commission" ADD CONSTRAINT "Commission_reversal_check"
  CHECK ("reversedCents" >= 0 AND "reversedCents" <= "amountCents");
ALTER TABLE "Payout" ADD CONSTRAINT "Payout_amount_check" CHECK ("amountCents" > 0);
-- At most one payout in flight per payee: concurrent requests cannot both create one.
CREATE UNIQUE INDEX "Payout_one_active_per_payee" ON "Payout" ("payeeType", "payeeId") WHERE "status" IN ('REQUESTED', 'PROCESSING');
