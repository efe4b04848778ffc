import { artistCardResponse } from "~/lib/og-image/routes";

export const dynamic = "force-dynamic";

/**
 * GET /api/og/artist/<slug>: the artist page's share card, a 1200×630 PNG (picture or initials,
 * name, tracks on sale). 404 for an unknown artist.
 */
export async function GET(_req: Request, ctx: { params: Promise<{ slug: string }> }) {
  return artistCardResponse((await ctx.params).slug);
}
