import Link from "next/link";

import { EmptyState, Input, Select } from "@fanfare/ui";

import { TrackCard } from "~/components/track-card";

type DiscoverData = {
  genres: { slug: string; name: string }[];
  items: React.ComponentProps<typeof TrackCard>["track"][];
  nextCursor: string | null;
};

/**
 * The discover page's body: the search form, a grid of tracks and "More tracks". Rendered by
 * the cached listing (`/discover/<genre>/<cursor>`, what `/` is rewritten to without a search)
 * and by the per-request search (`/?q=…`).
 */
export function DiscoverView({
  query,
  genre,
  data,
}: {
  query: string | null;
  genre: string | null;
  data: DiscoverData;
}) {
  const nextHref = data.nextCursor
    ? `/?${new URLSearchParams({
        ...(query ? { q: query } : {}),
        ...(genre ? { genre } : {}),
        cursor: data.nextCursor,
      })}`
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
        <button
          type="submit"
          className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
        >
          Search
        </button>
      </form>
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
