import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { releaseSaleState } from "@fanfare/api/services/catalog/release-page";
import { ZSlug } from "@fanfare/validators";

import { ReleaseDraftForOwner } from "~/components/release-draft-for-owner";
import { ReleaseView } from "~/components/release-view";
import { BackToDiscover } from "~/components/track-islands";
import { loadReleasePage, renderAgainBy } from "~/lib/public-data";

import { releaseMetadata } from "./release-metadata";

/**
 * The public release page (issue 16 §1), served from Next's page cache (ISR) like a track page:
 * rendered on the first request for a slug, then kept until a write to the release or to its
 * artist's tracks expires its tags (`loadReleasePage`), an hour passes, or its release date
 * comes (`renderAgainBy`: "Pre-order" becomes "Released", a release without pre-orders goes on
 * sale). The HTML is the same for every visitor: who is signed in, "Get your link", the owner's
 * draft and the checkout-cancelled notice are client islands. A promoter's link
 * `/r/<slug>?ref=<code>` is this same page (a query string never varies a cached page): its click
 * is captured before Next (server.mjs, or src/proxy.ts), and only "Report this promoter" reads
 * the code, in the browser.
 */
export const revalidate = 3600; // = PAGE_REVALIDATE_SECONDS (Next needs a literal here)
export const dynamicParams = true;

/** No page at build time: each slug is rendered on its first request, then cached. */
export function generateStaticParams(): { slug: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

/** Title, description and the artwork for unfurlers (release-metadata.ts). */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  if (!ZSlug.safeParse(slug).success) return { title: "Release not found" };
  return releaseMetadata(slug);
}

export default async function ReleasePage({ params }: Props) {
  const { slug } = await params;
  // An address that is not a slug is not looked up (nor cached).
  if (!ZSlug.safeParse(slug).success) notFound();
  const content = await loadReleasePage(slug);
  if (content.status === "missing") notFound();
  if (content.status === "unavailable") {
    return (
      <ReleaseDraftForOwner slug={slug}>
        <div
          className="mx-auto max-w-xl space-y-3 py-12 text-center"
          data-testid="release-unavailable"
        >
          <h1 className="text-2xl font-bold">This release is not available</h1>
          <p className="text-zinc-600">It is not on sale at the moment.</p>
          <BackToDiscover />
        </div>
      </ReleaseDraftForOwner>
    );
  }
  // The content may have been read before the release date: apply the on-sale rule as of now.
  const release = {
    ...content.release,
    ...releaseSaleState({ ...content.release, published: true }, new Date()),
  };
  if (release.upcoming) await renderAgainBy(release.releaseDate);
  return <ReleaseView release={release} />;
}
