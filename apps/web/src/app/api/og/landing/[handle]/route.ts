import { landingCardResponse, rateLimitedCard } from "~/lib/og-image/routes";

export const dynamic = "force-dynamic";

/**
 * GET /api/og/landing/<handle>: a landing page's share card, a 1200×630 PNG (photo or initials,
 * headline, "Recommended by <name>", up to three artworks). 404 for a page that is unknown, a
 * draft, taken down, or whose promoter is not ACTIVE; 429 past `ogCardsPerIp`.
 */
export async function GET(req: Request, ctx: { params: Promise<{ handle: string }> }) {
  const { handle } = await ctx.params;
  return rateLimitedCard(req, () => landingCardResponse(handle));
}
