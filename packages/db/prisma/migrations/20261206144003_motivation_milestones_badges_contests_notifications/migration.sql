-- CreateEnum
CREATE TYPE "ContestStatus" AS ENUM ('SCHEDULED', 'ACTIVE', 'CLOSED', 'CANCELLED');

-- AlterEnum
ALTER TYPE "LedgerAccountType" ADD VALUE 'PLATFORM_PROMOTIONS';

-- AlterTable
ALTER TABLE "LeaderboardSnapshot" ADD COLUMN     "clicks" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "mutedNotificationTypes" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "Milestone" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "metric" "TierMetric" NOT NULL DEFAULT 'SALES',
    "threshold" INTEGER NOT NULL,
    "bonusCents" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Milestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MilestoneAward" (
    "id" TEXT NOT NULL,
    "milestoneId" TEXT NOT NULL,
    "promoterId" TEXT NOT NULL,
    "bonusCents" INTEGER NOT NULL,
    "transactionId" TEXT NOT NULL,
    "awardedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MilestoneAward_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PromoterBadge" (
    "promoterId" TEXT NOT NULL,
    "badge" TEXT NOT NULL,
    "instance" TEXT NOT NULL DEFAULT '',
    "detail" TEXT NOT NULL DEFAULT '',
    "awardedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PromoterBadge_pkey" PRIMARY KEY ("promoterId","badge","instance")
);

-- CreateTable
CREATE TABLE "Contest" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "metric" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "prizeDescription" TEXT NOT NULL DEFAULT '',
    "prizeCents" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "artistId" TEXT,
    "trackId" TEXT,
    "status" "ContestStatus" NOT NULL DEFAULT 'SCHEDULED',
    "closedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContestWinner" (
    "contestId" TEXT NOT NULL,
    "place" INTEGER NOT NULL,
    "promoterId" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    "reachedAt" TIMESTAMP(3) NOT NULL,
    "prizeCents" INTEGER NOT NULL DEFAULT 0,
    "transactionId" TEXT,

    CONSTRAINT "ContestWinner_pkey" PRIMARY KEY ("contestId","place")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "href" TEXT,
    "dedupeKey" TEXT,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Milestone_name_key" ON "Milestone"("name");

-- CreateIndex
CREATE UNIQUE INDEX "MilestoneAward_transactionId_key" ON "MilestoneAward"("transactionId");

-- CreateIndex
CREATE INDEX "MilestoneAward_promoterId_awardedAt_idx" ON "MilestoneAward"("promoterId", "awardedAt");

-- CreateIndex
CREATE UNIQUE INDEX "MilestoneAward_milestoneId_promoterId_key" ON "MilestoneAward"("milestoneId", "promoterId");

-- CreateIndex
CREATE INDEX "PromoterBadge_badge_idx" ON "PromoterBadge"("badge");

-- CreateIndex
CREATE INDEX "Contest_status_endsAt_idx" ON "Contest"("status", "endsAt");

-- CreateIndex
CREATE UNIQUE INDEX "ContestWinner_transactionId_key" ON "ContestWinner"("transactionId");

-- CreateIndex
CREATE INDEX "ContestWinner_promoterId_idx" ON "ContestWinner"("promoterId");

-- CreateIndex
CREATE UNIQUE INDEX "ContestWinner_contestId_promoterId_key" ON "ContestWinner"("contestId", "promoterId");

-- CreateIndex
CREATE INDEX "Notification_userId_createdAt_idx" ON "Notification"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_userId_dedupeKey_key" ON "Notification"("userId", "dedupeKey");

-- AddForeignKey
ALTER TABLE "MilestoneAward" ADD CONSTRAINT "MilestoneAward_milestoneId_fkey" FOREIGN KEY ("milestoneId") REFERENCES "Milestone"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MilestoneAward" ADD CONSTRAINT "MilestoneAward_promoterId_fkey" FOREIGN KEY ("promoterId") REFERENCES "PromoterProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromoterBadge" ADD CONSTRAINT "PromoterBadge_promoterId_fkey" FOREIGN KEY ("promoterId") REFERENCES "PromoterProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContestWinner" ADD CONSTRAINT "ContestWinner_contestId_fkey" FOREIGN KEY ("contestId") REFERENCES "Contest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContestWinner" ADD CONSTRAINT "ContestWinner_promoterId_fkey" FOREIGN KEY ("promoterId") REFERENCES "PromoterProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Milestone bonuses and contest prizes (packages/db/src/kinds.ts).
ALTER TABLE "LedgerEntry" DROP CONSTRAINT "LedgerEntry_kind_known";
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_kind_known"
  CHECK ("kind" IN ('SALE', 'RELEASE', 'REFUND', 'DISPUTE', 'DISPUTE_WON', 'CLAWBACK', 'PAYOUT',
                    'PAYOUT_PAID', 'PAYOUT_FAILED', 'PAYOUT_REVERSED', 'ADJUSTMENT',
                    'COMMISSION_REJECTED', 'WRITE_OFF', 'MILESTONE_BONUS', 'CONTEST_PRIZE'));

-- The rules the database keeps (issue 13 §2, §5).
ALTER TABLE "Milestone" ADD CONSTRAINT "Milestone_rules_check" CHECK (
  "threshold" >= 1 AND "bonusCents" BETWEEN 1 AND 1000000
);
ALTER TABLE "MilestoneAward" ADD CONSTRAINT "MilestoneAward_bonus_check" CHECK ("bonusCents" >= 1);
ALTER TABLE "Contest" ADD CONSTRAINT "Contest_rules_check" CHECK (
  "endsAt" > "startsAt" AND "metric" IN ('sales', 'earnings', 'clicks')
  AND array_position("prizeCents", NULL) IS NULL AND 0 <= ALL (COALESCE("prizeCents", ARRAY[]::INTEGER[]))
  AND COALESCE(cardinality("prizeCents"), 0) <= 10
);
ALTER TABLE "ContestWinner" ADD CONSTRAINT "ContestWinner_rules_check" CHECK (
  "place" >= 1 AND "prizeCents" >= 0 AND ("transactionId" IS NULL) = ("prizeCents" = 0)
);
