import type { UtmParam } from "./tracking-params";
import { UTM_PARAMS } from "./tracking-params";

/**
 * The promoter's link builder (issue 14 §1, §2) as pure functions, shared by the web and the
 * mobile app: the final URL of a track link with its source tag and UTM values, the UTM values
 * it suggests, and a pasted Fanfare URL read back to its track. Built with string operations,
 * not `URL`/`URLSearchParams`, whose React Native versions are incomplete.
 */

/** UTM values by parameter; an empty or missing value is left out of the link. */
export type UtmValues = Partial<Record<UtmParam, string>>;

/**
 * The UTM values the builder fills in: `utm_source=fanfare`, `utm_medium=affiliate`,
 * `utm_campaign=<link code>`, and `utm_content=<source tag>` when there is a tag.
 */
export function defaultUtm(input: { code: string; sourceTag?: string | null }): UtmValues {
  return {
    utm_source: "fanfare",
    utm_medium: "affiliate",
    utm_campaign: input.code,
    ...(input.sourceTag ? { utm_content: input.sourceTag } : {}),
  };
}

/** Percent-encodes a query value the way forms do (a space as `%20`, never `+`). */
const q = (value: string) => encodeURIComponent(value);

/**
 * The link a promoter shares: `<appUrl>/t/<slug>?ref=<code>`, then `src=<tag>` when given, then
 * each non-empty UTM value in UTM_PARAMS order (values trimmed, percent-encoded).
 * @param input.appUrl the site's origin, e.g. `https://fanfare.fm` (a trailing slash is ignored).
 * @example buildTrackLink({ appUrl: "https://fanfare.fm", slug: "night-drive", code: "k3m9x2pq",
 *   sourceTag: "yt", utm: { utm_source: "fanfare" } })
 *   → "https://fanfare.fm/t/night-drive?ref=k3m9x2pq&src=yt&utm_source=fanfare"
 */
export function buildTrackLink(input: {
  appUrl: string;
  slug: string;
  code: string;
  /** A release's link (issue 16 §1) goes to `/r/<slug>`; a track's (the default) to `/t/<slug>`. */
  kind?: "track" | "release";
  sourceTag?: string | null;
  utm?: UtmValues | null;
}): string {
  const params = [`ref=${q(input.code)}`];
  const tag = input.sourceTag?.trim();
  if (tag) params.push(`src=${q(tag)}`);
  for (const name of UTM_PARAMS) {
    const value = input.utm?.[name]?.trim();
    if (value) params.push(`${name}=${q(value)}`);
  }
  const page = input.kind === "release" ? "r" : "t";
  return `${input.appUrl.replace(/\/+$/, "")}/${page}/${q(input.slug)}?${params.join("&")}`;
}

/** Why a pasted URL was refused, in words for the field's error. */
export const TRACK_URL_ERRORS = {
  empty: "Paste the address of a Fanfare track page.",
  notFanfare: "That is not a Fanfare address: paste the address of a track page on this site.",
  notTrack:
    "A track page URL is needed, one whose path is /t/<track> (open the track and copy its address).",
} as const;

export type ParsedTrackUrl =
  | { ok: true; slug: string }
  | { ok: false; error: (typeof TRACK_URL_ERRORS)[keyof typeof TRACK_URL_ERRORS] };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** scheme://host[:port] then the rest (path, query, hash). */
const ABSOLUTE = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i;

/** host[:port], lowered, without a leading `www.` and without the scheme's default port. */
function normalHost(host: string, scheme: string): string {
  const h = host.toLowerCase().replace(/^www\./, "");
  const defaultPort = scheme.toLowerCase() === "https" ? ":443" : ":80";
  return h.endsWith(defaultPort) ? h.slice(0, -defaultPort.length) : h;
}

/**
 * Reads a pasted address back to its track: `https://<this site>/t/<slug>` (any query or hash,
 * e.g. another promoter's `?ref=`, is ignored), the same without the scheme
 * (`fanfare.fm/t/<slug>`), or a bare path (`/t/<slug>`). Only track pages are accepted: any other
 * page of the site is refused with `notTrack`, an address on another site with `notFanfare`.
 * The host must be `appUrl`'s (a `www.` prefix and the default port do not matter).
 * @param appUrl the site's origin, e.g. `https://fanfare.fm`.
 */
