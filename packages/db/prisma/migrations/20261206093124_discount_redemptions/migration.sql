-- CreateEnum
CREATE TYPE "DiscountRedemptionStatus" AS ENUM ('RESERVED', 'REDEEMED', 'RELEASED');

-- AlterTable
ALTER TABLE "Sale" ADD COLUMN     "discountCents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "discountCodeId" TEXT,
ADD COLUMN     "listAmountCents" INTEGER;

-- CreateTable
CREATE TABLE "DiscountRedemption" (
    "id" TEXT NOT NULL,
    "codeId" TEXT NOT NULL,
    "saleId" TEXT NOT NULL,
    "buyerEmail" TEXT NOT NULL,
    "status" "DiscountRedemptionStatus" NOT NULL DEFAULT 'RESERVED',
    "discountCents" INTEGER NOT NULL,
    "reservedUntil" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DiscountRedemption_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DiscountRedemption_saleId_key" ON "DiscountRedemption"("saleId");

-- CreateIndex
CREATE INDEX "DiscountRedemption_codeId_status_reservedUntil_idx" ON "DiscountRedemption"("codeId", "status", "reservedUntil");

-- CreateIndex
CREATE INDEX "DiscountRedemption_codeId_buyerEmail_idx" ON "DiscountRedemption"("codeId", "buyerEmail");

-- AddForeignKey
ALTER TABLE "DiscountRedemption" ADD CONSTRAINT "DiscountRedemption_codeId_fkey" FOREIGN KEY ("codeId") REFERENCES "DiscountCode"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A discounted sale records its price before the discount (issue 12 §2).
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_discount_check" CHECK (
  "discountCents" >= 0
  AND ("discountCents" = 0 OR ("discountCodeId" IS NOT NULL AND "listAmountCents" = "amountCents" + "discountCents"))
);
ALTER TABLE "DiscountRedemption" ADD CONSTRAINT "DiscountRedemption_discount_check" CHECK ("discountCents" >= 0);
