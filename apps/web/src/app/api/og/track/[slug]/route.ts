import { rateLimitedCard, trackCardResponse } from "~/lib/og-image/routes";

export const dynamic = "force-dynamic";

/**
 * GET /api/og/track/<slug>[?ref=<code>]: the track's share card, a 1200×630 PNG (artwork, title,
 * artist, price; "Recommended by <promoter>" when the link's code counts). 404 for an unknown,
 * unpublished or taken-down track. Fetching it is never a click: click capture runs on track
 * pages only. Rate limited per IP (`ogCardsPerIp`: 429 with Retry-After).
 */
export async function GET(req: Request, ctx: { params: Promise<{ slug: string }> }) {
  const { slug } = await ctx.params;
  return rateLimitedCard(req, () =>
    trackCardResponse(slug, new URL(req.url).searchParams.get("ref")),
  );
}
