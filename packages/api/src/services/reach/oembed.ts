import { ZLinkCode, ZSlug } from "@fanfare/validators";

/**
 * The embeddable player's HTML and the oEmbed answer for a track (issue 14 §5). Pure: the route
 * (apps/web/src/app/api/oembed/route.ts) loads the track and passes the app's own URL.
 *
 * oEmbed 1.0 (https://oembed.com/, §2.3): a `rich` response carries `html` (an iframe of
 * `/embed/t/<slug>`), `width` and `height` in pixels, which must respect the consumer's
 * `maxwidth` / `maxheight`; `provider_*`, `title`, `author_*` are optional fields.
 */

/** The player's default size in CSS pixels (it is responsive in width; its layout is this tall). */
export const EMBED_WIDTH = 480;
export const EMBED_HEIGHT = 152;

/** What the embed needs of a track (a `TrackPageTrack` fits). */
export type EmbedTrack = { slug: string; title: string; artist: { name: string; slug: string } };

/** A track URL of this site and the promoter code it carries, if any. */
export type TrackUrl = { slug: string; ref: string | null };

/** The oEmbed 1.0 JSON of a `rich` type (the fields this provider sends). */
export type OembedResponse = {
  version: "1.0";
  type: "rich";
  provider_name: "Fanfare";
  provider_url: string;
  title: string;
  author_name: string;
  author_url: string;
  html: string;
  width: number;
  height: number;
  cache_age: number;
};

/** Seconds a consumer may cache an answer (`cache_age`): like the track page, an hour. */
export const OEMBED_CACHE_AGE_SECONDS = 3600;

const TRACK_PATH = /^\/(?:embed\/)?t\/([^/]+)\/?$/;

/**
 * Reads a Fanfare track URL: `<app origin>/t/<slug>` (or the player's own `/embed/t/<slug>`),
 * with an optional `?ref=<code>`; other query parameters are ignored, and so is a `ref` that is
 * not a well-formed link code.
 * @param appUrl the app's own URL (APP_URL); the URL must have exactly its origin (scheme, host,
 *   port).
 * @returns the slug and ref, or null when `url` is not a track URL of this site.
 */
export function parseTrackUrl(url: string, appUrl: string): TrackUrl | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.origin !== new URL(appUrl).origin) return null;
  const m = TRACK_PATH.exec(u.pathname);
  if (!m) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  if (!ZSlug.safeParse(slug).success) return null;
  const ref = ZLinkCode.safeParse(u.searchParams.get("ref") ?? "");
  return { slug, ref: ref.success ? ref.data : null };
}

/** `/embed/t/<slug>` on the app's origin, with `?ref=<code>` when given. */
export function embedUrl(appUrl: string, slug: string, ref?: string | null): string {
  const u = new URL(`/embed/t/${encodeURIComponent(slug)}`, appUrl);
  if (ref) u.searchParams.set("ref", ref);
  return u.toString();
}

/**
 * The oEmbed discovery URL of a track page (its `<link rel="alternate"
 * type="application/json+oembed">`): `/api/oembed?url=<the track URL>&format=json`.
 */
export function oembedDiscoveryUrl(appUrl: string, slug: string): string {
  const u = new URL("/api/oembed", appUrl);
  u.searchParams.set("url", new URL(`/t/${encodeURIComponent(slug)}`, appUrl).toString());
  u.searchParams.set("format", "json");
  return u.toString();
}

/** Escapes text for an HTML attribute value in double quotes (and for text content). */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * The `<iframe>` that embeds a track's player: no border, `allow="autoplay"` (the preview starts
 * on a click inside the frame), lazy-loaded, titled for screen readers, at most 100% of its
 * container's width.
 */
export function embedIframeHtml(input: {
  appUrl: string;
  track: EmbedTrack;
  ref?: string | null;
  width?: number;
  height?: number;
}): string {
  const { track } = input;
  const src = embedUrl(input.appUrl, track.slug, input.ref);
  const title = `${track.title} by ${track.artist.name} on Fanfare`;
  return (
    `<iframe src="${escapeHtml(src)}" width="${input.width ?? EMBED_WIDTH}" ` +
    `height="${input.height ?? EMBED_HEIGHT}" frameborder="0" allow="autoplay" loading="lazy" ` +
    `title="${escapeHtml(title)}" style="border:0;border-radius:12px;max-width:100%"></iframe>`
  );
}

/** A positive integer from a query parameter, or null when absent or not one. */
function dimension(v: string | null | undefined): number | null {
  if (v == null || !/^\d{1,5}$/.test(v)) return null;
  const n = Number(v);
  return n > 0 ? n : null;
}

/**
 * The oEmbed answer for `track`: the player at its default size, shrunk to `maxwidth` /
 * `maxheight` when the consumer asks for less (the spec: the size never exceeds what was asked;
 * the player's layout follows its frame's width).
 * @param input.maxwidth / input.maxheight the raw query values (ignored unless positive integers).
 */
export function buildOembed(input: {
  appUrl: string;
  track: EmbedTrack;
  ref?: string | null;
  maxwidth?: string | null;
  maxheight?: string | null;
}): OembedResponse {
  const { track } = input;
  const origin = new URL(input.appUrl).origin;
  const maxW = dimension(input.maxwidth);
  const maxH = dimension(input.maxheight);
  const width = maxW === null ? EMBED_WIDTH : Math.min(EMBED_WIDTH, maxW);
  const height = maxH === null ? EMBED_HEIGHT : Math.min(EMBED_HEIGHT, maxH);
  return {
    version: "1.0",
    type: "rich",
    provider_name: "Fanfare",
    provider_url: `${origin}/`,
    title: track.title,
    author_name: track.artist.name,
    author_url: `${origin}/a/${encodeURIComponent(track.artist.slug)}`,
    html: embedIframeHtml({ appUrl: input.appUrl, track, ref: input.ref, width, height }),
    width,
    height,
    cache_age: OEMBED_CACHE_AGE_SECONDS,
  };
}
