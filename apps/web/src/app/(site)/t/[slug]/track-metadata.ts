import type { Metadata } from "next";

import { oembedDiscoveryUrl } from "@fanfare/api/services/reach/oembed";

import { webEnv } from "~/lib/env";
import { trackCardUrl, withOgImage } from "~/lib/og";
import { loadTrackPage } from "~/lib/public-data";
import { loadRecommender } from "~/lib/share-data";

/** A link code as the ref route carries it (the rewrite in lib/public-routes.ts admits no other). */
const REF = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * The track page's metadata, for `/t/<slug>` (`ref` null) and its cached variant reached through
 * a promoter's link `/t/<slug>?ref=<code>` (rewritten to `/t/<slug>/ref/<code>`): title and
 * description, the share card as `og:image` / `twitter:image` (issue 14 §4), and oEmbed discovery
 * (issue 14 §5). Through a link that counts (`loadRecommender`: known, this track's, enabled,
 * promoter ACTIVE) the card and `og:description` say "Recommended by <promoter>", with the
 * promoter's public name by the leaderboards' rule (initials unless they opted in). Nothing here
 * depends on who asks, so the page stays cacheable; it varies by the code only.
 */
export async function trackMetadata(slug: string, ref: string | null): Promise<Metadata> {
  const content = await loadTrackPage(slug);
  if (content.status === "published") {
    const { track } = content;
    const recommendedBy = ref && REF.test(ref) ? await loadRecommender(track.id, ref) : null;
    const title = `${track.title} by ${track.artist.name}`;
    const about =
      track.description.replace(/\s+/g, " ").trim() ||
      `Listen to the preview and buy it straight from ${track.artist.name} on Fanfare.`;
    const shared = (recommendedBy ? `Recommended by ${recommendedBy} — ${about}` : about).slice(
      0,
      200,
    );
    return withOgImage(
      {
        title,
        description: track.description.slice(0, 160),
        // oEmbed discovery (issue 14 §5): a CMS given this page's URL finds the embeddable player.
        alternates: {
          types: { "application/json+oembed": oembedDiscoveryUrl(webEnv().APP_URL, track.slug) },
        },
        openGraph: { title, description: shared, type: "music.song", siteName: "Fanfare" },
        twitter: { title, description: shared },
      },
      trackCardUrl(track.slug, recommendedBy ? ref : null),
      recommendedBy ? `${title}, recommended by ${recommendedBy}` : title,
    );
  }
  if (content.status === "unavailable")
    return { title: "Track not available", robots: { index: false, follow: false } };
  return { title: "Track not found" };
}
