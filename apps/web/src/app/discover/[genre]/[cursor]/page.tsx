import { notFound } from "next/navigation";

import { DiscoverView } from "~/components/discover-view";
import { loadDiscover } from "~/lib/public-data";
import { NONE } from "~/lib/public-routes";

/**
 * Discover without a search, served from the page cache: `/` and `/?genre=&cursor=` are
 * rewritten here by next.config.ts (`publicPageRewrites` in src/lib/public-routes.ts). Tag `discover`, expired by every
 * track write (services/catalog/manage-tracks.ts); an hour at most otherwise.
 */
export const revalidate = 3600;
export const dynamicParams = true;

/** Nothing at build time: filled on the first request. */
export function generateStaticParams(): { genre: string; cursor: string }[] {
  return [];
}

const SEGMENT = /^[a-z0-9-]{1,64}$/;

export default async function CachedDiscoverPage({
  params,
}: {
  params: Promise<{ genre: string; cursor: string }>;
}) {
  const p = await params;
  if (!SEGMENT.test(p.genre.replace(NONE, "x")) || !SEGMENT.test(p.cursor.replace(NONE, "x")))
    notFound();
  const genre = p.genre === NONE ? null : p.genre;
  const cursor = p.cursor === NONE ? null : p.cursor;
  return <DiscoverView query={null} genre={genre} data={await loadDiscover(genre, cursor)} />;
}
