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
  return `${input.appUrl.replace(/\/+$/, "")}/t/${q(input.slug)}?${params.join("&")}`;
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
  const text = raw.trim();
  if (!text) return { ok: false, error: TRACK_URL_ERRORS.empty };
  let path: string;
  if (text.startsWith("/")) {
    if (text.startsWith("//")) return { ok: false, error: TRACK_URL_ERRORS.notFanfare };
    path = text;
  } else {
    const app = ABSOLUTE.exec(appUrl);
    const m = ABSOLUTE.exec(text) ?? ABSOLUTE.exec(`https://${text}`);
    if (!app || !m || !/^https?$/i.test(m[1]!))
      return { ok: false, error: TRACK_URL_ERRORS.notFanfare };
    if (normalHost(m[2]!, m[1]!) !== normalHost(app[2]!, app[1]!))
      return { ok: false, error: TRACK_URL_ERRORS.notFanfare };
    path = m[3] || "/";
  }
  const pathname = path.split(/[?#]/, 1)[0]!;
  const track = /^\/t\/([^/]+)\/?$/.exec(pathname);
  if (!track || !SLUG.test(track[1]!)) return { ok: false, error: TRACK_URL_ERRORS.notTrack };
  return { ok: true, slug: track[1]! };
}
