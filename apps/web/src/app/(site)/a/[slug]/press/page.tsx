import { Download } from "lucide-react";
import type { Metadata } from "next";
import Image from "next/image";
import Link from "next/link";
import { notFound } from "next/navigation";

import type { ArtistPageArtist, PublicPressKit } from "@fanfare/api/services/artist/public-page";
import { EmptyState } from "@fanfare/ui";
import { ZSlug } from "@fanfare/validators";
import { formatBps } from "@fanfare/validators/money";

import { ArtistAvatar } from "~/components/artist-avatar";
import { ArtistLinks } from "~/components/artist-links";
import { MarkdownView } from "~/components/markdown";
import { Artwork } from "~/components/track-card";
import { artistCardUrl, withOgImage } from "~/lib/og";
import { pressKitMetadata, pressPhotoFileName } from "~/lib/press-kit";
import { loadPressKit } from "~/lib/press-kit-data";
import { loadArtistPage } from "~/lib/public-data";

/**
 * An artist's press kit `/a/<slug>/press` (issue 14 §8): press photos (each with a download
 * link to the original), bio, one-sheet, links and tracks, for promoters and press. Served from
 * Next's page cache like the artist page: the same HTML for every visitor, nothing personal;
 * kept until the `artist` tag expires (the press kit or the profile is saved, or one of the
 * artist's tracks changes: services/artist/press-kit.ts, profile.ts, catalog/manage-tracks.ts)
 * or an hour passes. 404 when no artist has the slug; an artist without photos or one-sheet
 * still has the page (bio and tracks), saying there is no press kit yet.
 */
export const revalidate = 3600; // = PAGE_REVALIDATE_SECONDS (Next needs a literal here)
export const dynamicParams = true;

/** No page at build time: each slug is rendered on its first request, then cached. */
export function generateStaticParams(): { slug: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

/** The artist at `raw` and their kit, or null; an address that is not a slug is not looked up. */
async function loadKit(
  raw: string,
): Promise<{ artist: ArtistPageArtist; kit: PublicPressKit } | null> {
  if (!ZSlug.safeParse(raw).success) return null;
  const content = await loadArtistPage(raw);
  if (content.status !== "found") return null;
  const kit = await loadPressKit(content.artist.id);
  return kit ? { artist: content.artist, kit } : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await loadKit((await params).slug);
  if (!found) return { title: "Artist not found" };
  const { artist, kit } = found;
  return withOgImage(
    pressKitMetadata({
      name: artist.name,
      bio: artist.bio,
      oneSheet: kit.oneSheet,
      photoCount: kit.photoUrls.length,
    }),
    artistCardUrl(artist.slug),
    `${artist.name} on Fanfare`,
  );
}

export default async function PressKitPage({ params }: Props) {
  const found = await loadKit((await params).slug);
  if (!found) notFound();
  const { artist, kit } = found;
  const empty = kit.photoUrls.length === 0 && kit.oneSheet === "";
  return (
    <article className="space-y-10" data-testid="press-kit-page">
      <nav aria-label="Breadcrumb" className="text-sm text-zinc-600">
        <Link href="/resources" className="text-brand-700 underline">
          Resource center
        </Link>{" "}
        ·{" "}
        <Link href={`/a/${artist.slug}`} className="text-brand-700 underline">
          {artist.name}
        </Link>{" "}
        · Press kit
      </nav>

      <header className="flex flex-col items-center gap-6 text-center sm:flex-row sm:items-start sm:text-left">
        <ArtistAvatar name={artist.name} imageUrl={artist.imageUrl} size="md" />
        <div className="min-w-0 space-y-3">
          <h1 className="text-3xl font-bold tracking-tight">{artist.name}: press kit</h1>
          <p
            className="max-w-prose rounded-lg bg-brand-50 p-3 text-sm text-zinc-700"
            data-testid="press-kit-note"
          >
            Use these photos and words when you promote {artist.name}; get your link on any track
            page.
          </p>
          <ArtistLinks name={artist.name} links={artist.links} />
        </div>
      </header>

      {empty ? (
        <EmptyState title="No press kit yet">
          {artist.name} has not added press photos or a one-sheet yet. Their bio and tracks are
          below.
        </EmptyState>
      ) : null}

      {kit.photoUrls.length ? (
        <section aria-labelledby="press-photos-h" className="space-y-3">
          <h2 id="press-photos-h" className="text-lg font-semibold">
            Photos
          </h2>
          <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3" data-testid="press-photos">
            {kit.photoUrls.map((url, i) => (
              <li key={url} className="space-y-2">
                <div className="relative aspect-square w-full overflow-hidden rounded-lg bg-zinc-100">
                  <Image
                    src={url}
                    alt={`Press photo ${i + 1} of ${artist.name}`}
                    fill
                    sizes="(min-width: 640px) 33vw, 50vw"
                    preload={i < 3}
                    className="object-cover"
                  />
                </div>
                {/* The original file, same origin, so `download` names it. */}
                <a
                  href={url}
                  download={pressPhotoFileName(artist.slug, i, url)}
                  className="inline-flex items-center gap-1 text-sm text-brand-700 underline"
                >
                  <Download aria-hidden className="h-4 w-4" />
                  Download photo {i + 1}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {artist.bio ? (
        <section aria-labelledby="press-bio-h" className="space-y-3">
          <h2 id="press-bio-h" className="text-lg font-semibold">
            Bio
          </h2>
          {/* Plain text: React escapes it; line breaks are kept by CSS, never turned into HTML. */}
          <p className="max-w-prose whitespace-pre-line text-zinc-700" data-testid="press-bio">
            {artist.bio}
          </p>
        </section>
      ) : null}

      {kit.oneSheet ? (
        <section aria-labelledby="press-one-sheet-h" className="max-w-2xl space-y-3">
          <h2 id="press-one-sheet-h" className="text-lg font-semibold">
            One-sheet
          </h2>
          <MarkdownView source={kit.oneSheet} />
        </section>
      ) : null}

      <section aria-labelledby="press-tracks-h" className="space-y-3">
        <h2 id="press-tracks-h" className="text-lg font-semibold">
          Tracks
        </h2>
        {artist.tracks.length ? (
          <ul className="grid gap-3 sm:grid-cols-2" aria-label="Tracks">
            {artist.tracks.map((t) => (
              <li key={t.id}>
                <Link
                  href={`/t/${t.slug}`}
                  className="flex items-center gap-3 rounded-xl border border-zinc-200 bg-white p-3 transition hover:border-zinc-400"
                >
                  <span className="w-16 shrink-0">
                    <Artwork url={t.artworkUrl} title={t.title} />
                  </span>
                  <span className="min-w-0 space-y-0.5">
                    <span className="block truncate font-medium">{t.title}</span>
                    <span className="block text-sm text-zinc-600">
                      {t.affiliateEnabled
                        ? `Promoters earn ${formatBps(t.commissionBps)} of each sale: get your link`
                        : "Track page"}
                    </span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="No tracks on sale yet">Check back soon.</EmptyState>
        )}
      </section>
    </article>
  );
}
