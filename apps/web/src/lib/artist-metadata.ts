import type { Metadata } from "next";

import type { ArtistPageArtist } from "@fanfare/api/services/artist/public-page";

/**
 * The artist page's (`/a/<slug>`) title, description and Open Graph / Twitter tags: the artist's
 * name, and their bio (its first 160 characters on one line) or a sentence about their tracks.
 * A share image comes from the route's `opengraph-image` when there is one (Next adds it to
 * these tags); `og:image` can also be set here, in `openGraph.images` and `twitter.images`.
 */
export function artistMetadata(artist: ArtistPageArtist): Metadata {
  const bio = artist.bio.replace(/\s+/g, " ").trim();
  const description = (
    bio ||
    (artist.tracks.length
      ? `Listen to and buy ${artist.tracks.length === 1 ? "1 track" : `${artist.tracks.length} tracks`} by ${artist.name} on Fanfare.`
      : `${artist.name} on Fanfare.`)
  ).slice(0, 160);
  return {
    title: artist.name,
    description,
    openGraph: { title: artist.name, description, type: "profile", siteName: "Fanfare" },
    twitter: { card: "summary_large_image", title: artist.name, description },
  };
}
