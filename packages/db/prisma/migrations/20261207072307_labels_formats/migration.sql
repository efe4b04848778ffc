-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "LedgerAccountType" ADD VALUE 'LABEL_PENDING';
ALTER TYPE "LedgerAccountType" ADD VALUE 'LABEL_BALANCE';

-- AlterEnum
ALTER TYPE "PayeeType" ADD VALUE 'LABEL';

-- AlterTable
ALTER TABLE "Sale" ADD COLUMN     "labelCents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "labelContractId" TEXT,
ADD COLUMN     "labelId" TEXT,
ADD COLUMN     "labelShareBps" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "TrackTranscode" (
    "id" TEXT NOT NULL,
    "trackId" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "context" TEXT NOT NULL DEFAULT 'track',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "tagsHash" TEXT NOT NULL,
    "storageKey" TEXT,
    "sizeBytes" INTEGER,
    "sha256" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TrackTranscode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LabelProfile" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LabelProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LabelContract" (
    "id" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,
    "artistId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'invited',
    "labelShareBps" INTEGER NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "canManage" BOOLEAN NOT NULL DEFAULT true,
    "invitedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "respondedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LabelContract_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TrackTranscode_status_updatedAt_idx" ON "TrackTranscode"("status", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "TrackTranscode_trackId_format_context_key" ON "TrackTranscode"("trackId", "format", "context");

-- CreateIndex
CREATE UNIQUE INDEX "LabelProfile_userId_key" ON "LabelProfile"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "LabelProfile_slug_key" ON "LabelProfile"("slug");

-- CreateIndex
CREATE INDEX "LabelContract_labelId_status_idx" ON "LabelContract"("labelId", "status");

-- CreateIndex
CREATE INDEX "LabelContract_artistId_status_idx" ON "LabelContract"("artistId", "status");

-- CreateIndex
CREATE INDEX "Sale_labelId_createdAt_idx" ON "Sale"("labelId", "createdAt");

-- AddForeignKey
ALTER TABLE "TrackTranscode" ADD CONSTRAINT "TrackTranscode_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabelProfile" ADD CONSTRAINT "LabelProfile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabelContract" ADD CONSTRAINT "LabelContract_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "LabelProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabelContract" ADD CONSTRAINT "LabelContract_artistId_fkey" FOREIGN KEY ("artistId") REFERENCES "ArtistProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "LabelProfile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_labelContractId_fkey" FOREIGN KEY ("labelContractId") REFERENCES "LabelContract"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below (issue 16 §2, §5): the rules the database keeps.

-- A label's share is one more slice of the sale: the per-payee sums still add up to the amount.
ALTER TABLE "Sale" DROP CONSTRAINT "Sale_amounts_check";
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_amounts_check"
  CHECK ("amountCents" >= 0 AND "platformFeeCents" >= 0 AND "artistCents" >= 0 AND "commissionCents" >= 0
         AND "recruiterCents" >= 0 AND "labelCents" >= 0
         AND "platformFeeCents" + "artistCents" + "commissionCents" + "recruiterCents" + "labelCents" = "amountCents");
-- A label's share needs its label and the contract it came from; none without.
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_label_check" CHECK (
  "labelShareBps" BETWEEN 0 AND 10000
  AND (("labelId" IS NULL) = ("labelContractId" IS NULL))
  AND ("labelId" IS NOT NULL OR ("labelShareBps" = 0 AND "labelCents" = 0))
);
ALTER TABLE "SaleShare" DROP CONSTRAINT "SaleShare_kind_known";
ALTER TABLE "SaleShare" ADD CONSTRAINT "SaleShare_kind_known"
  CHECK ("kind" IN ('PLATFORM_FEE', 'ARTIST', 'COMMISSION', 'RECRUITER', 'LABEL'));
ALTER TABLE "SaleShare" DROP CONSTRAINT "SaleShare_payee_known";
ALTER TABLE "SaleShare" ADD CONSTRAINT "SaleShare_payee_known"
  CHECK ("payee" IN ('platform', 'artist', 'promoter', 'label'));

-- Labels: a name and a slug like an artist's.
ALTER TABLE "LabelProfile" ADD CONSTRAINT "LabelProfile_text_check"
  CHECK (char_length("name") BETWEEN 1 AND 80
         AND "slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length("slug") <= 80);
-- Contracts: a known state, a share of 0.01 %–100 %, an end after the start, the timestamps the
-- state implies; one active contract per artist.
ALTER TABLE "LabelContract" ADD CONSTRAINT "LabelContract_rules_check" CHECK (
  "status" IN ('invited', 'active', 'declined', 'ended')
  AND "labelShareBps" BETWEEN 1 AND 10000
  AND ("endsAt" IS NULL OR "endsAt" > "startsAt")
  AND (("status" = 'invited') = ("respondedAt" IS NULL))
  AND (("status" = 'ended') = ("endedAt" IS NOT NULL))
);
CREATE UNIQUE INDEX "LabelContract_one_active_per_artist" ON "LabelContract"("artistId") WHERE "status" = 'active';
-- One open invitation per label and artist.
CREATE UNIQUE INDEX "LabelContract_one_invitation" ON "LabelContract"("labelId", "artistId") WHERE "status" = 'invited';

-- Transcodes: a known format and state; the file exactly when ready; a context naming the track
-- alone or one release.
ALTER TABLE "TrackTranscode" ADD CONSTRAINT "TrackTranscode_rules_check" CHECK (
  "format" IN ('mp3_320', 'aac_256', 'flac')
  AND "status" IN ('pending', 'ready', 'failed')
  AND (("status" = 'ready') = ("storageKey" IS NOT NULL AND "sizeBytes" IS NOT NULL AND "sha256" IS NOT NULL))
  AND ("context" = 'track' OR "context" ~ '^release:[a-z0-9]+$')
  AND "attempts" >= 0
);
