-- CreateEnum
CREATE TYPE "PromoterReportReason" AS ENUM ('SPAM', 'MISLEADING', 'IMPERSONATION', 'FRAUD', 'OFFENSIVE', 'OTHER');

-- CreateEnum
CREATE TYPE "PromoterReportStatus" AS ENUM ('OPEN', 'RESOLVED', 'DISMISSED');

-- CreateEnum
CREATE TYPE "TaxFormKind" AS ENUM ('W9', 'W8BEN');

-- CreateEnum
CREATE TYPE "TaxIdType" AS ENUM ('SSN', 'EIN', 'ITIN', 'FOREIGN_TIN', 'NONE');

-- CreateEnum
CREATE TYPE "TaxFormStatus" AS ENUM ('SUBMITTED', 'VERIFIED', 'REJECTED');

-- AlterTable
ALTER TABLE "ConnectAccount" ADD COLUMN     "bankFingerprint" TEXT,
ADD COLUMN     "country" TEXT;

-- AlterTable
ALTER TABLE "PromoterProfile" ADD COLUMN     "applicationChannels" TEXT,
ADD COLUMN     "applicationPitch" TEXT,
ADD COLUMN     "appliedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "PromoterReport" (
    "id" TEXT NOT NULL,
    "promoterId" TEXT NOT NULL,
    "linkId" TEXT,
    "trackId" TEXT,
    "reason" "PromoterReportReason" NOT NULL,
    "details" TEXT,
    "contactEmail" TEXT,
    "source" TEXT NOT NULL,
    "reporterHash" TEXT,
    "status" "PromoterReportStatus" NOT NULL DEFAULT 'OPEN',
    "resolution" TEXT,
    "resolvedById" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PromoterReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaxForm" (
    "id" TEXT NOT NULL,
    "promoterId" TEXT NOT NULL,
    "kind" "TaxFormKind" NOT NULL,
    "legalName" TEXT NOT NULL,
    "businessName" TEXT,
    "addressLine1" TEXT NOT NULL,
    "addressLine2" TEXT,
    "city" TEXT NOT NULL,
    "region" TEXT,
    "postalCode" TEXT,
    "country" TEXT NOT NULL,
    "taxIdType" "TaxIdType" NOT NULL,
    "taxIdCiphertext" TEXT,
    "taxIdLast4" TEXT,
    "signatureName" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "status" "TaxFormStatus" NOT NULL DEFAULT 'SUBMITTED',
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "rejectReason" TEXT,
    "supersededAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaxForm_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PromoterReport_status_createdAt_idx" ON "PromoterReport"("status", "createdAt");

-- CreateIndex
CREATE INDEX "PromoterReport_promoterId_createdAt_idx" ON "PromoterReport"("promoterId", "createdAt");

-- CreateIndex
CREATE INDEX "TaxForm_promoterId_createdAt_idx" ON "TaxForm"("promoterId", "createdAt");

-- CreateIndex
CREATE INDEX "TaxForm_status_createdAt_idx" ON "TaxForm"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ConnectAccount_bankFingerprint_idx" ON "ConnectAccount"("bankFingerprint");

-- AddForeignKey
ALTER TABLE "PromoterReport" ADD CONSTRAINT "PromoterReport_promoterId_fkey" FOREIGN KEY ("promoterId") REFERENCES "PromoterProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaxForm" ADD CONSTRAINT "TaxForm_promoterId_fkey" FOREIGN KEY ("promoterId") REFERENCES "PromoterProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One form on file per promoter: the newest submission not superseded (issue 11 §4).
CREATE UNIQUE INDEX "TaxForm_promoterId_current_key" ON "TaxForm"("promoterId") WHERE "supersededAt" IS NULL;
-- A tax id is stored encrypted with its last 4 digits, or not at all when its type is NONE.
ALTER TABLE "TaxForm" ADD CONSTRAINT "TaxForm_tax_id_check" CHECK (
  ("taxIdType" = 'NONE' AND "taxIdCiphertext" IS NULL AND "taxIdLast4" IS NULL)
  OR ("taxIdType" <> 'NONE' AND "taxIdCiphertext" IS NOT NULL AND "taxIdLast4" ~ '^[0-9A-Za-z]{1,4}$')
);
-- A W-9 is for US persons with a US tax id; a W-8BEN never carries one.
ALTER TABLE "TaxForm" ADD CONSTRAINT "TaxForm_kind_check" CHECK (
  ("kind" = 'W9' AND "taxIdType" IN ('SSN', 'EIN', 'ITIN'))
  OR ("kind" = 'W8BEN' AND "taxIdType" IN ('FOREIGN_TIN', 'NONE', 'SSN', 'ITIN'))
);
