import { liveStream } from "../services/live/stream";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** Pushed updates for the signed-in user's screens (issue 13 §6), over SSE. */
export const liveRouter = createTRPCRouter({
  /**
   * The caller's live events: a snapshot of their earnings, then each commission (with the new
   * totals) and each sale of their tracks. Only the caller's own: the profiles come from the
   * session.
   */
  events: protectedProcedure.subscription(({ ctx, signal }) =>
    liveStream(
      { promoterId: ctx.user.promoter?.id ?? null, artistId: ctx.user.artist?.id ?? null },
      signal,
      ctx.db,
    ),
  ),
});
