import type { Prisma } from "@fanfare/db";

/** What the public sees of a track; never the master's storage key. */
export const publicTrackSelect = {
  id: true,
  slug: true,
  title: true,
  description: true,
  durationSeconds: true,
  priceCents: true,
  minPriceCents: true,
  currency: true,
  affiliateEnabled: true,
  commissionBps: true,
  artworkKey: true,
  previewKey: true,
  published: true,
  publishedAt: true,
  deletedAt: true,
  artist: { select: { id: true, name: true, slug: true, userId: true } },
  genre: { select: { slug: true, name: true } },
} satisfies Prisma.TrackSelect;

type PublicTrackRow = Prisma.TrackGetPayload<{ select: typeof publicTrackSelect }>;

/** Public URLs of a track's artwork and 30-second preview (served by apps/web/src/app/api/media). */
export function mediaUrls(track: {
  id: string;
  artworkKey: string | null;
  previewKey: string | null;
}) {
  return {
    artworkUrl: track.artworkKey ? `/api/media/artwork/${track.id}` : null,
    previewUrl: track.previewKey ? `/api/media/preview/${track.id}` : null,
  };
}

/** Shapes a track row for public display. Prices in cents, duration in seconds. */
export function toPublicTrack(row: PublicTrackRow) {
  const { artworkKey: _a, previewKey: _p, deletedAt: _d, artist, ...rest } = row;
  return {
    ...rest,
    artist: { id: artist.id, name: artist.name, slug: artist.slug },
    payWhatYouWant: row.minPriceCents != null,
    ...mediaUrls(row),
  };
}
export type PublicTrack = ReturnType<typeof toPublicTrack>;
