import { notFound } from "next/navigation";

import { DiscoverView } from "~/components/discover-view";
import { loadDiscover } from "~/lib/public-data";
import { DISCOVER_SORT_IDS, NONE } from "~/lib/public-routes";

/**
 * Discover without a search, served from the page cache: `/` and `/?sort=&genre=&cursor=` are
 * rewritten here by next.config.ts (`publicPageRewrites` in src/lib/public-routes.ts). Tag
 * `discover`, expired by every track write (services/catalog/manage-tracks.ts); an hour at most
 * otherwise, which is also how far the popular order may lag the sales (a sale does not expire
 * it: a viral track would empty the cache on every purchase).
 */
export const revalidate = 3600;
export const dynamicParams = true;

/** Nothing at build time: filled on the first request. */
export function generateStaticParams(): { sort: string; genre: string; cursor: string }[] {
  return [];
}

const SEGMENT = /^[a-z0-9-]{1,64}$/;

export default async function CachedDiscoverPage({
  params,
}: {
  params: Promise<{ sort: string; genre: string; cursor: string }>;
}) {
  const p = await params;
  const sort = DISCOVER_SORT_IDS.find((s) => s === p.sort);
  if (
    !sort ||
    !SEGMENT.test(p.genre.replace(NONE, "x")) ||
    !SEGMENT.test(p.cursor.replace(NONE, "x"))
  )
    notFound();
  const genre = p.genre === NONE ? null : p.genre;
  const cursor = p.cursor === NONE ? null : p.cursor;
  return (
    <DiscoverView
      query={null}
      genre={genre}
      sort={sort}
      data={await loadDiscover(sort, genre, cursor)}
    />
  );
}
