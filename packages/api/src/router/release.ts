import { ZReleaseBySlugInput, ZReleaseListInput } from "@fanfare/validators";

import { getPublicRelease, listPublicReleases } from "../services/catalog/release-page";
import { createTRPCRouter, publicProcedure } from "../trpc";

/**
 * Releases as the public sees them (issue 16 §1). The artist's own management is in the
 * `artist` router; the web's cached pages (`/r/<slug>`, discover, artist pages) read the same
 * service directly (services/catalog/release-page.ts), not through tRPC.
 */
export const releaseRouter = createTRPCRouter({
  /**
   * The release at `/r/<slug>` with its ordered tracks, price, commission, release date and
   * whether it is on sale now; its own artist also gets their draft (`published: false`).
   * NOT_FOUND otherwise.
   */
  bySlug: publicProcedure
    .input(ZReleaseBySlugInput)
    .query(({ ctx, input }) =>
      getPublicRelease({ slug: input.slug, viewerUserId: ctx.user?.id }, ctx.db),
    ),
  /** One page of published releases, newest first (`artistSlug`: one artist's). */
  list: publicProcedure
    .input(ZReleaseListInput)
    .query(({ ctx, input }) => listPublicReleases(input, ctx.db)),
});
