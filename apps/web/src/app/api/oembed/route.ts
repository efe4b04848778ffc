import { consumeRateLimit, rateLimitResponse } from "@fanfare/api/services/rate-limit";
import { ipFromHeaders } from "@fanfare/api/services/rate-limit/request-ip";
import { buildOembed, parseTrackUrl } from "@fanfare/api/services/reach/oembed";
import { getDb } from "@fanfare/db";

import { webEnv } from "~/lib/env";
import { loadTrackPage } from "~/lib/public-data";

export const dynamic = "force-dynamic";

/** Public data: any site's script may read it (a CMS's editor fetches it from the browser too). */
const CORS = { "access-control-allow-origin": "*" };

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { ...CORS, ...headers } });

/**
 * GET /api/oembed?url=<a track URL of this site, optionally with ?ref=>&format=json
 * &maxwidth=&maxheight= (oEmbed 1.0, https://oembed.com/): the `rich` answer whose `html` is the
 * embeddable player's iframe (`buildOembed`), so a track link pasted into a CMS expands into the
 * player, carrying the promoter's `ref`. Discovered from the track page's
 * `<link rel="alternate" type="application/json+oembed">`. Reads the cached track page content;
 * limited per IP (`oembedPerIp`, RATE_LIMIT_OEMBED_PER_IP_MINUTE); CORS `*`.
 * @returns 200 JSON; 400 when `url` is missing or not a track URL of this site (APP_URL's
 *   origin); 404 for an unknown, unpublished or deleted track; 501 for a `format` other than
 *   json (the spec's answer); 429 with Retry-After.
 */
export async function GET(req: Request) {
  try {
    await consumeRateLimit("oembedPerIp", ipFromHeaders(req.headers), { db: await getDb() });
  } catch (e) {
    const limited = rateLimitResponse(e);
    if (!limited) throw e;
    limited.headers.set("access-control-allow-origin", "*");
    return limited;
  }
  const params = new URL(req.url).searchParams;
  const format = params.get("format");
  if (format !== null && format !== "json")
    return answer(501, { error: `Format ${format} is not supported; use json.` });
  const url = params.get("url");
  if (!url) return answer(400, { error: "Query parameter `url` is required." });
  const appUrl = webEnv().APP_URL;
  const target = parseTrackUrl(url, appUrl);
  if (!target)
    return answer(400, {
      error: `Query parameter \`url\` must be a track URL of ${new URL(appUrl).origin} (/t/<slug>).`,
    });
  const content = await loadTrackPage(target.slug);
  if (content.status !== "published")
    return answer(404, { error: `No published track at /t/${target.slug}.` });
  return answer(
    200,
    buildOembed({
      appUrl,
      track: content.track,
      ref: target.ref,
      maxwidth: params.get("maxwidth"),
      maxheight: params.get("maxheight"),
    }),
    { "cache-control": "public, max-age=300" },
  );
}
