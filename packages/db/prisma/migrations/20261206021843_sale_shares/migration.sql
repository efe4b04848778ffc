-- CreateTable
CREATE TABLE "SaleShare" (
    "saleId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "payee" TEXT NOT NULL,
    "ownerId" TEXT,
    "amountCents" INTEGER NOT NULL,
    "residual" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "SaleShare_pkey" PRIMARY KEY ("saleId","position")
);

-- AddForeignKey
ALTER TABLE "SaleShare" ADD CONSTRAINT "SaleShare_saleId_fkey" FOREIGN KEY ("saleId") REFERENCES "Sale"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written below: the closed lists (packages/db/src/kinds.ts: SALE_SHARE_KINDS,
-- SHARE_PAYEES; kinds.integration-test.ts checks they agree), one residual share per sale, and
-- the shares of every existing sale from its three amounts (fee, artist, commission), in the
-- claim order `sharesOfSale` used.
ALTER TABLE "SaleShare" ADD CONSTRAINT "SaleShare_kind_known"
  CHECK ("kind" IN ('PLATFORM_FEE', 'ARTIST', 'COMMISSION'));
ALTER TABLE "SaleShare" ADD CONSTRAINT "SaleShare_payee_known"
  CHECK ("payee" IN ('platform', 'artist', 'promoter'));
ALTER TABLE "SaleShare" ADD CONSTRAINT "SaleShare_owner_matches_payee"
  CHECK (("payee" = 'platform') = ("ownerId" IS NULL));
ALTER TABLE "SaleShare" ADD CONSTRAINT "SaleShare_amount_nonnegative"
  CHECK ("amountCents" >= 0 AND "position" >= 0);
CREATE UNIQUE INDEX "SaleShare_one_residual" ON "SaleShare"("saleId") WHERE "residual";

INSERT INTO "SaleShare" ("saleId", "position", "kind", "payee", "ownerId", "amountCents", "residual")
SELECT s."id", 0, 'PLATFORM_FEE', 'platform', NULL, s."platformFeeCents", false FROM "Sale" s;
INSERT INTO "SaleShare" ("saleId", "position", "kind", "payee", "ownerId", "amountCents", "residual")
SELECT s."id", 1, 'ARTIST', 'artist', t."artistId", s."artistCents", true
FROM "Sale" s JOIN "Track" t ON t."id" = s."trackId";
INSERT INTO "SaleShare" ("saleId", "position", "kind", "payee", "ownerId", "amountCents", "residual")
SELECT s."id", 2, 'COMMISSION', 'promoter', s."promoterId", s."commissionCents", false
FROM "Sale" s WHERE s."promoterId" IS NOT NULL;
