import Link from "next/link";

import type { RouterOutputs } from "@fanfare/api";
import { formatBps, formatCents } from "@fanfare/validators";

type Track = RouterOutputs["buyer"]["discover"]["items"][number];

export function Artwork({ url, title, size = "md" }: { url: string | null; title: string; size?: "md" | "lg" }) {
  const cls = size === "lg" ? "h-64 w-64" : "aspect-square w-full";
  return url ? (
    // eslint-disable-next-line @next/next/no-img-element -- served by our own media route
    <img src={url} alt={`Artwork for ${title}`} className={`${cls} rounded-lg object-cover`} />
  ) : (
    <div aria-hidden className={`${cls} flex items-center justify-center rounded-lg bg-gradient-to-br from-brand-500 to-indigo-600 text-4xl font-bold text-white`}>
      {title.slice(0, 1).toUpperCase()}
    </div>
  );
}

export function TrackCard({ track }: { track: Track }) {
  return (
    <li className="group rounded-xl bg-white p-3 shadow-sm ring-1 ring-zinc-200">
      <Link href={`/t/${track.slug}`} className="block space-y-2">
        <Artwork url={track.artworkUrl} title={track.title} />
        <div>
          <p className="font-semibold text-ink group-hover:text-brand-700">{track.title}</p>
          <p className="text-sm text-zinc-600">{track.artist.name}</p>
        </div>
        <div className="flex items-center justify-between text-sm">
          <span className="font-medium">{track.payWhatYouWant ? `${formatCents(track.minPriceCents ?? 0, track.currency)}+` : formatCents(track.priceCents, track.currency)}</span>
          {track.affiliateEnabled ? <span className="text-xs text-brand-700">Earn {formatBps(track.commissionBps)}</span> : null}
        </div>
      </Link>
    </li>
  );
}
