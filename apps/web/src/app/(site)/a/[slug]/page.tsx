import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import type { ArtistPageArtist } from "@fanfare/api/services/artist/public-page";
import { EmptyState } from "@fanfare/ui";
import { ZSlug } from "@fanfare/validators";

import { ArtistAvatar } from "~/components/artist-avatar";
import { ArtistLinks } from "~/components/artist-links";
import { FansList } from "~/components/fans-list";
import { ReleaseCard } from "~/components/release-card";
import { SubscribeOffer } from "~/components/subscribe-offer";
import { TrackCard } from "~/components/track-card";
import { artistMetadata } from "~/lib/artist-metadata";
import { loadArtistFans, loadArtistPage, loadArtistReleases } from "~/lib/public-data";
import { artistCardUrl, withOgImage } from "~/lib/og";

/**
 * An artist's public page `/a/<slug>` (issue 14 §1), served from Next's page cache like a track
 * page: rendered on the first request for a slug, then kept until the artist edits their profile
 * or one of their tracks is created, edited, published, unpublished, deleted or taken down (the
 * `artist` tag, services/artist/profile.ts and services/catalog/manage-tracks.ts), or an hour
 * passes. The same HTML for every visitor: name, picture, bio, links, their releases (issue 16
 * §1; expired with the same `artist` tag by every release write), the tracks on sale (each with
 * its preview's play button) and the artist's top fans (which also expire with the
 * `leaderboard` tag).
 */
export const revalidate = 3600; // = PAGE_REVALIDATE_SECONDS (Next needs a literal here)
export const dynamicParams = true;

/** No page at build time: each slug is rendered on its first request, then cached. */
export function generateStaticParams(): { slug: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

/** The artist at `raw`, or null; an address that is not a slug is not looked up (nor cached). */
async function loadArtist(raw: string): Promise<ArtistPageArtist | null> {
  if (!ZSlug.safeParse(raw).success) return null;
  const content = await loadArtistPage(raw);
  return content.status === "found" ? content.artist : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const artist = await loadArtist((await params).slug);
  return artist
    ? withOgImage(artistMetadata(artist), artistCardUrl(artist.slug), `${artist.name} on Fanfare`)
    : { title: "Artist not found" };
}

export default async function ArtistPage({ params }: Props) {
  const artist = await loadArtist((await params).slug);
  if (!artist) notFound();
  const [fans, releases] = await Promise.all([
    loadArtistFans(artist.id),
    loadArtistReleases(artist.id, artist.slug),
  ]);
  return (
    <article className="space-y-10" data-testid="artist-page">
      <header className="flex flex-col items-center gap-6 text-center sm:flex-row sm:items-start sm:text-left">
        <ArtistAvatar name={artist.name} imageUrl={artist.imageUrl} priority />
        <div className="min-w-0 space-y-3">
          <h1 className="text-3xl font-bold tracking-tight">{artist.name}</h1>
          {artist.bio ? (
            // Plain text: React escapes it; line breaks are kept by CSS, never turned into HTML.
            <p className="max-w-prose whitespace-pre-line text-zinc-700" data-testid="artist-bio">
              {artist.bio}
            </p>
          ) : null}
          <ArtistLinks name={artist.name} links={artist.links} />
          <p className="text-sm">
            <Link href={`/a/${artist.slug}/press`} className="text-brand-700 underline">
              Press kit
            </Link>
          </p>
        </div>
      </header>

      {/* An island: the plan and who is signed in are asked in the browser (issue 16 §3). */}
      <SubscribeOffer artistSlug={artist.slug} artistId={artist.id} />

      {releases.length ? (
        <section aria-labelledby="artist-releases-h" className="space-y-3">
          <h2 id="artist-releases-h" className="text-lg font-semibold">
            Releases
          </h2>
          <ul
            className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4"
            aria-label="Releases"
          >
            {releases.map((r, i) => (
              <ReleaseCard key={r.id} release={r} priority={i < 4} showArtist={false} />
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="artist-tracks-h" className="space-y-3">
        <h2 id="artist-tracks-h" className="text-lg font-semibold">
          Tracks
        </h2>
        {artist.tracks.length ? (
          <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4" aria-label="Tracks">
            {artist.tracks.map((t, i) => (
              <TrackCard key={t.id} track={t} priority={i < 4} showArtist={false} />
            ))}
          </ul>
        ) : (
          <EmptyState title="No tracks on sale yet">Check back soon.</EmptyState>
        )}
      </section>

      {fans?.length ? (
        <section
          aria-labelledby="artist-fans-h"
          className="max-w-2xl space-y-3"
          data-testid="top-fans"
        >
          <h2 id="artist-fans-h" className="text-lg font-semibold">
            Top fans promoting {artist.name}
          </h2>
          <FansList rows={fans} />
        </section>
      ) : null}
    </article>
  );
}
