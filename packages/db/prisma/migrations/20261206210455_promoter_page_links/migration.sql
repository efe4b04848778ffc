-- AlterTable
ALTER TABLE "ClickEvent" ADD COLUMN     "pageClickId" TEXT;

-- CreateTable
CREATE TABLE "PageClick" (
    "id" TEXT NOT NULL,
    "promoterId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "artistId" TEXT,
    "visitorHash" TEXT NOT NULL,
    "sessionId" TEXT,
    "userAgent" TEXT,
    "referer" TEXT,
    "landingPath" TEXT NOT NULL,
    "utmSource" TEXT,
    "utmMedium" TEXT,
    "utmCampaign" TEXT,
    "utmTerm" TEXT,
    "utmContent" TEXT,
    "sourceTag" TEXT,
    "isBot" BOOLEAN NOT NULL DEFAULT false,
    "counted" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PageClick_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PageClick_promoterId_createdAt_idx" ON "PageClick"("promoterId", "createdAt");


-- AddForeignKey
ALTER TABLE "PageClick" ADD CONSTRAINT "PageClick_promoterId_fkey" FOREIGN KEY ("promoterId") REFERENCES "PromoterProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written below (issue 14 §1).
-- Unique where set, partial: every ordinary click has NULL here, and a full index would add an
-- entry per click to the hot insert (bench: counted clicks).
CREATE UNIQUE INDEX "ClickEvent_pageClickId_key" ON "ClickEvent"("pageClickId") WHERE "pageClickId" IS NOT NULL;
ALTER TABLE "PageClick" ADD CONSTRAINT "PageClick_scope_check" CHECK (
  ("scope" = 'artist' AND "artistId" IS NOT NULL) OR ("scope" = 'discover' AND "artistId" IS NULL)
);
