import { liveStream } from "../services/live/stream";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/** Pushed updates for the signed-in user's screens (issue 13 §6), over SSE. */
export const liveRouter = createTRPCRouter({
  /**
   * The caller's live events: a snapshot of their earnings, then each commission (with the new
   * totals), each sale of their tracks and each new notification (every signed-in user: the
   * bell). Only the caller's own: the user and profile ids come from the session.
   */
  events: protectedProcedure.subscription(({ ctx, signal }) =>
    liveStream(
      {
        userId: ctx.user.id,
        promoterId: ctx.user.promoter?.id ?? null,
        artistId: ctx.user.artist?.id ?? null,
      },
      signal,
      ctx.db,
    ),
  ),
});
