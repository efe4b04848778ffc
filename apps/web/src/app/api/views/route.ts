import { AppError } from "@fanfare/api/services/app-error";
import { requestClientIp } from "@fanfare/api/services/affiliate/clicks";
import { consumeRateLimit, rateLimitResponse } from "@fanfare/api/services/rate-limit";
import { ipFromHeaders } from "@fanfare/api/services/rate-limit/request-ip";
import { recordPublicView } from "@fanfare/api/services/reach/record-view";
import { getDb } from "@fanfare/db";
import { ZPageViewInput } from "@fanfare/validators";

import { refuseCrossSite } from "~/lib/check-origin";
import { jsonError } from "~/lib/request";

export const dynamic = "force-dynamic";

/**
 * POST /api/views (JSON `{ kind: "landing", handle }` or `{ kind: "embed", slug, ref? }`): a
 * view of a landing page, or the first play in an embedded player (issue 14 §5), counted once
 * per visitor, page and UTC day (`recordPublicView`; bots never count). Public and cookie-free:
 * the embed calls it from inside another site's iframe, as a same-origin request of its own
 * frame. The CSRF origin check (JSON only, this site's pages) and a per-IP limit
 * (`pageViewsPerIp`, RATE_LIMIT_PAGE_VIEWS_PER_IP_MINUTE) come first.
 * @returns 204 whether or not the view counted (nothing tells a caller which); 400 with the
 *   zod message for bad input, 403/415 from the origin check, 404 for an unknown or unpublished
 *   handle or slug, 429 with Retry-After.
 */
export async function POST(req: Request) {
  const refused = refuseCrossSite(req, "trpc");
  if (refused) return refused;
  const db = await getDb();
  try {
    await consumeRateLimit("pageViewsPerIp", ipFromHeaders(req.headers), { db });
    const parsed = ZPageViewInput.safeParse(await req.json().catch(() => null));
    if (!parsed.success)
      return jsonError(400, parsed.error.issues.map((i) => i.message).join("; "));
    await recordPublicView(
      {
        view: parsed.data,
        ip: requestClientIp(req.headers),
        userAgent: req.headers.get("user-agent"),
      },
      db,
    );
    return new Response(null, { status: 204 });
  } catch (e) {
    const limited = rateLimitResponse(e);
    if (limited) return limited;
    if (e instanceof AppError && e.code === "NOT_FOUND") return jsonError(404, e.message);
    throw e;
  }
}
