import { randomBytes } from "node:crypto";

import type { PrismaClient } from "@fanfare/db";

import {
  attributionCookieMaxAge,
  attributionCookieName,
  recordClick,
  requestClientIp,
} from "./clicks";
import { capturePageLinkClick, isPageLinkVisit } from "./page-click-capture";
import { BROWSER_SESSION_COOKIE, readBrowserSessionId } from "./sightings";

/** A cookie to set on the response: httpOnly, SameSite=Lax, Path=/. */
export type CaptureCookie = { name: string; value: string; maxAgeSeconds?: number };

/** Track- and release-link visits: `GET /t/<slug>?ref=<code>`, `GET /r/<slug>?ref=<code>`. */
const AFFILIATE_PATH = /^\/([tr])\/([^/?#]+)\/?$/;

/**
 * Whether a request is an affiliate visit whose click should be captured: a GET with a non-empty
 * `ref` of `/t/<slug>` (a track link) or of a page a page link lands on (`isPageLinkVisit`:
 * `/a/<slug>`, `/`, `/discover/…`; issue 14 §1). Anything else goes to the page untouched.
 */
export function isAffiliateVisit(method: string, url: URL): boolean {
  return (
    method === "GET" &&
    !!url.searchParams.get("ref") &&
    (AFFILIATE_PATH.test(url.pathname) || isPageLinkVisit(method, url))
  );
}

/**
 * Captures an affiliate click before the (cached) page is sent, and says which cookies the
 * response must carry: the browser session `ff_sid` when the visitor has none (stored on clicks
 * and compared at checkout with the promoter's own sessions, a soft self-referral signal), and
 * the attribution cookie `ff_ref_<trackId>=<clickId>` for every recorded non-bot click (first
 * party, 30 days by ATTRIBUTION_WINDOW_DAYS). The cookie always takes the latest click, under
 * either attribution model: `resolveAttribution` credits it under last click, and under first
 * click uses it to name the visitor whose earliest click wins (a server-side rule; keeping the
 * first cookie instead would need a look-up here per click, and after a switch back to last click
 * would credit stale clicks). Runs in `apps/web/server.mjs`
 * before Next (about 4x cheaper than in Next's proxy) and in `apps/web/src/proxy.ts` when the
 * server did not (`next dev` without server.mjs).
 *
 * A page link's visit (`/a/<slug>`, `/`, `/discover/…` with the promoter-level code) goes to
 * `capturePageLinkClick` (page-click-capture.ts), which sets its own cookies; the track path
 * below is unchanged by it.
 *
 * Never throws: a failure is logged and the page is served without attribution (a lost click
 * must never cost the visitor the page).
 * @param input.url the request URL (path and query matter); `input.headers` the request headers,
 *   with `x-fanfare-peer-ip` stamped by server.mjs (see `requestClientIp`).
 * @returns the cookies to set (empty when nothing applies), and whether the response carries
 *   per-visitor state (then it must be `Cache-Control: private, no-store`).
 */
export async function captureAffiliateClick(
  input: { method: string; url: URL; headers: Headers },
  getDb: () => Promise<PrismaClient>,
): Promise<{ cookies: CaptureCookie[] }> {
  const { url, headers } = input;
  const code = url.searchParams.get("ref");
  const match = AFFILIATE_PATH.exec(url.pathname);
  if (!code || input.method !== "GET") return { cookies: [] };
  if (!match) return capturePageLinkClick(input, getDb);
  let slug: string;
  try {
    slug = decodeURIComponent(match[2]!);
  } catch {
    return { cookies: [] }; // malformed path: the page answers 404, nothing to record
  }
  const cookies: CaptureCookie[] = [];
  let sessionId = readBrowserSessionId(headers.get("cookie"));
  if (!sessionId) {
    sessionId = randomBytes(12).toString("base64url");
    cookies.push({ name: BROWSER_SESSION_COOKIE, value: sessionId });
  }
  try {
    const db = await getDb();
    const result = await recordClick(
      {
        productKind: match[1] === "r" ? "release" : "track",
        slug,
        code: code.slice(0, 32),
        method: input.method,
        ip: requestClientIp(headers),
        userAgent: headers.get("user-agent"),
        referer: headers.get("referer"),
        landingPath: `${url.pathname}${url.search}`,
        sessionId,
      },
      db,
    );
    if (result.recorded && result.reason !== "bot")
      cookies.push({
        name: attributionCookieName(result.productId),
        value: result.clickId,
        maxAgeSeconds: await attributionCookieMaxAge(db),
      });
  } catch (e) {
    console.error(`Click capture failed for /${match[1]}/${slug}?ref=${code}:`, e);
  }
  return { cookies };
}

/**
 * One `Set-Cookie` header value for a capture cookie (names and values are ids and base64url:
 * nothing to encode). `secure` on https.
 */
export function serializeCaptureCookie(c: CaptureCookie, secure: boolean): string {
  return [
    `${c.name}=${c.value}`,
    "Path=/",
    ...(c.maxAgeSeconds !== undefined
      ? [
          `Max-Age=${c.maxAgeSeconds}`,
          `Expires=${new Date(Date.now() + c.maxAgeSeconds * 1000).toUTCString()}`,
        ]
      : []),
    "HttpOnly",
    "SameSite=Lax",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}
