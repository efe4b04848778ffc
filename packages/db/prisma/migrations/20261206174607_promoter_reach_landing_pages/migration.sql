-- AlterEnum
ALTER TYPE "UploadKind" ADD VALUE 'IMAGE';

-- AlterTable
ALTER TABLE "ArtistProfile" ADD COLUMN     "imageKey" TEXT,
ADD COLUMN     "links" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "LandingPage" (
    "id" TEXT NOT NULL,
    "promoterId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "headline" TEXT NOT NULL,
    "bio" TEXT NOT NULL DEFAULT '',
    "ctaText" TEXT NOT NULL DEFAULT 'Listen and buy',
    "themeColor" TEXT NOT NULL DEFAULT '#7c3aed',
    "photoKey" TEXT,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "takenDownAt" TIMESTAMP(3),
    "takenDownReason" TEXT,
    "takenDownById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LandingPage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LandingPageTrack" (
    "landingPageId" TEXT NOT NULL,
    "trackId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "LandingPageTrack_pkey" PRIMARY KEY ("landingPageId","trackId")
);

-- CreateTable
CREATE TABLE "PageViewDaily" (
    "scope" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "views" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PageViewDaily_pkey" PRIMARY KEY ("scope","day")
);

-- CreateTable
CREATE TABLE "PageViewDedupe" (
    "scope" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "visitorHash" TEXT NOT NULL,

    CONSTRAINT "PageViewDedupe_pkey" PRIMARY KEY ("scope","day","visitorHash")
);

-- CreateTable
CREATE TABLE "PostTemplate" (
    "id" TEXT NOT NULL,
    "network" TEXT NOT NULL,
    "artistId" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,

    CONSTRAINT "PostTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LandingPage_promoterId_key" ON "LandingPage"("promoterId");

-- CreateIndex
CREATE UNIQUE INDEX "LandingPage_handle_key" ON "LandingPage"("handle");

-- CreateIndex
CREATE INDEX "LandingPageTrack_trackId_idx" ON "LandingPageTrack"("trackId");

-- CreateIndex
CREATE INDEX "PageViewDedupe_day_idx" ON "PageViewDedupe"("day");

-- CreateIndex
CREATE UNIQUE INDEX "PostTemplate_network_artistId_key" ON "PostTemplate"("network", "artistId");

-- AddForeignKey
ALTER TABLE "LandingPage" ADD CONSTRAINT "LandingPage_promoterId_fkey" FOREIGN KEY ("promoterId") REFERENCES "PromoterProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LandingPageTrack" ADD CONSTRAINT "LandingPageTrack_landingPageId_fkey" FOREIGN KEY ("landingPageId") REFERENCES "LandingPage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LandingPageTrack" ADD CONSTRAINT "LandingPageTrack_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Rules the database keeps (issue 14; the validators state the same in words).
ALTER TABLE "LandingPage" ADD CONSTRAINT "LandingPage_rules_check" CHECK (
  "handle" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length("handle") BETWEEN 3 AND 30
  AND "themeColor" ~ '^#[0-9a-f]{6}$'
  AND char_length("headline") BETWEEN 1 AND 120
  AND ("takenDownAt" IS NULL) = ("takenDownReason" IS NULL)
);
ALTER TABLE "LandingPageTrack" ADD CONSTRAINT "LandingPageTrack_position_check" CHECK ("position" >= 0);
ALTER TABLE "PageViewDaily" ADD CONSTRAINT "PageViewDaily_views_check" CHECK ("views" >= 0);
ALTER TABLE "PostTemplate" ADD CONSTRAINT "PostTemplate_network_check"
  CHECK ("network" IN ('x', 'instagram', 'tiktok', 'newsletter'));
ALTER TABLE "ArtistProfile" ADD CONSTRAINT "ArtistProfile_links_check" CHECK (jsonb_typeof("links") = 'array');
