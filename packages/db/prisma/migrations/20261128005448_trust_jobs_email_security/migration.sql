-- CreateEnum
CREATE TYPE "SightingKind" AS ENUM ('VISITOR_HASH', 'SESSION');

-- CreateEnum
CREATE TYPE "FraudSignalKind" AS ENUM ('SELF_REFERRAL_BLOCKED', 'PROMOTER_VISITOR_HASH_ON_PURCHASE', 'PROMOTER_SESSION_ON_PURCHASE');

-- CreateEnum
CREATE TYPE "SelfReferralReason" AS ENUM ('PROMOTER_SIGNED_IN', 'BUYER_EMAIL_MATCHES_PROMOTER', 'PROMOTER_IS_ARTIST');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "EmailStatus" ADD VALUE 'SENDING';
ALTER TYPE "EmailStatus" ADD VALUE 'DEAD';

-- AlterTable
ALTER TABLE "EmailOutbox" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "claimedAt" TIMESTAMP(3),
ADD COLUMN     "messageId" TEXT,
ADD COLUMN     "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "props" JSONB,
ALTER COLUMN "text" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Sale" ADD COLUMN     "holdUntil" TIMESTAMP(3),
ADD COLUMN     "selfReferral" "SelfReferralReason";

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ClickIpWindow" (
    "linkId" TEXT NOT NULL,
    "ipHash" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ClickIpWindow_pkey" PRIMARY KEY ("linkId","ipHash")
);

-- CreateTable
CREATE TABLE "PasswordResetToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PasswordResetToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VisitorSighting" (
    "userId" TEXT NOT NULL,
    "kind" "SightingKind" NOT NULL,
    "value" TEXT NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VisitorSighting_pkey" PRIMARY KEY ("userId","kind","value")
);

-- CreateTable
CREATE TABLE "FraudSignal" (
    "id" TEXT NOT NULL,
    "promoterId" TEXT NOT NULL,
    "saleId" TEXT,
    "kind" "FraudSignalKind" NOT NULL,
    "evidence" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FraudSignal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limit_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "PasswordResetToken_tokenHash_key" ON "PasswordResetToken"("tokenHash");

-- CreateIndex
CREATE INDEX "PasswordResetToken_userId_createdAt_idx" ON "PasswordResetToken"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "VisitorSighting_kind_value_idx" ON "VisitorSighting"("kind", "value");

-- CreateIndex
CREATE INDEX "FraudSignal_promoterId_createdAt_idx" ON "FraudSignal"("promoterId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "FraudSignal_saleId_kind_key" ON "FraudSignal"("saleId", "kind");

-- CreateIndex
CREATE INDEX "EmailOutbox_status_nextAttemptAt_idx" ON "EmailOutbox"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Sale_status_holdUntil_idx" ON "Sale"("status", "holdUntil");

-- AddForeignKey
ALTER TABLE "PasswordResetToken" ADD CONSTRAINT "PasswordResetToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VisitorSighting" ADD CONSTRAINT "VisitorSighting_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FraudSignal" ADD CONSTRAINT "FraudSignal_promoterId_fkey" FOREIGN KEY ("promoterId") REFERENCES "PromoterProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FraudSignal" ADD CONSTRAINT "FraudSignal_saleId_fkey" FOREIGN KEY ("saleId") REFERENCES "Sale"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Backfill: a released sale keeps its release time; an attributed one takes its commission's
-- holdUntil (written at completion with the hold setting then in force); only a sale with neither
-- falls back to completion + the 14-day default.
UPDATE "Sale" s SET "holdUntil" = COALESCE(s."releasedAt", (SELECT c."holdUntil" FROM "Commission" c WHERE c."saleId" = s."id"), s."completedAt" + interval '14 days')
WHERE s."completedAt" IS NOT NULL;
