-- AlterTable
ALTER TABLE "Commission" ADD COLUMN     "subscriptionId" TEXT;

-- AlterTable
ALTER TABLE "Sale" ADD COLUMN     "servicePeriodEnd" TIMESTAMP(3),
ADD COLUMN     "servicePeriodStart" TIMESTAMP(3),
ADD COLUMN     "stripeInvoiceId" TEXT,
ADD COLUMN     "subscriptionId" TEXT;

-- CreateTable
CREATE TABLE "SubscriptionPlan" (
    "id" TEXT NOT NULL,
    "artistId" TEXT NOT NULL,
    "monthlyPriceCents" INTEGER NOT NULL,
    "yearlyPriceCents" INTEGER,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "commissionBps" INTEGER NOT NULL DEFAULT 2000,
    "commissionMonths" INTEGER DEFAULT 3,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "stripeProductId" TEXT,
    "stripeMonthlyPriceId" TEXT,
    "stripeYearlyPriceId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubscriptionPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatalogSubscription" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "artistId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "interval" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'incomplete',
    "priceCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "stripeCheckoutSessionId" TEXT,
    "stripeSubscriptionId" TEXT,
    "stripeCustomerId" TEXT,
    "currentPeriodStart" TIMESTAMP(3),
    "currentPeriodEnd" TIMESTAMP(3),
    "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "promoterId" TEXT,
    "linkId" TEXT,
    "clickId" TEXT,
    "commissionBps" INTEGER NOT NULL DEFAULT 0,
    "commissionMonths" INTEGER,
    "lastEventAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CatalogSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubscriberDownloadDay" (
    "subscriptionId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SubscriberDownloadDay_pkey" PRIMARY KEY ("subscriptionId","day")
);

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionPlan_artistId_key" ON "SubscriptionPlan"("artistId");

-- CreateIndex
CREATE UNIQUE INDEX "CatalogSubscription_stripeCheckoutSessionId_key" ON "CatalogSubscription"("stripeCheckoutSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "CatalogSubscription_stripeSubscriptionId_key" ON "CatalogSubscription"("stripeSubscriptionId");

-- CreateIndex
CREATE INDEX "CatalogSubscription_userId_status_idx" ON "CatalogSubscription"("userId", "status");

-- CreateIndex
CREATE INDEX "CatalogSubscription_artistId_status_idx" ON "CatalogSubscription"("artistId", "status");

-- CreateIndex
CREATE INDEX "CatalogSubscription_promoterId_createdAt_idx" ON "CatalogSubscription"("promoterId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Sale_stripeInvoiceId_key" ON "Sale"("stripeInvoiceId");

-- CreateIndex
CREATE INDEX "Sale_subscriptionId_createdAt_idx" ON "Sale"("subscriptionId", "createdAt");

-- AddForeignKey
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "CatalogSubscription"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Commission" ADD CONSTRAINT "Commission_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "CatalogSubscription"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionPlan" ADD CONSTRAINT "SubscriptionPlan_artistId_fkey" FOREIGN KEY ("artistId") REFERENCES "ArtistProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CatalogSubscription" ADD CONSTRAINT "CatalogSubscription_planId_fkey" FOREIGN KEY ("planId") REFERENCES "SubscriptionPlan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CatalogSubscription" ADD CONSTRAINT "CatalogSubscription_artistId_fkey" FOREIGN KEY ("artistId") REFERENCES "ArtistProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CatalogSubscription" ADD CONSTRAINT "CatalogSubscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CatalogSubscription" ADD CONSTRAINT "CatalogSubscription_promoterId_fkey" FOREIGN KEY ("promoterId") REFERENCES "PromoterProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CatalogSubscription" ADD CONSTRAINT "CatalogSubscription_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "AffiliateLink"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriberDownloadDay" ADD CONSTRAINT "SubscriberDownloadDay_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "CatalogSubscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written below (issue 16 §3): the rules the database keeps.

-- A sale is of a track, a release, or a subscription's invoice: exactly its ids.
ALTER TABLE "Sale" DROP CONSTRAINT "Sale_product_check";
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_product_check" CHECK (
  ("productKind" = 'track' AND "trackId" IS NOT NULL AND "releaseId" IS NULL AND "subscriptionId" IS NULL)
  OR ("productKind" = 'release' AND "releaseId" IS NOT NULL AND "trackId" IS NULL AND "subscriptionId" IS NULL)
  OR ("productKind" = 'subscription_invoice' AND "subscriptionId" IS NOT NULL AND "stripeInvoiceId" IS NOT NULL
      AND "trackId" IS NULL AND "releaseId" IS NULL)
);
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_service_period_check" CHECK (
  ("servicePeriodStart" IS NULL) = ("servicePeriodEnd" IS NULL)
  AND ("servicePeriodStart" IS NULL OR "servicePeriodEnd" > "servicePeriodStart")
);
ALTER TABLE "Commission" DROP CONSTRAINT "Commission_product_check";
ALTER TABLE "Commission" ADD CONSTRAINT "Commission_product_check" CHECK (
  ("trackId" IS NOT NULL)::int + ("releaseId" IS NOT NULL)::int + ("subscriptionId" IS NOT NULL)::int = 1
);
-- Plans: prices Stripe can charge, a commission rate of 10-50 %, a duration of 1-120 months or
-- forever (null).
ALTER TABLE "SubscriptionPlan" ADD CONSTRAINT "SubscriptionPlan_rules_check" CHECK (
  "monthlyPriceCents" BETWEEN 50 AND 100000
  AND ("yearlyPriceCents" IS NULL OR "yearlyPriceCents" BETWEEN 50 AND 1000000)
  AND "commissionBps" BETWEEN 1000 AND 5000
  AND ("commissionMonths" IS NULL OR "commissionMonths" BETWEEN 1 AND 120)
);
-- Subscriptions: a known interval and state; attribution whole or absent; terms as recorded.
ALTER TABLE "CatalogSubscription" ADD CONSTRAINT "CatalogSubscription_rules_check" CHECK (
  "interval" IN ('month', 'year')
  AND "status" IN ('incomplete', 'active', 'past_due', 'canceled')
  AND "priceCents" >= 0
  AND "commissionBps" BETWEEN 0 AND 5000
  AND ("commissionMonths" IS NULL OR "commissionMonths" BETWEEN 1 AND 120)
  AND (("promoterId" IS NULL) = ("linkId" IS NULL))
  AND ("promoterId" IS NOT NULL OR "commissionBps" = 0)
  AND ("currentPeriodStart" IS NULL) = ("currentPeriodEnd" IS NULL)
);
ALTER TABLE "SubscriberDownloadDay" ADD CONSTRAINT "SubscriberDownloadDay_count_check" CHECK ("count" >= 0);
