-- CreateEnum
CREATE TYPE "PromoterStatus" AS ENUM ('PENDING', 'ACTIVE', 'SUSPENDED', 'TERMINATED');

-- CreateEnum
CREATE TYPE "CommissionHoldReason" AS ENUM ('PROMOTER_SUSPENDED');

-- AlterTable
ALTER TABLE "Commission" ADD COLUMN     "heldAt" TIMESTAMP(3),
ADD COLUMN     "holdReason" "CommissionHoldReason";

-- AlterTable
ALTER TABLE "PromoterProfile" ADD COLUMN     "status" "PromoterStatus" NOT NULL DEFAULT 'ACTIVE',
ADD COLUMN     "statusChangedAt" TIMESTAMP(3),
ADD COLUMN     "statusChangedById" TEXT,
ADD COLUMN     "statusReason" TEXT;

-- CreateIndex
CREATE INDEX "PromoterProfile_status_createdAt_idx" ON "PromoterProfile"("status", "createdAt");

-- A hold has its reason, and a held commission is never payable or paid: settlement keeps it
-- PENDING (or CANCELLED once fully reversed) until an admin releases the hold.
ALTER TABLE "Commission" ADD CONSTRAINT "Commission_hold_complete"
  CHECK (("heldAt" IS NULL) = ("holdReason" IS NULL));
ALTER TABLE "Commission" ADD CONSTRAINT "Commission_held_not_payable"
  CHECK ("heldAt" IS NULL OR "status" IN ('PENDING', 'CANCELLED'));
