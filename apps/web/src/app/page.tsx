import Link from "next/link";

import { EmptyState, Input, Select } from "@fanfare/ui";

import { TrackCard } from "~/components/track-card";
import { api } from "~/trpc/server";

export const dynamic = "force-dynamic";

export default async function DiscoverPage({ searchParams }: { searchParams: Promise<{ q?: string; genre?: string; cursor?: string }> }) {
  const sp = await searchParams;
  const caller = await api();
  const [genres, page] = await Promise.all([
    caller.buyer.genres(),
    caller.buyer.discover({ query: sp.q?.slice(0, 100) || undefined, genreSlug: sp.genre || undefined, cursor: sp.cursor || undefined, limit: 12 }).catch(() => ({ items: [], nextCursor: null })),
  ]);
  const nextHref = page.nextCursor ? `/?${new URLSearchParams({ ...(sp.q ? { q: sp.q } : {}), ...(sp.genre ? { genre: sp.genre } : {}), cursor: page.nextCursor })}` : null;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-3xl font-bold tracking-tight">Discover music</h1>
        <p className="mt-1 text-zinc-600">Buy straight from artists. Share what you love and earn a commission on every sale you drive.</p>
      </div>
      <form role="search" className="flex flex-col gap-3 sm:flex-row" action="/">
        <label htmlFor="q" className="sr-only">Search</label>
        <Input id="q" name="q" type="search" placeholder="Search tracks or artists" defaultValue={sp.q} className="sm:max-w-sm" />
        <label htmlFor="genre" className="sr-only">Genre</label>
        <Select id="genre" name="genre" defaultValue={sp.genre ?? ""} className="sm:max-w-xs">
          <option value="">All genres</option>
          {genres.map((g) => (
            <option key={g.slug} value={g.slug}>{g.name}</option>
          ))}
        </Select>
        <button type="submit" className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">Search</button>
      </form>
      {page.items.length === 0 ? (
        <EmptyState title="No tracks found">{sp.q || sp.genre ? <Link href="/" className="text-brand-600">Clear the filters</Link> : "Artists have not published anything yet."}</EmptyState>
      ) : (
        <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4" aria-label="Tracks">
          {page.items.map((t) => (
            <TrackCard key={t.id} track={t} />
          ))}
        </ul>
      )}
      {nextHref ? (
        <div className="text-center">
          <Link href={nextHref} className="text-sm font-medium text-brand-600">More tracks →</Link>
        </div>
      ) : null}
    </div>
  );
}
