import { artistCardResponse, rateLimitedCard } from "~/lib/og-image/routes";

export const dynamic = "force-dynamic";

/**
 * GET /api/og/artist/<slug>: the artist page's share card, a 1200×630 PNG (picture or initials,
 * name, tracks on sale). 404 for an unknown artist; 429 past `ogCardsPerIp`.
 */
export async function GET(req: Request, ctx: { params: Promise<{ slug: string }> }) {
  const { slug } = await ctx.params;
  return rateLimitedCard(req, () => artistCardResponse(slug));
}
