import {
  ZLeaderboardInput,
  ZLeaderboardMeInput,
  ZLeaderboardMeOutput,
  ZLeaderboardPositionInput,
  ZLeaderboardTopInput,
  ZLeaderboardTopOutput,
} from "@fanfare/validators";

import { getLeaderboardMe } from "../services/leaderboard/me";
import { getMyLeaderboardPosition } from "../services/leaderboard/my-position";
import { getLeaderboardTop } from "../services/leaderboard/top";
import { getTopPromoters } from "../services/leaderboard/top-promoters";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

export const leaderboardRouter = createTRPCRouter({
  /**
   * One public board (period, metric, scope): the same answer for every caller, so the web
   * serves it from cache (`Cache-Control` in the tRPC route, the page cache for /leaderboard).
   */
  top: publicProcedure
    .input(ZLeaderboardTopInput)
    .output(ZLeaderboardTopOutput)
    .query(({ ctx, input }) => getLeaderboardTop(input, ctx.db)),
  /** The caller's own place on one board (never another user's: the id comes from the session). */
  me: protectedProcedure
    .input(ZLeaderboardMeInput)
    .output(ZLeaderboardMeOutput)
    .query(({ ctx, input }) => getLeaderboardMe(input, ctx.user.id, ctx.db)),
  /** Before issue 13 (rolling 7 / 30 days): kept for the mobile app already installed. */
  topPromoters: publicProcedure
    .input(ZLeaderboardInput)
    .query(({ ctx, input }) => getTopPromoters(input, ctx.db)),
  /** Before issue 13: kept for the mobile app already installed. */
  myPosition: protectedProcedure
    .input(ZLeaderboardPositionInput)
    .query(({ ctx, input }) => getMyLeaderboardPosition(input, ctx.user.id, ctx.db)),
});
