import { randomBytes } from "node:crypto";

import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";

import {
  attributionCookieMaxAge,
  attributionCookieName,
  recordClick,
  requestClientIp,
} from "@fanfare/api/services/affiliate/clicks";
import {
  BROWSER_SESSION_COOKIE,
  readBrowserSessionId,
} from "@fanfare/api/services/affiliate/sightings";
import { getDb } from "@fanfare/db";

/**
 * Click capture for affiliate links: `/t/<slug>?ref=<code>` is recorded on the server before the
 * page (served from cache) is sent, and the attribution cookie for that track is set on the same
 * response (first party, httpOnly, 30 days, last click wins). A failure here never blocks the
 * page. Track pages without `ref` do not run the proxy at all (`config.matcher`).
 */
export async function proxy(req: NextRequest) {
  const code = req.nextUrl.searchParams.get("ref");
  if (!code || req.method !== "GET") return NextResponse.next();
  const res = NextResponse.next();
  let slug: string;
  try {
    slug = decodeURIComponent(req.nextUrl.pathname.split("/")[2] ?? "");
  } catch {
    return res; // malformed path: the page answers 404, nothing to record
  }
  const secure = req.nextUrl.protocol === "https:";

  // The browser session: stored on clicks, and compared at checkout with the sessions a promoter
  // was seen with while signed in (a soft self-referral signal).
  let sessionId = readBrowserSessionId(req.headers.get("cookie"));
  if (!sessionId) {
    sessionId = randomBytes(12).toString("base64url");
    res.cookies.set(BROWSER_SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
    });
  }

  try {
    const result = await recordClick(
      {
        slug,
        code: code.slice(0, 32),
        method: req.method,
        ip: requestClientIp(req.headers),
        userAgent: req.headers.get("user-agent"),
        referer: req.headers.get("referer"),
        landingPath: `${req.nextUrl.pathname}${req.nextUrl.search}`,
        sessionId,
      },
      await getDb(),
    );
    if (result.recorded && result.reason !== "bot") {
      res.cookies.set(attributionCookieName(result.trackId), result.clickId, {
        httpOnly: true,
        sameSite: "lax",
        secure,
        path: "/",
        maxAge: attributionCookieMaxAge(),
      });
    }
  } catch (e) {
    console.error(`Click capture failed for /t/${slug}?ref=${code}:`, e);
  }
  // The page itself comes from cache, but this response carries this visitor's cookies: no
  // shared cache (CDN, proxy) may keep it.
  if (res.cookies.getAll().length > 0) res.headers.set("Cache-Control", "private, no-store");
  return res;
}

export const config = {
  // Only affiliate visits: a plain track page is answered from cache without the proxy.
  matcher: [{ source: "/t/:slug", has: [{ type: "query", key: "ref" }] }],
};
