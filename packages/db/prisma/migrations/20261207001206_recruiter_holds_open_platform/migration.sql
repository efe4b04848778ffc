-- AlterTable
ALTER TABLE "ClickEvent" ADD COLUMN     "networkClickId" TEXT;

-- AlterTable
ALTER TABLE "PromoterTier" ADD COLUMN     "apiRequestsPerHour" INTEGER;

-- AlterTable
ALTER TABLE "Sale" ADD COLUMN     "recruiterForfeitedAt" TIMESTAMP(3),
ADD COLUMN     "recruiterHeldAt" TIMESTAMP(3),
ADD COLUMN     "buyerContactOptIn" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "PageClick_artistId_createdAt_idx" ON "PageClick"("artistId", "createdAt");

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "scopes" TEXT[],
    "rateLimitPerHour" INTEGER,
    "expiresAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "lastUsedIp" TEXT,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiIdempotencyKey" (
    "id" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER,
    "responseBody" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "ApiIdempotencyKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'webhook',
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "events" TEXT[],
    "secret" TEXT NOT NULL,
    "previousSecret" TEXT,
    "previousSecretExpiresAt" TIMESTAMP(3),
    "disabledAt" TIMESTAMP(3),
    "disabledReason" TEXT,
    "failingSince" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatchedAt" TIMESTAMP(3),

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,
    "manual" BOOLEAN NOT NULL DEFAULT false,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookAttempt" (
    "id" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" INTEGER,
    "latencyMs" INTEGER NOT NULL,
    "responseHead" TEXT NOT NULL DEFAULT '',
    "error" TEXT,

    CONSTRAINT "WebhookAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE INDEX "ApiKey_userId_createdAt_idx" ON "ApiKey"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "ApiIdempotencyKey_createdAt_idx" ON "ApiIdempotencyKey"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiIdempotencyKey_apiKeyId_key_key" ON "ApiIdempotencyKey"("apiKeyId", "key");

-- CreateIndex
CREATE INDEX "WebhookEndpoint_userId_createdAt_idx" ON "WebhookEndpoint"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_userId_createdAt_idx" ON "WebhookEvent"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_dispatchedAt_createdAt_idx" ON "WebhookEvent"("dispatchedAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_type_subjectKey_key" ON "WebhookEvent"("type", "subjectKey");

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_createdAt_idx" ON "WebhookDelivery"("endpointId", "createdAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_eventId_idx" ON "WebhookDelivery"("eventId");

-- CreateIndex
CREATE INDEX "WebhookAttempt_deliveryId_attempt_idx" ON "WebhookAttempt"("deliveryId", "attempt");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiIdempotencyKey" ADD CONSTRAINT "ApiIdempotencyKey_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "WebhookEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookAttempt" ADD CONSTRAINT "WebhookAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "WebhookDelivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A terminated recruiter's forfeited share (packages/db/src/kinds.ts).
ALTER TABLE "LedgerEntry" DROP CONSTRAINT "LedgerEntry_kind_known";
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_kind_known"
  CHECK ("kind" IN ('SALE', 'RELEASE', 'REFUND', 'DISPUTE', 'DISPUTE_WON', 'CLAWBACK', 'PAYOUT',
                    'PAYOUT_PAID', 'PAYOUT_FAILED', 'PAYOUT_REVERSED', 'ADJUSTMENT',
                    'COMMISSION_REJECTED', 'WRITE_OFF', 'MILESTONE_BONUS', 'CONTEST_PRIZE',
                    'RECRUITER_FORFEITED'));

-- A forfeited recruiter's share was held first (issue 14 §6); neither exists without a recruiter.
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_recruiter_hold_check" CHECK (
  ("recruiterHeldAt" IS NULL AND "recruiterForfeitedAt" IS NULL) OR "recruiterId" IS NOT NULL);
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_recruiter_forfeit_check" CHECK (
  "recruiterForfeitedAt" IS NULL OR "recruiterHeldAt" IS NOT NULL);

