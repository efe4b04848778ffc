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
import { requestDiscountStripeSync } from "../services/jobs/runner";
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
  /**
   * Admins: any scope, funded by the platform; artists: their own tracks, funded by them. The
   * code's Stripe Coupon and Promotion Code follow in a `discount.stripe-sync` job.
   */
  create: protectedProcedure.input(ZCreateDiscountCodeInput).mutation(async ({ ctx, input }) => {
    const code = await createDiscountCode(input, actorOf(ctx.user), ctx.db);
    await requestDiscountStripeSync(ctx.db, code.id);
    return code;
  }),
  /**
   * Activates, pauses or archives a code, or changes its limits; a `discount.stripe-sync` job
   * then activates or deactivates its Stripe Promotion Code.
   */
  update: protectedProcedure.input(ZUpdateDiscountCodeInput).mutation(async ({ ctx, input }) => {
    const code = await updateDiscountCode(input, actorOf(ctx.user), ctx.db);
    await requestDiscountStripeSync(ctx.db, code.id);
    return code;
  }),
  /** The codes the caller manages (an admin: all), newest first. */
  list: protectedProcedure
    .input(ZListDiscountCodesInput)
    .query(({ ctx, input }) => listDiscountCodes(input, actorOf(ctx.user), ctx.db)),
});
