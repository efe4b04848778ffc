-- AlterTable
ALTER TABLE "ArtistProfile" ADD COLUMN     "oneSheet" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "pressPhotoKeys" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "PromoterProfile" ADD COLUMN     "code" TEXT,
ADD COLUMN     "joinedVia" TEXT,
ADD COLUMN     "onboardingStartedAt" TIMESTAMP(3),
ADD COLUMN     "recruitedAt" TIMESTAMP(3),
ADD COLUMN     "recruitedById" TEXT;

-- AlterTable
ALTER TABLE "Sale" ADD COLUMN     "recruiterCents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "recruiterId" TEXT,
ADD COLUMN     "recruiterShareBps" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "marketingOptOutAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "OnboardingEmailStep" (
    "step" INTEGER NOT NULL,
    "dayOffset" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,

    CONSTRAINT "OnboardingEmailStep_pkey" PRIMARY KEY ("step")
);

-- CreateTable
CREATE TABLE "OnboardingEmailSend" (
    "promoterId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "OnboardingEmailSend_pkey" PRIMARY KEY ("promoterId","step")
);

-- CreateIndex
CREATE UNIQUE INDEX "PromoterProfile_code_key" ON "PromoterProfile"("code");

-- CreateIndex
CREATE INDEX "PromoterProfile_recruitedById_createdAt_idx" ON "PromoterProfile"("recruitedById", "createdAt");

-- CreateIndex
CREATE INDEX "PromoterProfile_onboardingStartedAt_idx" ON "PromoterProfile"("onboardingStartedAt");

-- CreateIndex
CREATE INDEX "Sale_recruiterId_createdAt_idx" ON "Sale"("recruiterId", "createdAt");

-- AddForeignKey
ALTER TABLE "PromoterProfile" ADD CONSTRAINT "PromoterProfile_recruitedById_fkey" FOREIGN KEY ("recruitedById") REFERENCES "PromoterProfile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OnboardingEmailSend" ADD CONSTRAINT "OnboardingEmailSend_promoterId_fkey" FOREIGN KEY ("promoterId") REFERENCES "PromoterProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_recruiterId_fkey" FOREIGN KEY ("recruiterId") REFERENCES "PromoterProfile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written below (issue 14 §6, §7, §8): the rules the database keeps.

-- The recruiter's share is one more slice of the sale: the per-payee sums still add up to the amount.
ALTER TABLE "Sale" DROP CONSTRAINT "Sale_amounts_check";
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_amounts_check"
  CHECK ("amountCents" >= 0 AND "platformFeeCents" >= 0 AND "artistCents" >= 0 AND "commissionCents" >= 0
         AND "recruiterCents" >= 0
         AND "platformFeeCents" + "artistCents" + "commissionCents" + "recruiterCents" = "amountCents");
-- A second-tier share needs an attributed sale and a recruiter other than its promoter.
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_recruiter_check" CHECK (
  "recruiterShareBps" BETWEEN 0 AND 10000
  AND ("recruiterId" IS NULL OR ("promoterId" IS NOT NULL AND "recruiterId" <> "promoterId"))
  AND ("recruiterId" IS NOT NULL OR ("recruiterShareBps" = 0 AND "recruiterCents" = 0))
);
ALTER TABLE "SaleShare" DROP CONSTRAINT "SaleShare_kind_known";
ALTER TABLE "SaleShare" ADD CONSTRAINT "SaleShare_kind_known"
  CHECK ("kind" IN ('PLATFORM_FEE', 'ARTIST', 'COMMISSION', 'RECRUITER'));

-- Never one's own recruiter; the promoter-level code is the link codes' alphabet.
ALTER TABLE "PromoterProfile" ADD CONSTRAINT "PromoterProfile_recruit_check" CHECK (
  ("recruitedById" IS NULL OR "recruitedById" <> "id")
  AND (("recruitedById" IS NULL) = ("recruitedAt" IS NULL))
  AND ("joinedVia" IS NULL OR "joinedVia" IN ('recruit', 'receipt'))
  AND ("code" IS NULL OR "code" ~ '^[a-z0-9]{6,16}$')
);

ALTER TABLE "ArtistProfile" ADD CONSTRAINT "ArtistProfile_press_kit_check" CHECK (
  coalesce(array_length("pressPhotoKeys", 1), 0) <= 6 AND char_length("oneSheet") <= 10000
);

ALTER TABLE "OnboardingEmailStep" ADD CONSTRAINT "OnboardingEmailStep_rules_check" CHECK (
  "step" BETWEEN 1 AND 7 AND "dayOffset" BETWEEN 0 AND 60
  AND char_length("subject") BETWEEN 1 AND 200 AND char_length("body") BETWEEN 1 AND 10000
);
ALTER TABLE "OnboardingEmailSend" ADD CONSTRAINT "OnboardingEmailSend_step_check" CHECK ("step" BETWEEN 1 AND 7);
