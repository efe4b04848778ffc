-- AlterTable
ALTER TABLE "Sale" ADD COLUMN     "licenseTierId" TEXT;

-- CreateTable
CREATE TABLE "LicenseTier" (
    "id" TEXT NOT NULL,
    "trackId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "priceCents" INTEGER NOT NULL,
    "terms" TEXT NOT NULL,
    "termsVersion" INTEGER NOT NULL DEFAULT 1,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LicenseTier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "License" (
    "id" TEXT NOT NULL,
    "saleId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "holderName" TEXT NOT NULL,
    "tierId" TEXT,
    "termsVersion" INTEGER NOT NULL,
    "terms" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "revokedReason" TEXT,

    CONSTRAINT "License_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LicenseTier_trackId_kind_key" ON "LicenseTier"("trackId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "License_saleId_key" ON "License"("saleId");

-- CreateIndex
CREATE UNIQUE INDEX "License_key_key" ON "License"("key");

-- AddForeignKey
ALTER TABLE "LicenseTier" ADD CONSTRAINT "LicenseTier_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "License" ADD CONSTRAINT "License_saleId_fkey" FOREIGN KEY ("saleId") REFERENCES "Sale"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "License" ADD CONSTRAINT "License_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "LicenseTier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_licenseTierId_fkey" FOREIGN KEY ("licenseTierId") REFERENCES "LicenseTier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: invariants Prisma's schema language cannot express (issue 16 §4).
-- Tiers: the kinds sold on their own (LICENSE_TIER_KINDS), a name, a price, terms, a version.
ALTER TABLE "LicenseTier" ADD CONSTRAINT "LicenseTier_kind_check" CHECK ("kind" IN ('commercial', 'sync'));
ALTER TABLE "LicenseTier" ADD CONSTRAINT "LicenseTier_fields_check"
  CHECK (char_length("name") BETWEEN 1 AND 80 AND "priceCents" BETWEEN 50 AND 10000000
         AND char_length("terms") BETWEEN 1 AND 20000 AND "termsVersion" >= 1);
-- Licences: every kind (LICENSE_KINDS), the key's shape, a revocation with its reason.
ALTER TABLE "License" ADD CONSTRAINT "License_kind_check" CHECK ("kind" IN ('personal', 'commercial', 'sync'));
ALTER TABLE "License" ADD CONSTRAINT "License_key_check" CHECK ("key" ~ '^FF(-[0-9A-HJKMNP-TV-Z]{4}){4}$');
ALTER TABLE "License" ADD CONSTRAINT "License_revoked_check"
  CHECK (("revokedAt" IS NULL) = ("revokedReason" IS NULL) AND ("revokedReason" IS NULL OR "revokedReason" IN ('refund', 'dispute')));
ALTER TABLE "License" ADD CONSTRAINT "License_tier_check" CHECK (("tierId" IS NULL) = ("kind" = 'personal'));
-- A licence tier is bought with a track, never a release.
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_license_tier_check" CHECK ("licenseTierId" IS NULL OR "productKind" = 'track');
