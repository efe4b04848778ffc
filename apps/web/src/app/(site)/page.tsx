import { TRPCError } from "@trpc/server";

import { DiscoverView } from "~/components/discover-view";
import { DISCOVER_SORT_IDS } from "~/lib/public-routes";
import { api } from "~/trpc/server";

/**
 * Discover with a search (`/?q=…`), rendered per request. Without `q`, next.config.ts rewrites `/`
 * to the cached `/discover/<genre>/<cursor>` and this page is not reached.
 */
export const dynamic = "force-dynamic";

export default async function DiscoverPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; genre?: string; cursor?: string; sort?: string }>;
}) {
  const sp = await searchParams;
  // An unknown order is the default one, as on the cached listing.
  const sort = DISCOVER_SORT_IDS.find((s) => s === sp.sort) ?? "new";
  const caller = await api();
  const query = sp.q?.slice(0, 100) || null;
  const [genres, page] = await Promise.all([
    caller.buyer.genres(),
    caller.buyer
      .discover({
        query: query ?? undefined,
        genreSlug: sp.genre || undefined,
        sort,
        cursor: sp.cursor || undefined,
        limit: 12,
      })
      // A malformed search, genre or cursor shows no results; any other error (the database is
      // down) reaches the error page instead of passing for "No tracks found".
      .catch((e: unknown) => {
        if (e instanceof TRPCError && e.code === "BAD_REQUEST")
          return { items: [], nextCursor: null };
        throw e;
      }),
  ]);
  return (
    <DiscoverView
      query={query}
      genre={sp.genre || null}
      sort={sort}
      data={{ genres, items: page.items, nextCursor: page.nextCursor }}
    />
  );
}
