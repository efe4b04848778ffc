import { getPayments } from "@fanfare/payments";
import { ZDiscoverInput, ZPurchaseStatusInput, ZStartCheckoutInput, ZTrackBySlugInput } from "@fanfare/validators";

import { attributionCookieName, readCookie } from "../services/affiliate/clicks";
import { startCheckout } from "../services/checkout/start-checkout";
import { discoverTracks, getTrackBySlug, listGenres } from "../services/catalog/discover";
import { getPurchaseStatus, resendReceipt } from "../services/downloads/downloads";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const buyerRouter = createTRPCRouter({
  discover: publicProcedure.input(ZDiscoverInput).query(({ ctx, input }) => discoverTracks(input, ctx.db)),
  genres: publicProcedure.query(({ ctx }) => listGenres(ctx.db)),
  trackBySlug: publicProcedure.input(ZTrackBySlugInput).query(({ ctx, input }) => getTrackBySlug({ slug: input.slug, viewerUserId: ctx.user?.id }, ctx.db)),
  /** Opens checkout; attribution comes from the buyer's first-party cookie for this track. */
  startCheckout: publicProcedure.input(ZStartCheckoutInput).mutation(async ({ ctx, input }) => {
    const track = await ctx.db.track.findUnique({ where: { slug: input.slug }, select: { id: true } });
    const clickId = track ? readCookie(ctx.headers.get("cookie"), attributionCookieName(track.id)) : null;
    return startCheckout({ data: input, attributionClickId: clickId }, { db: ctx.db, payments: getPayments(ctx.db) });
  }),
  purchaseStatus: publicProcedure.input(ZPurchaseStatusInput).query(({ ctx, input }) => getPurchaseStatus(input, ctx.db)),
  /** Emails the buyer a fresh download link (rate-limited). */
  resendReceipt: publicProcedure.input(ZPurchaseStatusInput).mutation(({ ctx, input }) => resendReceipt(input, ctx.db)),
});