-- releaseDueSales for one promoter releases the sales they recruited for too (their RECRUITER
-- shares), like Sale_unreleased_promoter_idx; and a reinstated recruiter's held shares are found
-- without reading their other sales.
CREATE INDEX "Sale_unreleased_recruiter_idx" ON "Sale" ("recruiterId", "holdUntil")
  WHERE "status" = 'COMPLETED' AND "releasedAt" IS NULL;
CREATE INDEX "Sale_recruiter_held_idx" ON "Sale" ("recruiterId")
  WHERE "recruiterHeldAt" IS NOT NULL AND "recruiterForfeitedAt" IS NULL;

-- The webhook delivery claim picks the next due delivery of each endpoint (fair across
-- endpoints: services/platform/webhooks/deliver.ts); only pending ones are indexed.
CREATE INDEX "WebhookDelivery_pending_endpoint_idx" ON "WebhookDelivery" ("endpointId", "nextAttemptAt")
  WHERE "status" = 'PENDING';

ALTER TABLE "ClickEvent" ADD CONSTRAINT "ClickEvent_network_click_id_check" CHECK (
  "networkClickId" IS NULL OR "networkClickId" ~ '^[\x21-\x7e]{1,128}$');

ALTER TABLE "PromoterTier" ADD CONSTRAINT "PromoterTier_api_rate_check" CHECK (
  "apiRequestsPerHour" IS NULL OR "apiRequestsPerHour" BETWEEN 1 AND 1000000);

-- API keys (issue 15 §1): API_KEY_SCOPES (packages/db/src/kinds.ts).
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_rules_check" CHECK (
  char_length("name") BETWEEN 1 AND 60
  AND "prefix" ~ '^[a-z2-7]{12}$'
  AND "secretHash" ~ '^[0-9a-f]{64}$'
  AND cardinality("scopes") >= 1
  AND "scopes" <@ ARRAY['stats:read', 'links:read', 'links:write', 'commissions:read', 'payouts:read', 'sales:read', 'webhooks:write']::text[]
  AND ("rateLimitPerHour" IS NULL OR "rateLimitPerHour" BETWEEN 1 AND 1000000));

ALTER TABLE "ApiIdempotencyKey" ADD CONSTRAINT "ApiIdempotencyKey_rules_check" CHECK (
  "key" ~ '^[\x21-\x7e]{1,255}$' AND "requestHash" ~ '^[0-9a-f]{64}$'
  AND (("completedAt" IS NULL) = ("status" IS NULL)));

-- Webhooks (issue 15 §3): WEBHOOK_ENDPOINT_KINDS, WEBHOOK_EVENT_TYPES, WEBHOOK_DELIVERY_STATUSES.
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_rules_check" CHECK (
  "kind" IN ('webhook', 'postback')
  AND char_length("url") BETWEEN 1 AND 2000
  AND char_length("description") <= 200
  AND cardinality("events") >= 1
  AND "events" <@ ARRAY['sale.completed', 'sale.refunded', 'commission.created', 'commission.payable', 'commission.reversed', 'payout.paid', 'payout.failed', 'click.counted', 'promoter.joined']::text[]
  AND (("previousSecret" IS NULL) = ("previousSecretExpiresAt" IS NULL))
  AND ("disabledAt" IS NULL OR "disabledReason" IS NOT NULL));

ALTER TABLE "WebhookEvent" ADD CONSTRAINT "WebhookEvent_type_check" CHECK (
  "type" IN ('sale.completed', 'sale.refunded', 'commission.created', 'commission.payable', 'commission.reversed', 'payout.paid', 'payout.failed', 'click.counted', 'promoter.joined'));

ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_status_check" CHECK (
  "status" IN ('PENDING', 'SUCCEEDED', 'FAILED') AND "attempts" >= 0
  AND ("status" = 'PENDING') = ("nextAttemptAt" IS NOT NULL));

ALTER TABLE "WebhookAttempt" ADD CONSTRAINT "WebhookAttempt_rules_check" CHECK (
  "attempt" >= 1 AND "latencyMs" >= 0 AND char_length("responseHead") <= 1024);