export function parseTrackUrl(raw: string, appUrl: string): ParsedTrackUrl {
  const path = sitePath(raw, appUrl);
  if (path === "empty") return { ok: false, error: TRACK_URL_ERRORS.empty };
  if (path === null) return { ok: false, error: TRACK_URL_ERRORS.notFanfare };
  const pathname = path.split(/[?#]/, 1)[0]!;
  const track = /^\/t\/([^/]+)\/?$/.exec(pathname);
  if (!track || !SLUG.test(track[1]!)) return { ok: false, error: TRACK_URL_ERRORS.notTrack };
  return { ok: true, slug: track[1]! };
}

/**
 * The path (with query and hash) of a pasted address on this site: a bare path, or an absolute
 * or scheme-less address whose host is `appUrl`'s. "empty" for blank input, null for another site.
 */
function sitePath(raw: string, appUrl: string): string | "empty" | null {
  const text = raw.trim();
  if (!text) return "empty";
  if (text.startsWith("/")) return text.startsWith("//") ? null : text;
  const app = ABSOLUTE.exec(appUrl);
  const m = ABSOLUTE.exec(text) ?? ABSOLUTE.exec(`https://${text}`);
  if (!app || !m || !/^https?$/i.test(m[1]!)) return null;
  if (normalHost(m[2]!, m[1]!) !== normalHost(app[2]!, app[1]!)) return null;
  return m[3] || "/";
}

/**
 * A page a promoter link may point at (issue 14 §1): a track page (its per-track link code), or a
 * page link with the promoter-level code: an artist page, or discover (`/`, with the genre, sort
 * or search it shows) or one of its own addresses (`/discover/…`).
 */
export type LinkablePage =
  | { kind: "track"; slug: string }
  | { kind: "artist"; slug: string }
  | {
      kind: "discover";
      /** `/` or `/discover/…`. */
      path: string;
      /** The page's own query, kept as pasted (`sort`, `genre`, `q` only), without `?`; may be "". */
      query: string;
    };

/** Why a pasted URL was refused by the page-link builder, in words for the field's error. */
export const PAGE_URL_ERRORS = {
  empty: "Paste the address of a Fanfare page.",
  notFanfare: "That is not a Fanfare address: paste the address of a page on this site.",
  notLinkable:
    "Links can point at a track (/t/<track>), an artist page (/a/<artist>) or discover (the home page, a genre or a search).",
} as const;

export type ParsedPageUrl =
  | { ok: true; page: LinkablePage }
  | { ok: false; error: (typeof PAGE_URL_ERRORS)[keyof typeof PAGE_URL_ERRORS] };

/** The discover listing's own query parameters a page link keeps. */
const DISCOVER_PARAMS = ["sort", "genre", "q"];

/**
 * Reads a pasted address back to the page a link may point at (`LinkablePage`), with the host
 * rules of `parseTrackUrl`: `/t/<slug>` a track, `/a/<slug>` an artist page, `/` or
 * `/discover/…` discover (its `sort`, `genre` and `q` parameters kept; `ref`, `src`, `utm_*`,
 * `cursor` and the hash dropped). Any other page of the site is `notLinkable`.
 * @param appUrl the site's origin, e.g. `https://fanfare.fm`.
 * @example parsePageUrl("https://fanfare.fm/?genre=ambient&ref=abc", "https://fanfare.fm")
 *   → { ok: true, page: { kind: "discover", path: "/", query: "genre=ambient" } }
 */
export function parsePageUrl(raw: string, appUrl: string): ParsedPageUrl {
  const path = sitePath(raw, appUrl);
  if (path === "empty") return { ok: false, error: PAGE_URL_ERRORS.empty };
  if (path === null) return { ok: false, error: PAGE_URL_ERRORS.notFanfare };
  const [beforeHash] = path.split("#", 1);
  const [pathname, search = ""] = beforeHash!.split(/\?(.*)/s, 2) as [string, string?];
  const track = /^\/t\/([^/]+)\/?$/.exec(pathname);
  if (track && SLUG.test(track[1]!)) return { ok: true, page: { kind: "track", slug: track[1]! } };
  const artist = /^\/a\/([^/]+)\/?$/.exec(pathname);
  if (artist && SLUG.test(artist[1]!))
    return { ok: true, page: { kind: "artist", slug: artist[1]! } };
  if (/^\/(?:discover(?:\/[a-z0-9_/-]*)?)?$/.test(pathname)) {
    const query = search
      .split("&")
      .filter((pair) => DISCOVER_PARAMS.includes(pair.split("=", 1)[0]!) && pair.includes("="))
      .join("&");
    return {
      ok: true,
      page: { kind: "discover", path: pathname.replace(/\/+$/, "") || "/", query },
    };
  }
  return { ok: false, error: PAGE_URL_ERRORS.notLinkable };
}

/**
 * The link a promoter shares to an artist page or discover (issue 14 §1): the page's address,
 * then its own query (discover), then `ref=<promoter code>`, `src=<tag>` when given and each
 * non-empty UTM value in UTM_PARAMS order, as `buildTrackLink` does for tracks.
 * @param input.code the promoter-level code (`PromoterProfile.code`), not a track link's code.
 * @example buildPageLink({ appUrl: "https://fanfare.fm", page: { kind: "artist", slug: "nova" },
 *   code: "k3m9x2pq", sourceTag: "newsletter" })
 *   → "https://fanfare.fm/a/nova?ref=k3m9x2pq&src=newsletter"
 */
export function buildPageLink(input: {
  appUrl: string;
  page: Exclude<LinkablePage, { kind: "track" }>;
  code: string;
  sourceTag?: string | null;
  utm?: UtmValues | null;
}): string {
  const params = input.page.kind === "discover" && input.page.query ? [input.page.query] : [];
  params.push(`ref=${q(input.code)}`);
  const tag = input.sourceTag?.trim();
  if (tag) params.push(`src=${q(tag)}`);
  for (const name of UTM_PARAMS) {
    const value = input.utm?.[name]?.trim();
    if (value) params.push(`${name}=${q(value)}`);
  }
  const path = input.page.kind === "artist" ? `/a/${q(input.page.slug)}` : input.page.path;
  return `${input.appUrl.replace(/\/+$/, "")}${path}?${params.join("&")}`;
}
