import type { Metadata } from "next";

import { webEnv } from "./env";

/**
 * Share cards in page metadata (issue 14 §4): the addresses of the card images
 * (`app/api/og/*`) and the `og:image` / `twitter:image` tags that point at them, so a link pasted
 * into X, Facebook, Slack, Discord, WhatsApp, iMessage… unfurls with a picture. Image URLs are
 * absolute (APP_URL): unfurlers do not resolve relative ones.
 */

/** The size of every card (`app/api/og/*`, 1.91:1 as Open Graph recommends). */
export const OG_IMAGE_SIZE = { width: 1200, height: 630 } as const;

/** `path` on the site's public origin (APP_URL). */
export function absoluteUrl(path: string): string {
  return new URL(path, webEnv().APP_URL).toString();
}

/** The track's card; with `ref`, the one that says "Recommended by <promoter>". */
export function trackCardUrl(slug: string, ref?: string | null): string {
  const path = `/api/og/track/${encodeURIComponent(slug)}`;
  return absoluteUrl(ref ? `${path}?ref=${encodeURIComponent(ref)}` : path);
}

/** The artist page's card (`/a/<slug>`). */
export function artistCardUrl(slug: string): string {
  return absoluteUrl(`/api/og/artist/${encodeURIComponent(slug)}`);
}

/** A landing page's card (`/p/<handle>`). */
export function landingCardUrl(handle: string): string {
  return absoluteUrl(`/api/og/landing/${encodeURIComponent(handle)}`);
}

/**
 * The Open Graph and Twitter image tags for a card: `og:image` (with its size, type and alt) and
 * a large Twitter card. Spread it into a page's metadata when the page sets no `openGraph` or
 * `twitter` of its own; otherwise use `withOgImage`.
 * @param url an absolute image URL (`trackCardUrl`, `artistCardUrl`, `landingCardUrl`).
 * @param alt what the card shows, for people who cannot see it.
 */
export function ogImageMetadata(url: string, alt: string): Pick<Metadata, "openGraph" | "twitter"> {
  return {
    openGraph: { images: [{ url, ...OG_IMAGE_SIZE, alt, type: "image/png" }] },
    twitter: { card: "summary_large_image", images: [{ url, alt }] },
  };
}

/**
 * `metadata` with the card added to its own `openGraph` and `twitter` (kept, not replaced: Next
 * replaces these objects whole, it does not merge them). E.g. on the artist page:
 * `return withOgImage(artistMetadata(artist), artistCardUrl(artist.slug), `${artist.name} on Fanfare`)`.
 */
export function withOgImage(metadata: Metadata, url: string, alt: string): Metadata {
  const tags = ogImageMetadata(url, alt);
  return {
    ...metadata,
    openGraph: { ...metadata.openGraph, ...tags.openGraph },
    twitter: { ...metadata.twitter, ...tags.twitter },
  };
}
