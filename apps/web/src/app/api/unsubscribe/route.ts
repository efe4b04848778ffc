import { TRPCError } from "@trpc/server";

import { createCaller, createTRPCContext } from "@fanfare/api";
import { AppError, HTTP_STATUS } from "@fanfare/api/services/app-error";
import { rateLimitResponse } from "@fanfare/api/services/rate-limit";
import { getDb } from "@fanfare/db";

import { jsonError } from "~/lib/request";

export const dynamic = "force-dynamic";

/**
 * POST /api/unsubscribe?token=<signed token> — the one-click unsubscribe of marketing mail
 * (RFC 8058; issue 14 §8). The `List-Unsubscribe` header of the onboarding emails names this URL
 * and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` tells the mail provider to POST
 * `List-Unsubscribe=One-Click` here (form-encoded; the body is not needed and not read).
 *
 * Exempt from the CSRF origin check (`refuseCrossSite`, which every other state-changing route
 * calls): the POST comes from the mail provider's servers, with a foreign Origin or none, and
 * RFC 8058 §3.2 forbids requiring cookies or any other context. Safe without it: no cookie or
 * session is read, the signed token in the URL is the whole authorisation, and all it can do is
 * turn marketing mail off for the user it names. Rate limited per IP (`unsubscribePerIp`).
 * Runs `account.unsubscribe` (`oneClickUnsubscribe`), the same procedure the unsubscribe page's
 * button calls.
 * @returns 200 `{ unsubscribed: true, alreadyUnsubscribed }`; 400 `{ error }` with the reason
 *   for a missing, malformed or forged token; 404 for a deleted account; 429 with Retry-After.
 */
export async function POST(req: Request) {
  const token = new URL(req.url).searchParams.get("token") ?? "";
  // Only what the rate limit needs (the peer address): no cookie, no bearer token.
  const headers = new Headers(req.headers);
  headers.delete("cookie");
  headers.delete("authorization");
  try {
    const caller = createCaller(
      await createTRPCContext({ headers, session: null, db: await getDb() }),
    );
    const r = await caller.account.unsubscribe({ token });
    return Response.json(
      { unsubscribed: true, alreadyUnsubscribed: r.alreadyUnsubscribed },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (e) {
    const cause = e instanceof TRPCError ? e.cause : e;
    const limited = rateLimitResponse(cause);
    if (limited) return limited;
    if (cause instanceof AppError) return jsonError(HTTP_STATUS[cause.code], cause.message);
    // Input validation (an empty or over-long token) fails before the service runs.
    if (e instanceof TRPCError && e.code === "BAD_REQUEST") return jsonError(400, e.message);
    throw e;
  }
}

/**
 * GET /api/unsubscribe?token=… — what a mail client that opens the List-Unsubscribe URL in a
 * browser gets: a redirect (303) to the unsubscribe page, which asks for a click first. Nothing
 * changes on GET (link scanners fetch every URL of a message).
 */
export function GET(req: Request) {
  const token = new URL(req.url).searchParams.get("token") ?? "";
  const to = new URL(`/unsubscribe?token=${encodeURIComponent(token)}`, req.url);
  return new Response(null, { status: 303, headers: { location: to.pathname + to.search } });
}
