import type { Metadata } from "next";

import TrackPage from "../../page";
import { trackMetadata } from "../../track-metadata";

/**
 * The track page reached through a promoter's link, `/t/<slug>?ref=<code>`, rewritten here by
 * next.config.ts (`trackRefRewrite` in src/lib/public-routes.ts) so the page is cached per code:
 * the same page as `/t/<slug>`, whose share tags say "Recommended by <promoter>" and point at the
 * card with the code (track-metadata.ts). `src` and `utm_*` never reach the cache key (a query
 * string does not vary an ISR page), so caching still holds. The click was captured before
 * Next (server.mjs, or src/proxy.ts, which runs before rewrites) on the public URL.
 */
export const revalidate = 3600; // = PAGE_REVALIDATE_SECONDS (Next needs a literal here)
export const dynamicParams = true;

/** No page at build time: each slug and code is rendered on its first request, then cached. */
export function generateStaticParams(): { slug: string; code: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string; code: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, code } = await params;
  return trackMetadata(slug, code);
}

export default async function RecommendedTrackPage({ params }: Props) {
  const { slug } = await params;
  return <TrackPage params={Promise.resolve({ slug })} />;
}
