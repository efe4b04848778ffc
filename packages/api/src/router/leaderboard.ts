import { ZLeaderboardInput } from "@fanfare/validators";

import { getTopPromoters } from "../services/leaderboard/top-promoters";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const leaderboardRouter = createTRPCRouter({
  topPromoters: publicProcedure
    .input(ZLeaderboardInput)
    .query(({ ctx, input }) => getTopPromoters(input, ctx.db)),
});
