import Link from "next/link";

import type { PublicReleaseCard } from "@fanfare/api/services/catalog/release-page";
import { RELEASE_KIND_LABELS } from "@fanfare/validators";
import { formatCents } from "@fanfare/validators/money";

import { Artwork } from "./track-card";

/**
 * A release card (issue 16 §1) on discover and on its artist's page: artwork, title, artist,
 * kind and track count, price, and "Pre-order" / "Coming soon" before the release date. The
 * whole card opens `/r/<slug>` (the title's link is stretched over it); the artist's name opens
 * their page (a link above the stretched one). `showArtist` false on the artist's own page.
 */
export function ReleaseCard({
  release,
  priority = false,
  showArtist = true,
  className = "",
}: {
  release: PublicReleaseCard;
  priority?: boolean;
  showArtist?: boolean;
  /** Extra classes of the card (a list item), e.g. its width in a scrolling row. */
  className?: string;
}) {
  const kind = RELEASE_KIND_LABELS[release.kind];
  return (
    <li
      className={`group relative rounded-xl bg-white p-3 shadow-sm ring-1 ring-zinc-200 ${className}`}
      data-testid="release-card"
    >
      <div className="space-y-2">
        <Artwork url={release.artworkUrl} title={release.title} priority={priority} />
        <div className="min-w-0">
          <Link
            href={`/r/${release.slug}`}
            className="block truncate font-semibold text-ink group-hover:text-brand-700 after:absolute after:inset-0 after:rounded-xl"
          >
            {release.title}
          </Link>
          {showArtist ? (
            <Link
              href={`/a/${release.artist.slug}`}
              className="relative block truncate text-sm text-zinc-600 hover:text-brand-700 hover:underline"
            >
              {release.artist.name}
            </Link>
          ) : null}
          <p className="text-xs text-zinc-600">
            {kind} · {release.trackCount} {release.trackCount === 1 ? "track" : "tracks"}
          </p>
        </div>
        <div className="flex flex-wrap items-center justify-between gap-x-2 text-sm">
          <span className="font-medium">
            {release.payWhatYouWant
              ? `${formatCents(release.minPriceCents ?? 0, release.currency)}+`
              : formatCents(release.priceCents, release.currency)}
          </span>
          {release.upcoming ? (
            <span className="text-xs font-medium text-brand-700">
              {release.preorder ? "Pre-order" : "Coming soon"}
            </span>
          ) : null}
        </div>
      </div>
    </li>
  );
}
