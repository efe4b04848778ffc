import type { Metadata } from "next";

import { absoluteUrl } from "~/lib/og";
import { loadReleasePage } from "~/lib/public-data";

/**
 * The release page's metadata (`/r/<slug>`, issue 16 §1): title and description, and for
 * unfurlers the release's artwork as `og:image` / `twitter:image` (no drawn share card yet).
 * Nothing here depends on who asks or on `?ref=`, so the page stays one cached copy.
 */
export async function releaseMetadata(slug: string): Promise<Metadata> {
  const content = await loadReleasePage(slug);
  if (content.status === "published") {
    const { release } = content;
    const title = `${release.title} by ${release.artist.name}`;
    const about = (
      release.description.replace(/\s+/g, " ").trim() ||
      `${release.trackCount} ${release.trackCount === 1 ? "track" : "tracks"}: listen to the previews and buy it straight from ${release.artist.name} on Fanfare.`
    ).slice(0, 200);
    const image = release.artworkUrl
      ? [{ url: absoluteUrl(release.artworkUrl), alt: `Artwork for ${release.title}` }]
      : undefined;
    return {
      title,
      description: about.slice(0, 160),
      openGraph: {
        title,
        description: about,
        type: "music.album",
        siteName: "Fanfare",
        images: image,
      },
      twitter: { card: "summary", title, description: about, images: image },
    };
  }
  if (content.status === "unavailable")
    return { title: "Release not available", robots: { index: false, follow: false } };
  return { title: "Release not found" };
}
