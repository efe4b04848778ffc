import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";

import { captureAffiliateClick } from "@fanfare/api/services/affiliate/click-capture";
import { getDb } from "@fanfare/db";

/**
 * Click capture for affiliate links (`/t/<slug>?ref=<code>`, and the page links of issue 14 §1:
 * `/a/<slug>`, `/`, `/discover/…` with a promoter's `?ref=`) when `server.mjs` has not done it
 * already (it marks the request `x-fanfare-click-captured: 1`; a client cannot, the server
 * removes the header first): the same `captureAffiliateClick`, before the page (served from
 * cache) is sent, with the visitor's cookies on the same response. Track pages without `ref` do
 * not run the proxy at all (`config.matcher`).
 */
export async function proxy(req: NextRequest) {
  const res = NextResponse.next();
  if (req.headers.get("x-fanfare-click-captured") === "1") return res; // (the matcher skips these)
  const { cookies } = await captureAffiliateClick(
    { method: req.method, url: req.nextUrl, headers: req.headers },
    getDb,
  );
  const secure = req.nextUrl.protocol === "https:";
  for (const c of cookies)
    res.cookies.set(c.name, c.value, {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      ...(c.maxAgeSeconds !== undefined ? { maxAge: c.maxAgeSeconds } : {}),
    });
  // The page itself comes from cache, but this response carries this visitor's cookies: no
  // shared cache (CDN, proxy) may keep it.
  if (cookies.length > 0) res.headers.set("Cache-Control", "private, no-store");
  return res;
}

export const config = {
  // Only affiliate visits that server.mjs has not captured: a plain track page, and a click the
  // server already recorded, are answered from cache without running the proxy (running it at
  // all cost ~2 ms of CPU per request, as much as the page).
  matcher: [
    {
      source: "/t/:slug",
      has: [{ type: "query", key: "ref" }],
      missing: [{ type: "header", key: "x-fanfare-click-captured" }],
    },
    // Page links (issue 14 §1): the artist page, discover (genres, search) and its own paths.
    {
      source: "/a/:slug",
      has: [{ type: "query", key: "ref" }],
      missing: [{ type: "header", key: "x-fanfare-click-captured" }],
    },
    {
      source: "/",
      has: [{ type: "query", key: "ref" }],
      missing: [{ type: "header", key: "x-fanfare-click-captured" }],
    },
    {
      source: "/discover/:path*",
      has: [{ type: "query", key: "ref" }],
      missing: [{ type: "header", key: "x-fanfare-click-captured" }],
    },
  ],
};
