import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { DraftForOwner } from "~/components/draft-for-owner";
import { BackToDiscover } from "~/components/track-islands";
import { TrackView } from "~/components/track-view";
import { loadTrackFans, loadTrackPage, loadTrackReleases } from "~/lib/public-data";

import { trackMetadata } from "./track-metadata";

/**
 * The public track page, served from Next's page cache (ISR): rendered on the first request for
 * a slug (never at build: the build does not touch the database), then kept until a write to
 * the track expires its tags (`invalidatePublicPages` in services/catalog/manage-tracks.ts) or
 * an hour passes. The HTML is the same for every visitor: who is signed in, "Get your link",
 * the owner's draft and the checkout-cancelled notice are client islands. Its top fans (public:
 * initials unless opted in) are cached beside it and also expire with the `leaderboard` tag, and
 * so are the releases it is on ("Also on …", expired by the artist's release writes). Click capture
 * (`?ref=`) runs before, in src/proxy.ts. A visit with `?ref=<code>` is rewritten to the cached
 * variant `ref/[code]` (lib/public-routes.ts), the same page whose share tags name the promoter.
 */
export const revalidate = 3600; // = PAGE_REVALIDATE_SECONDS (Next needs a literal here)
export const dynamicParams = true;

/** No page at build time: each slug is rendered on its first request, then cached. */
export function generateStaticParams(): { slug: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

/** Title, description, share card, oEmbed discovery (track-metadata.ts). */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return trackMetadata((await params).slug, null);
}

export default async function TrackPage({ params }: Props) {
  const { slug } = await params;
  const content = await loadTrackPage(slug);
  if (content.status === "missing") notFound();
  if (content.status === "unavailable") {
    return (
      <DraftForOwner slug={slug}>
        <div
          className="mx-auto max-w-xl space-y-3 py-12 text-center"
          data-testid="track-unavailable"
        >
          <h1 className="text-2xl font-bold">This track is not available</h1>
          <p className="text-zinc-600">It is not on sale at the moment.</p>
          <BackToDiscover />
        </div>
      </DraftForOwner>
    );
  }
  const [fans, alsoOn] = await Promise.all([
    loadTrackFans(content.track.id),
    loadTrackReleases(content.track.id, content.track.artist.id),
  ]);
  return <TrackView track={content.track} fans={fans} alsoOn={alsoOn} />;
}
