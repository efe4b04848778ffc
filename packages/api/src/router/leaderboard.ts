import { ZLeaderboardInput, ZLeaderboardPositionInput } from "@fanfare/validators";

import { getMyLeaderboardPosition } from "../services/leaderboard/my-position";
import { getTopPromoters } from "../services/leaderboard/top-promoters";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

export const leaderboardRouter = createTRPCRouter({
  topPromoters: publicProcedure
    .input(ZLeaderboardInput)
    .query(({ ctx, input }) => getTopPromoters(input, ctx.db)),
  /** The caller's own place on one board (never another user's: the id comes from the session). */
  myPosition: protectedProcedure
    .input(ZLeaderboardPositionInput)
    .query(({ ctx, input }) => getMyLeaderboardPosition(input, ctx.user.id, ctx.db)),
});
