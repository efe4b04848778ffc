import type { PrismaClient } from "@fanfare/db";
import type { ArtistLink } from "@fanfare/validators";
import { storedArtistLinks } from "@fanfare/validators";

import { publicTrackSelect, toPublicTrack } from "../catalog/track-view";
import { publicImageUrl } from "../media/images";

// The press page's part (issue 14 §8), reached by the web app through this module's export entry.
export * from "./public-press-kit";

/** The most tracks an artist page lists (newest first); more than any artist has so far. */
export const ARTIST_PAGE_TRACKS = 100;

/** A track card on the artist page: the discover card's data (plain JSON). */
export type ArtistPageTrack = Omit<ReturnType<typeof toPublicTrack>, "publishedAt">;

/**
 * What every visitor's copy of the artist page `/a/<slug>` shows: plain JSON (no Date, no
 * user id), so it can be kept in the page cache and is identical whoever asks.
 */
export type ArtistPageArtist = {
  id: string;
  slug: string;
  name: string;
  /** Plain text with line breaks; shown as text, never as HTML. */
  bio: string;
  /** `https://` links only (`storedArtistLinks`). */
  links: ArtistLink[];
  /** `/api/images/<name>`, or null: initials. */
  imageUrl: string | null;
  /** Published, not deleted, not taken down; newest first, at most `ARTIST_PAGE_TRACKS`. */
  tracks: ArtistPageTrack[];
};

/** `found`: the artist exists; `missing`: no artist profile has that id. */
export type ArtistPageContent =
  { status: "found"; artist: ArtistPageArtist } | { status: "missing" };

/** The id of the artist profile at `/a/<slug>`, or null. */
export async function artistIdBySlug(
  input: { slug: string },
  db: PrismaClient,
): Promise<string | null> {
  const row = await db.artistProfile.findUnique({
    where: { slug: input.slug },
    select: { id: true },
  });
  return row?.id ?? null;
}

/**
 * The public content of artist `artistId`'s page (see `ArtistPageContent`). An artist with no
 * track on sale still has a page (their name, bio and links). Two statements: the profile,
 * then their tracks on sale through `Track_artistId_idx`.
 */
export async function getArtistPageContent(
  input: { artistId: string },
  db: PrismaClient,
): Promise<ArtistPageContent> {
  const artist = await db.artistProfile.findUnique({
    where: { id: input.artistId },
    select: { id: true, slug: true, name: true, bio: true, links: true, imageKey: true },
  });
  if (!artist) return { status: "missing" };
  const rows = await db.track.findMany({
    where: { artistId: artist.id, published: true, deletedAt: null, takenDownAt: null },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take: ARTIST_PAGE_TRACKS,
    select: publicTrackSelect,
  });
  return {
    status: "found",
    artist: {
      id: artist.id,
      slug: artist.slug,
      name: artist.name,
      bio: artist.bio,
      links: storedArtistLinks(artist.links),
      imageUrl: publicImageUrl(artist.imageKey),
      tracks: rows.map((row) => {
        const { publishedAt: _p, ...track } = toPublicTrack(row);
        return track;
      }),
    },
  };
}
