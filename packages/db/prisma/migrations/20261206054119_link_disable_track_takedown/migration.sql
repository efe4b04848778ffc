-- AlterTable
ALTER TABLE "AffiliateLink" ADD COLUMN     "disabledAt" TIMESTAMP(3),
ADD COLUMN     "disabledById" TEXT,
ADD COLUMN     "disabledReason" TEXT;

-- AlterTable
ALTER TABLE "Track" ADD COLUMN     "takedownReason" TEXT,
ADD COLUMN     "takenDownAt" TIMESTAMP(3);

-- A takedown has its reason and keeps the track unpublished.
ALTER TABLE "Track" ADD CONSTRAINT "Track_takedown_complete"
  CHECK (("takenDownAt" IS NULL) = ("takedownReason" IS NULL) AND ("takenDownAt" IS NULL OR NOT "published"));
