import { getPayments } from "@fanfare/payments";
import {
  ZMySubscriptionsOutput,
  ZPlanForArtistInput,
  ZPublicSubscriptionPlanOutput,
  ZStartSubscriptionInput,
  ZStartSubscriptionOutput,
  ZSubscriptionIdInput,
} from "@fanfare/validators";

import { consumeRateLimit } from "../services/rate-limit";
import {
  cancelMySubscription,
  listMySubscriptions,
  openSubscriptionPortal,
} from "../services/subscriptions/manage";
import { planForArtist } from "../services/subscriptions/plans";
import { startSubscription } from "../services/subscriptions/start";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

/**
 * Catalog subscriptions (issue 16 §3), the subscriber's side: the artist page's offer, starting
 * a subscription (a buyer account: any signed-in user), the manage page's list, cancelling and
 * the payment page. The artist's plan is `artist.subscriptionPlan` / `artist.saveSubscriptionPlan`.
 * Mutations reach here only from the app's origin (the web's tRPC route refuses cross-site ones).
 */
export const subscriptionRouter = createTRPCRouter({
  /**
   * The offer on `/a/<artistSlug>`: prices (cents) and the recurring commission a promoter would
   * earn; null when the artist offers none. Public and the same for everyone (no rate limit, as
   * the other public page reads).
   */
  planForArtist: publicProcedure
    .input(ZPlanForArtistInput)
    .output(ZPublicSubscriptionPlanOutput)
    .query(({ ctx, input }) => planForArtist(input, ctx.db)),
  /**
   * Starts a subscription to the artist's catalog: `{ subscriptionId, checkoutUrl }` to send the
   * user to. Attributed from the `ff_ref_*` cookies of the artist's tracks and releases, or a
   * promoter's `code`. Rate limited per user (`subscriptionStartPerUser`).
   */
  start: protectedProcedure
    .input(ZStartSubscriptionInput)
    .output(ZStartSubscriptionOutput)
    .mutation(async ({ ctx, input }) => {
      await consumeRateLimit("subscriptionStartPerUser", ctx.user.id, { db: ctx.db });
      return startSubscription(
        { userId: ctx.user.id, data: input, cookieHeader: ctx.headers.get("cookie") },
        { db: ctx.db, payments: getPayments(ctx.db) },
      );
    }),
  /** The caller's subscriptions, newest first. */
  mine: protectedProcedure
    .output(ZMySubscriptionsOutput)
    .query(({ ctx }) => listMySubscriptions({ userId: ctx.user.id }, ctx.db)),
  /** Cancels the caller's subscription at the end of its period (NOT_FOUND for another's). */
  cancel: protectedProcedure
    .input(ZSubscriptionIdInput)
    .mutation(({ ctx, input }) =>
      cancelMySubscription(
        { userId: ctx.user.id, subscriptionId: input.subscriptionId },
        { db: ctx.db, payments: getPayments(ctx.db) },
      ),
    ),
  /** The processor's page for the payment method and cancelling: `{ url }` (own only). */
  portal: protectedProcedure
    .input(ZSubscriptionIdInput)
    .mutation(({ ctx, input }) =>
      openSubscriptionPortal(
        { userId: ctx.user.id, subscriptionId: input.subscriptionId },
        { db: ctx.db, payments: getPayments(ctx.db) },
      ),
    ),
});
