import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { appRouter, createTRPCContext } from "@fanfare/api";
import { RateLimitedError } from "@fanfare/api/services/rate-limit";
import { auth } from "~/auth";

import { refuseCrossSite } from "~/lib/check-origin";
import { preflight, withCors } from "~/lib/cors";
// Track writes (artist mutations) expire the cached public pages through Next's revalidateTag.
import "~/lib/public-page-cache";

export const dynamic = "force-dynamic";

const METHODS = "GET, POST, OPTIONS";

/**
 * Public queries whose answer is the same for every caller (no session read): `leaderboard.top`
 * (its platform boards change at most once a minute, with the `leaderboard.refresh` job).
 */
const PUBLIC_CACHEABLE = new Set(["leaderboard.top"]);
const PUBLIC_CACHE_CONTROL = "public, max-age=30, s-maxage=60, stale-while-revalidate=60";

const handler = async (req: Request) => {
  // CSRF: mutations only from the app's own origin (or allowed CORS origins, or bearer tokens),
  // and JSON only, so an HTML form on another origin cannot call them with the user's cookie.
  const refused = refuseCrossSite(req, "trpc");
  if (refused) return withCors(req, refused, METHODS);
  const session = await auth();
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req,
    createContext: () => createTRPCContext({ headers: req.headers, session }),
    onError: ({ path, error }) => {
      if (error.code === "INTERNAL_SERVER_ERROR")
        console.error(`tRPC failed on ${path ?? "<no-path>"}:`, error);
    },
    // A rate-limited call says when to come back (RFC 9110 §10.2.3 Retry-After).
    responseMeta: ({ errors, paths, type }) => {
      const limited = errors
        .map((e) => e.cause)
        .find((c): c is RateLimitedError => c instanceof RateLimitedError);
      if (limited)
        return { headers: new Headers({ "retry-after": String(limited.retryAfterSeconds) }) };
      // Answers that are the same for every caller may be kept by browsers and shared caches.
      if (
        type === "query" &&
        errors.length === 0 &&
        paths?.length &&
        paths.every((p) => PUBLIC_CACHEABLE.has(p))
      )
        return { headers: new Headers({ "cache-control": PUBLIC_CACHE_CONTROL }) };
      return {};
    },
  });
  // The mobile app's web build calls from another origin (apps/web/src/lib/cors.ts).
  return withCors(req, res, METHODS);
};

const options = (req: Request) => preflight(req, METHODS);

export { handler as GET, options as OPTIONS, handler as POST };
