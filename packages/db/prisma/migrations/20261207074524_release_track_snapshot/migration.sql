-- AlterTable
ALTER TABLE "Sale" ADD COLUMN     "releaseTrackIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Hand-written: the release sales made before the snapshot get the release's tracks as they are
-- now; a track sale has none.
UPDATE "Sale" s SET "releaseTrackIds" = COALESCE(
  (SELECT array_agg(rt."trackId" ORDER BY rt."position") FROM "ReleaseTrack" rt WHERE rt."releaseId" = s."releaseId"),
  ARRAY[]::TEXT[])
WHERE s."releaseId" IS NOT NULL;
ALTER TABLE "Sale" ADD CONSTRAINT "Sale_release_tracks_check"
  CHECK ("releaseId" IS NOT NULL OR cardinality("releaseTrackIds") = 0);
