-- AlterTable
ALTER TABLE "CatalogSubscription" ADD COLUMN     "discountCodeId" TEXT,
ADD COLUMN     "discountFunder" "DiscountFunder";

-- AddForeignKey
ALTER TABLE "CatalogSubscription" ADD CONSTRAINT "CatalogSubscription_discountCodeId_fkey" FOREIGN KEY ("discountCodeId") REFERENCES "DiscountCode"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A discount code's funder is recorded with it: both or neither. A promoter's code only
-- attributes a subscription (its commission may end before the discount would), so it is never
-- the funder here.
ALTER TABLE "CatalogSubscription" ADD CONSTRAINT "CatalogSubscription_discount_check" CHECK (
  ("discountCodeId" IS NULL) = ("discountFunder" IS NULL)
  AND ("discountFunder" IS NULL OR "discountFunder" <> 'PROMOTER')
);

CREATE INDEX "CatalogSubscription_discountCodeId_idx" ON "CatalogSubscription"("discountCodeId");
