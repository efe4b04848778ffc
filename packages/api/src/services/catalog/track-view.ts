import type { Prisma } from "@fanfare/db";
import { applyBps } from "@fanfare/validators/money";

import { apiEnv } from "../env";

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
  const env = apiEnv();
  return {
    ...rest,
    artist: { id: artist.id, name: artist.name, slug: artist.slug },
    payWhatYouWant: row.minPriceCents != null,
    /** The promoter's commission on a sale at the listed (or suggested) price, in cents: the
     *  split's own rule (`applyBps`, half up), so the page never rounds differently. */
    commissionAtPriceCents: applyBps(row.priceCents, row.commissionBps) as number,
    /** What a buyer's download link allows (DOWNLOAD_TTL_DAYS, DOWNLOAD_LIMIT): the same settings
     *  `services/downloads` enforces, never numbers written into the page. */
    downloadTerms: { days: env.DOWNLOAD_TTL_DAYS, downloads: env.DOWNLOAD_LIMIT },
    ...mediaUrls(row),
  };
}
export type PublicTrack = ReturnType<typeof toPublicTrack>;
