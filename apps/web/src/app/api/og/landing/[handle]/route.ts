import { landingCardResponse } from "~/lib/og-image/routes";

export const dynamic = "force-dynamic";

/**
 * GET /api/og/landing/<handle>: a landing page's share card, a 1200×630 PNG (photo or initials,
 * headline, "Recommended by <name>", up to three artworks). 404 for a page that is unknown, a
 * draft, taken down, or whose promoter is not ACTIVE.
 */
export async function GET(_req: Request, ctx: { params: Promise<{ handle: string }> }) {
  return landingCardResponse((await ctx.params).handle);
}
