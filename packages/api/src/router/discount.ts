import {
  ZCreateDiscountCodeInput,
  ZDiscountCodeInput,
  ZListDiscountCodesInput,
  ZUpdateDiscountCodeInput,
} from "@fanfare/validators";

import type { CodeActor } from "../services/discount/codes";
import {
  createDiscountCode,
  listDiscountCodes,
  updateDiscountCode,
  validateDiscountCode,
} from "../services/discount/codes";
import { consumeRateLimit } from "../services/rate-limit";
import { ipFromHeaders } from "../services/rate-limit/request-ip";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

const actorOf = (user: {
  id: string;
  isAdmin: boolean;
  artist: { id: string } | null;
}): CodeActor => ({ userId: user.id, isAdmin: user.isAdmin, artistId: user.artist?.id ?? null });

/** Discount codes (issue 12): checked by buyers, managed by admins and artists. */
export const discountRouter = createTRPCRouter({
  /**
   * Whether a code gives a discount on a track and the total the buyer would pay; a refusal is
   * an answer with its reason. Public, limited per IP (`discountValidatePerIp`).
   */
  validate: publicProcedure.input(ZDiscountCodeInput).query(async ({ ctx, input }) => {
    await consumeRateLimit("discountValidatePerIp", ipFromHeaders(ctx.headers), { db: ctx.db });
    return validateDiscountCode(input, ctx.db);
  }),
  /** Admins: any scope, funded by the platform; artists: their own tracks, funded by them. */
  create: protectedProcedure
    .input(ZCreateDiscountCodeInput)
    .mutation(({ ctx, input }) => createDiscountCode(input, actorOf(ctx.user), ctx.db)),
  /** Activates, pauses or archives a code, or changes its limits. */
  update: protectedProcedure
    .input(ZUpdateDiscountCodeInput)
    .mutation(({ ctx, input }) => updateDiscountCode(input, actorOf(ctx.user), ctx.db)),
  /** The codes the caller manages (an admin: all), newest first. */
  list: protectedProcedure
    .input(ZListDiscountCodesInput)
    .query(({ ctx, input }) => listDiscountCodes(input, actorOf(ctx.user), ctx.db)),
});
