import type { Metadata } from "next";
import Image from "next/image";

import type { TrackPageTrack } from "@fanfare/api/services/catalog/public-page";
import { formatCents } from "@fanfare/validators/money";

import { EmbedPlayerActions } from "~/components/embed-player-actions";
import { loadTrackPage } from "~/lib/public-data";

/**
 * The embeddable player `/embed/t/<slug>?ref=<code>` (issue 14 §5), framed by blogs and forums
 * (the only path other sites may frame: src/lib/security-headers.ts). Cached like the track page
 * from the same cached content (`loadTrackPage`, whose tags expire both): rendered on the first
 * request for a slug, the same HTML for every visitor and every `ref`. The code is read in the
 * browser by `EmbedPlayerActions`, which also reports the view on the first play and opens Buy
 * in a new tab. Nothing personal, no cookies. An unknown or unpublished track shows a neutral
 * "not available" card (no 404 page with the site's chrome inside someone's blog).
 */
export const revalidate = 3600; // = PAGE_REVALIDATE_SECONDS (Next needs a literal here)
export const dynamicParams = true;

/** No page at build time: each slug is rendered on its first request, then cached. */
export function generateStaticParams(): { slug: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const content = await loadTrackPage((await params).slug);
  return content.status === "published"
    ? { title: `${content.track.title} by ${content.track.artist.name}` }
    : { title: "Track not available" };
}

/** "$1.00", "from $2.00" (pay what you want), or the campaign's discounted price. */
function priceLabel(track: TrackPageTrack): string {
  if (track.payWhatYouWant)
    return track.minPriceCents
      ? `from ${formatCents(track.minPriceCents, track.currency)}`
      : "Name your price";
  return formatCents(track.campaign?.discountedPriceCents ?? track.priceCents, track.currency);
}

const CARD =
  "flex h-36 items-center gap-3 overflow-hidden rounded-xl bg-white p-3 text-ink shadow-sm ring-1 ring-zinc-200";

function PoweredBy() {
  return (
    <p className="text-[11px] leading-none text-zinc-500">
      Powered by{" "}
      <a href="/" target="_blank" rel="noopener" className="font-semibold text-brand-700">
        Fanfare
      </a>
    </p>
  );
}

export default async function EmbedTrackPage({ params }: Props) {
  const content = await loadTrackPage((await params).slug);
  if (content.status !== "published") {
    return (
      <div className={CARD} data-testid="embed-unavailable">
        <div className="flex min-w-0 flex-1 flex-col items-center justify-center gap-2 self-stretch text-center">
          <p className="font-semibold">This track is not available</p>
          <PoweredBy />
        </div>
      </div>
    );
  }
  const { track } = content;
  return (
    <article className={CARD} data-testid="embed-player">
      {track.artworkUrl ? (
        <Image
          src={track.artworkUrl}
          alt={`Artwork for ${track.title}`}
          width={120}
          height={120}
          className="hidden h-[7.5rem] w-[7.5rem] shrink-0 rounded-lg object-cover min-[340px]:block"
        />
      ) : (
        <div
          aria-hidden
          className="hidden h-[7.5rem] w-[7.5rem] shrink-0 items-center justify-center rounded-lg bg-gradient-to-br from-brand-500 to-indigo-600 text-3xl font-bold text-white min-[340px]:flex"
        >
          {track.title.slice(0, 1).toUpperCase()}
        </div>
      )}
      <div className="flex min-w-0 flex-1 flex-col justify-between self-stretch">
        <div className="min-w-0">
          <h1 className="truncate font-semibold" title={track.title}>
            {track.title}
          </h1>
          <p className="truncate text-sm text-zinc-600">{track.artist.name}</p>
        </div>
        <EmbedPlayerActions
          slug={track.slug}
          title={track.title}
          previewUrl={track.previewUrl}
          priceLabel={priceLabel(track)}
        />
        <PoweredBy />
      </div>
    </article>
  );
}
