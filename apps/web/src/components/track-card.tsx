import Image from "next/image";
import Link from "next/link";

import type { RouterOutputs } from "@fanfare/api";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { PreviewButton } from "~/components/preview-button";

type Track = Omit<RouterOutputs["buyer"]["discover"]["items"][number], "publishedAt">;

/**
 * A track's artwork through next/image (resized and re-encoded by Next from
 * `/api/media/artwork/<id>`, allowed by `images.localPatterns`), or its initial on a gradient.
 * `lg`: the track page's fixed 16 rem square (1x and 2x candidates); `md`: a discover card,
 * a column of 2 to 4 (`sizes` picks the candidate by viewport width).
 */
export function Artwork({
  url,
  title,
  size = "md",
  priority = false,
}: {
  url: string | null;
  title: string;
  size?: "md" | "lg";
  /** Preload (the track page's artwork is its largest image above the fold). */
  priority?: boolean;
}) {
  const cls = size === "lg" ? "h-64 w-64" : "aspect-square w-full";
  return url ? (
    size === "lg" ? (
      <Image
        src={url}
        alt={`Artwork for ${title}`}
        width={256}
        height={256}
        preload={priority}
        className={`${cls} rounded-lg object-cover`}
      />
    ) : (
      <div className={`relative ${cls}`}>
        <Image
          src={url}
          alt={`Artwork for ${title}`}
          fill
          sizes="(min-width: 1024px) 270px, (min-width: 640px) 33vw, 50vw"
          preload={priority}
          className="rounded-lg object-cover"
        />
      </div>
    )
  ) : (
    <div
      aria-hidden
      className={`${cls} flex items-center justify-center rounded-lg bg-gradient-to-br from-brand-500 to-indigo-600 text-4xl font-bold text-white`}
    >
      {title.slice(0, 1).toUpperCase()}
    </div>
  );
}

/**
 * A discover card: artwork, title, artist, price and the commission a promoter earns. The whole
 * card opens the track page (the title's link is stretched over it), the artist's name opens
 * their page `/a/<slug>` (a link above the stretched one: links cannot nest), and the preview's
 * play button sits on the artwork's corner (not inside a link: a button within a link is not
 * allowed). `showArtist` false: on the artist's own page, where the name says nothing new.
 */
export function TrackCard({
  track,
  priority = false,
  showArtist = true,
}: {
  track: Track;
  priority?: boolean;
  showArtist?: boolean;
}) {
  return (
    <li className="group relative rounded-xl bg-white p-3 shadow-sm ring-1 ring-zinc-200">
      <div className="space-y-2">
        <Artwork url={track.artworkUrl} title={track.title} priority={priority} />
        <div>
          <Link
            href={`/t/${track.slug}`}
            className="block font-semibold text-ink group-hover:text-brand-700 after:absolute after:inset-0 after:rounded-xl"
          >
            {track.title}
          </Link>
          {showArtist ? (
            <Link
              href={`/a/${track.artist.slug}`}
              className="relative text-sm text-zinc-600 hover:text-brand-700 hover:underline"
            >
              {track.artist.name}
            </Link>
          ) : null}
        </div>
        <div className="flex items-center justify-between text-sm">
          <span className="font-medium">
            {track.payWhatYouWant
              ? `${formatCents(track.minPriceCents ?? 0, track.currency)}+`
              : formatCents(track.priceCents, track.currency)}
          </span>
          {track.affiliateEnabled ? (
            <span className="text-xs text-brand-700">Earn {formatBps(track.commissionBps)}</span>
          ) : null}
        </div>
      </div>
      {track.previewUrl ? (
        <div className="pointer-events-none absolute inset-x-3 top-3 aspect-square">
          <div className="pointer-events-auto absolute bottom-2 right-2">
            <PreviewButton src={track.previewUrl} title={track.title} />
          </div>
        </div>
      ) : null}
    </li>
  );
}
