import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { ZLandingHandle } from "@fanfare/validators";

import { CountLandingView } from "~/components/count-view";
import type { LandingTrackCard } from "~/components/landing-page-view";
import { LandingPageView } from "~/components/landing-page-view";
import { landingCardUrl, withOgImage } from "~/lib/og";
import { loadLandingPage, loadTrackContent } from "~/lib/public-data";

/**
 * A promoter's landing page `/p/<handle>` (issue 14 §3), served from Next's page cache like a
 * track page: rendered on the first request, kept until the page is saved, taken down or
 * restored, its promoter's standing changes, or one of its tracks changes (each track's content
 * comes from the track page's own cache entry, so their tags join this page's), or an hour
 * passes. The same HTML for everyone; the view is counted by a client island.
 *
 * Each track links to its page through the promoter's link: `/t/<slug>?ref=<code>&src=landing`,
 * so the click is counted and the buy attributed by the one attribution rule. Tracks no longer
 * on sale are left out.
 */
export const revalidate = 3600; // = PAGE_REVALIDATE_SECONDS (Next needs a literal here)
export const dynamicParams = true;

/** No page at build time: each handle is rendered on its first request, then cached. */
export function generateStaticParams(): { handle: string }[] {
  return [];
}

type Props = { params: Promise<{ handle: string }> };

async function load(raw: string) {
  const handle = ZLandingHandle.safeParse(raw);
  // A handle that could never exist (upper case, reserved, other characters) is not looked up.
  if (!handle.success || handle.data !== raw) return null;
  const content = await loadLandingPage(handle.data);
  if (content.status !== "published") return null;
  const { page } = content;
  const tracks = await Promise.all(
    page.tracks.map(async (t): Promise<LandingTrackCard | null> => {
      const c = await loadTrackContent(t.trackId);
      if (c.status !== "published") return null;
      const href = t.code
        ? `/t/${c.track.slug}?ref=${encodeURIComponent(t.code)}&src=landing`
        : `/t/${c.track.slug}`;
      return {
        trackId: c.track.id,
        title: c.track.title,
        artistName: c.track.artist.name,
        artworkUrl: c.track.artworkUrl,
        previewUrl: c.track.previewUrl,
        priceCents: c.track.priceCents,
        minPriceCents: c.track.minPriceCents,
        currency: c.track.currency,
        note: t.note,
        href,
      };
    }),
  );
  return { ...page, tracks: tracks.filter((t): t is LandingTrackCard => t !== null) };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const page = await load((await params).handle);
  if (!page) return { title: "Page not found" };
  const description = (
    page.bio || `${page.name} recommends ${page.tracks.length} tracks on Fanfare.`
  ).slice(0, 160);
  return withOgImage(
    {
      title: `${page.headline} · ${page.name}`,
      description,
      openGraph: { title: page.headline, description, type: "profile" },
    },
    landingCardUrl(page.handle),
    `${page.headline}, recommended by ${page.name}`,
  );
}

export default async function LandingPage({ params }: Props) {
  const page = await load((await params).handle);
  if (!page) notFound();
  return (
    <div className="mx-auto max-w-2xl">
      <LandingPageView page={page} />
      <CountLandingView handle={page.handle} />
    </div>
  );
}
