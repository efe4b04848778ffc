import { ZContestIdInput } from "@fanfare/validators";

import { getContest, listContestsShared, myContestStanding } from "../services/contests/contests";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

/** Promoter contests (issue 13 §5): public boards and the caller's own place. */
export const contestRouter = createTRPCRouter({
  /**
   * Running contests (live top 5), upcoming ones, and those closed in the last 30 days; the same
   * for everyone, up to 30 s old.
   */
  list: publicProcedure.query(({ ctx }) => listContestsShared(ctx.db)),
  /** One contest with its top 20 (live) or its winners (closed). NOT_FOUND when cancelled. */
  get: publicProcedure
    .input(ZContestIdInput)
    .query(({ ctx, input }) => getContest(input.id, ctx.db)),
  /** The caller's place in one contest (never another user's: the id comes from the session). */
  me: protectedProcedure
    .input(ZContestIdInput)
    .query(({ ctx, input }) => myContestStanding(input.id, ctx.user.id, ctx.db)),
});
