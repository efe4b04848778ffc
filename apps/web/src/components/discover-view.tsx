import Link from "next/link";

import type { PublicReleaseCard } from "@fanfare/api/services/catalog/release-page";
import { EmptyState, Input, Select, buttonVariants, pillVariants } from "@fanfare/ui";

import { ReleaseCard } from "~/components/release-card";
import { TrackCard } from "~/components/track-card";
import type { LiveCampaignItem } from "./live-campaigns";
import { LiveCampaigns } from "./live-campaigns";
import { DISCOVER_SORT_IDS } from "~/lib/public-routes";

type Sort = (typeof DISCOVER_SORT_IDS)[number];

const SORT_LABELS: Record<Sort, string> = {
  new: "New",
  popular: "Popular",
  price: "Lowest price",
  commission: "Top commission",
};

/** Discover's address with these filters (the default order and empty values left out). */
function discoverHref(p: {
  query: string | null;
  genre: string | null;
  sort: Sort;
  cursor?: string;
}) {
  const params = new URLSearchParams({
    ...(p.query ? { q: p.query } : {}),
    ...(p.genre ? { genre: p.genre } : {}),
    ...(p.sort !== "new" ? { sort: p.sort } : {}),
    ...(p.cursor ? { cursor: p.cursor } : {}),
  });
  return params.size ? `/?${params}` : "/";
}

type DiscoverData = {
  genres: { slug: string; name: string }[];
  items: React.ComponentProps<typeof TrackCard>["track"][];
  nextCursor: string | null;
  /** Campaigns live now (the first page of the listing only). */
  campaigns?: LiveCampaignItem[];
  /** The newest releases (the first page without a genre or search only). */
  releases?: PublicReleaseCard[];
};

/**
 * The discover page's body: the search form, the orders (new, popular, lowest price, top
 * commission), a grid of tracks with preview buttons and "More tracks". Rendered by the cached
 * listing (`/discover/<sort>/<genre>/<cursor>`, what `/` is rewritten to without a search) and by
 * the per-request search (`/?q=…`).
 */
export function DiscoverView({
  query,
  genre,
  sort,
  data,
}: {
  query: string | null;
  genre: string | null;
  sort: Sort;
  data: DiscoverData;
}) {
  const nextHref = data.nextCursor
    ? discoverHref({ query, genre, sort, cursor: data.nextCursor })
    : null;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-bold tracking-tight">Discover music</h1>
        <p className="mt-1 text-zinc-600">
          Buy straight from artists. Share what you love and earn a commission on every sale you
          drive.
        </p>
      </div>
      <LiveCampaigns campaigns={data.campaigns ?? []} />
      {data.releases?.length ? <NewReleases releases={data.releases} /> : null}
      <form role="search" className="flex flex-col gap-3 sm:flex-row" action="/">
        <label htmlFor="q" className="sr-only">
          Search
        </label>
        <Input
          id="q"
          name="q"
          type="search"
          placeholder="Search tracks or artists"
          defaultValue={query ?? ""}
          className="sm:max-w-sm"
        />
        <label htmlFor="genre" className="sr-only">
          Genre
        </label>
        <Select id="genre" name="genre" defaultValue={genre ?? ""} className="sm:max-w-xs">
          <option value="">All genres</option>
          {data.genres.map((g) => (
            <option key={g.slug} value={g.slug}>
              {g.name}
            </option>
          ))}
        </Select>
        {sort !== "new" ? <input type="hidden" name="sort" value={sort} /> : null}
        <button type="submit" className={buttonVariants()}>
          Search
        </button>
      </form>
      <nav aria-label="Order" className="-mx-1 flex gap-2 overflow-x-auto px-1 pb-1">
        {DISCOVER_SORT_IDS.map((s) => (
          <Link
            key={s}
            href={discoverHref({ query, genre, sort: s })}
            aria-current={s === sort ? "page" : undefined}
            className={pillVariants({ selected: s === sort })}
          >
            {SORT_LABELS[s]}
          </Link>
        ))}
      </nav>
      {data.items.length === 0 ? (
        <EmptyState title="No tracks found">
          {query || genre ? (
            <Link href="/" className="text-brand-600">
              Clear the filters
            </Link>
          ) : (
            "Artists have not published anything yet."
          )}
        </EmptyState>
      ) : (
        <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4" aria-label="Tracks">
          {data.items.map((t, i) => (
            <TrackCard key={t.id} track={t} priority={i < 4} />
          ))}
        </ul>
      )}
      {nextHref ? (
        <div className="text-center">
          <Link href={nextHref} className="text-sm font-medium text-brand-600">
            More tracks →
          </Link>
        </div>
      ) : null}
    </div>
  );
}

/**
 * "New releases" (issue 16 §1): the newest albums, EPs and singles in one row that scrolls
 * sideways on a phone (the row scrolls, never the page), each card opening `/r/<slug>`.
 */
function NewReleases({ releases }: { releases: PublicReleaseCard[] }) {
  return (
    <section aria-labelledby="new-releases-h" className="space-y-3" data-testid="new-releases">
      <h2 id="new-releases-h" className="text-lg font-semibold">
        New releases
      </h2>
      <ul className="-mx-1 flex snap-x gap-4 overflow-x-auto px-1 pb-2" aria-label="New releases">
        {releases.map((r) => (
          <ReleaseCard key={r.id} release={r} className="w-40 shrink-0 snap-start sm:w-48" />
        ))}
      </ul>
    </section>
  );
}
