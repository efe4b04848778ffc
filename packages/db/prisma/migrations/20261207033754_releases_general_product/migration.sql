-- AlterTable
ALTER TABLE "AffiliateLink" ADD COLUMN     "releaseId" TEXT,
ALTER COLUMN "trackId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "ClickEvent" ADD COLUMN     "releaseId" TEXT,
ALTER COLUMN "trackId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "ClickRollupPending" ADD COLUMN     "releaseId" TEXT,
ALTER COLUMN "trackId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Commission" ADD COLUMN     "releaseId" TEXT,
ALTER COLUMN "trackId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Sale" ADD COLUMN     "artistId" TEXT,
ADD COLUMN     "deliverAt" TIMESTAMP(3),
ADD COLUMN     "productKind" TEXT NOT NULL DEFAULT 'track',
ADD COLUMN     "releaseId" TEXT,
ALTER COLUMN "trackId" DROP NOT NULL;

-- Hand-written: every sale so far is a track's; its artist is the track's.
UPDATE "Sale" s SET "artistId" = t."artistId" FROM "Track" t WHERE t."id" = s."trackId";
ALTER TABLE "Sale" ALTER COLUMN "artistId" SET NOT NULL;

-- CreateTable
CREATE TABLE "Release" (
    "id" TEXT NOT NULL,
    "artistId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'album',
    "description" TEXT NOT NULL DEFAULT '',
    "artworkKey" TEXT,
    "releaseDate" TIMESTAMP(3),
    "preorder" BOOLEAN NOT NULL DEFAULT false,
    "priceCents" INTEGER NOT NULL,
    "minPriceCents" INTEGER,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "affiliateEnabled" BOOLEAN NOT NULL DEFAULT true,
    "commissionBps" INTEGER NOT NULL DEFAULT 2000,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "publishedAt" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3),
    "takenDownAt" TIMESTAMP(3),
    "takedownReason" TEXT,
    "clickCount" INTEGER NOT NULL DEFAULT 0,
    "salesCount" INTEGER NOT NULL DEFAULT 0,
    "grossCents" BIGINT NOT NULL DEFAULT 0,
    "artistCents" BIGINT NOT NULL DEFAULT 0,
    "commissionsCents" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Release_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReleaseTrack" (
    "releaseId" TEXT NOT NULL,
    "trackId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ReleaseTrack_pkey" PRIMARY KEY ("releaseId","trackId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Release_slug_key" ON "Release"("slug");

-- CreateIndex
CREATE INDEX "Release_published_deletedAt_publishedAt_idx" ON "Release"("published", "deletedAt", "publishedAt");

-- CreateIndex
CREATE INDEX "Release_artistId_idx" ON "Release"("artistId");

-- CreateIndex
CREATE INDEX "ReleaseTrack_trackId_idx" ON "ReleaseTrack"("trackId");

-- CreateIndex
CREATE UNIQUE INDEX "ReleaseTrack_releaseId_position_key" ON "ReleaseTrack"("releaseId", "position");

-- CreateIndex
CREATE INDEX "AffiliateLink_releaseId_idx" ON "AffiliateLink"("releaseId");

-- CreateIndex
CREATE UNIQUE INDEX "AffiliateLink_promoterId_releaseId_key" ON "AffiliateLink"("promoterId", "releaseId");

-- CreateIndex
CREATE INDEX "Sale_releaseId_createdAt_idx" ON "Sale"("releaseId", "createdAt");

-- CreateIndex
CREATE INDEX "Sale_artistId_createdAt_idx" ON "Sale"("artistId", "createdAt");

-- AddForeignKey
ALTER TABLE "AffiliateLink" ADD CONSTRAINT "AffiliateLink_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClickEvent" ADD CONSTRAINT "ClickEvent_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Release" ADD CONSTRAINT "Release_artistId_fkey" FOREIGN KEY ("artistId") REFERENCES "ArtistProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleaseTrack" ADD CONSTRAINT "ReleaseTrack_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleaseTrack" ADD CONSTRAINT "ReleaseTrack_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_artistId_fkey" FOREIGN KEY ("artistId") REFERENCES "ArtistProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Commission" ADD CONSTRAINT "Commission_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: invariants Prisma's schema language cannot express (issue 16 §1).
-- A sale's product is exactly the one its kind names (PRODUCT_KINDS, packages/db/src/kinds.ts).
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_product_check" CHECK (
  ("productKind" = 'track' AND "trackId" IS NOT NULL AND "releaseId" IS NULL)
  OR ("productKind" = 'release' AND "releaseId" IS NOT NULL AND "trackId" IS NULL)
);
ALTER TABLE "Commission" ADD CONSTRAINT "Commission_product_check"
  CHECK (("trackId" IS NULL) <> ("releaseId" IS NULL));
ALTER TABLE "AffiliateLink" ADD CONSTRAINT "AffiliateLink_product_check"
  CHECK (("trackId" IS NULL) <> ("releaseId" IS NULL));
ALTER TABLE "ClickEvent" ADD CONSTRAINT "ClickEvent_product_check"
  CHECK (("trackId" IS NULL) <> ("releaseId" IS NULL));
ALTER TABLE "ClickRollupPending" ADD CONSTRAINT "ClickRollupPending_product_check"
  CHECK (("trackId" IS NULL) <> ("releaseId" IS NULL));
-- Releases: the kinds (RELEASE_KINDS), prices and rates as a track's, a take-down as a track's.
ALTER TABLE "Release" ADD CONSTRAINT "Release_kind_check" CHECK ("kind" IN ('album', 'ep', 'single'));
ALTER TABLE "Release" ADD CONSTRAINT "Release_price_check"
  CHECK ("priceCents" >= 0 AND ("minPriceCents" IS NULL OR "minPriceCents" >= 0) AND "commissionBps" BETWEEN 0 AND 10000);
ALTER TABLE "Release" ADD CONSTRAINT "Release_takedown_complete"
  CHECK (("takenDownAt" IS NULL) = ("takedownReason" IS NULL) AND ("takenDownAt" IS NULL OR NOT "published"));
ALTER TABLE "Release" ADD CONSTRAINT "Release_text_check"
  CHECK (char_length("title") BETWEEN 1 AND 200 AND char_length("description") <= 5000
         AND "slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length("slug") <= 80);
ALTER TABLE "ReleaseTrack" ADD CONSTRAINT "ReleaseTrack_position_check" CHECK ("position" >= 1);
-- A release's clicks by time (reports): partial, so the track click insert on the hot path
-- writes no entry for the NULL every track click has.
CREATE INDEX "ClickEvent_releaseId_createdAt_idx" ON "ClickEvent"("releaseId", "createdAt") WHERE "releaseId" IS NOT NULL;
