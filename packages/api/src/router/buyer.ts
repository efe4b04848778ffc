import { getPayments } from "@fanfare/payments";
import {
  ZDiscoverInput,
  ZPrepareFormatInput,
  ZPurchaseStatusInput,
  ZStartCheckoutInput,
  ZTrackBySlugInput,
} from "@fanfare/validators";

import { attributionCookieName, readCookie } from "../services/affiliate/clicks";
import {
  artistPageCookieName,
  DISCOVER_PAGE_COOKIE,
} from "../services/affiliate/page-click-capture";
import { requestVisitor } from "../services/affiliate/sightings";
import { startCheckout } from "../services/checkout/start-checkout";
import { discoverTracks, getTrackBySlug, listGenres } from "../services/catalog/discover";
import {
  getPurchaseStatus,
  prepareDownloadFormat,
  resendReceipt,
} from "../services/downloads/downloads";
import { consumeRateLimit } from "../services/rate-limit";
import { ipFromHeaders } from "../services/rate-limit/request-ip";
import { getShareEarnOffer, shareAndEarn } from "../services/share-earn/share-and-earn";
import { createTRPCRouter, publicProcedure } from "../trpc";
import { findSaleProduct } from "../services/catalog/products";

export const buyerRouter = createTRPCRouter({
  discover: publicProcedure
    .input(ZDiscoverInput)
    .query(({ ctx, input }) => discoverTracks(input, ctx.db)),
  /**
   * Who is signed in, for the cached pages' client islands (nav, "Get your link"): null when
   * signed out. `artistId` lets a track page recognise its owner without the page knowing;
   * `labelId` (issue 16 §5) puts the label dashboard in the nav of a label's account.
   */
  viewer: publicProcedure.query(async ({ ctx }) =>
    ctx.user
      ? {
          email: ctx.user.email,
          name: ctx.user.name,
          isAdmin: ctx.user.isAdmin,
          artistId: ctx.user.artist?.id ?? null,
          labelId:
            (
              await ctx.db.labelProfile.findUnique({
                where: { userId: ctx.user.id },
                select: { id: true },
              })
            )?.id ?? null,
        }
      : null,
  ),
  genres: publicProcedure.query(({ ctx }) => listGenres(ctx.db)),
  trackBySlug: publicProcedure
    .input(ZTrackBySlugInput)
    .query(({ ctx, input }) =>
      getTrackBySlug({ slug: input.slug, viewerUserId: ctx.user?.id }, ctx.db),
    ),
  /**
   * Opens checkout of a track or a release; attribution comes from the buyer's first-party
   * cookie for it. The
   * signed-in user, visitor hash and `ff_sid` session feed the self-referral checks.
   */
  startCheckout: publicProcedure.input(ZStartCheckoutInput).mutation(async ({ ctx, input }) => {
    // The track or release bought (issue 16 §1); its attribution cookie is `ff_ref_<its id>`.
    const track = await findSaleProduct(
      { kind: input.product ?? "track", slug: input.slug },
      ctx.db,
    );
    const cookie = ctx.headers.get("cookie");
    const clickId = track ? readCookie(cookie, attributionCookieName(track.id)) : null;
    // Page links (issue 14 §1): the artist page's cookie for the product's artist, and discover's.
    const attributionPageClicks = {
      artistPageClickId: track ? readCookie(cookie, artistPageCookieName(track.artistId)) : null,
      discoverPageClickId: readCookie(cookie, DISCOVER_PAGE_COOKIE),
    };
    const visitor = { signedInUserId: ctx.user?.id ?? null, ...requestVisitor(ctx.headers) };
    return startCheckout(
      { data: input, attributionClickId: clickId, attributionPageClicks, visitor },
      { db: ctx.db, payments: getPayments(ctx.db) },
    );
  }),
  purchaseStatus: publicProcedure
    .input(ZPurchaseStatusInput)
    .query(({ ctx, input }) => getPurchaseStatus(input, ctx.db)),
  /**
   * Starts making a purchase's files in a download format (issue 16 §2), authorized by the
   * purchase's token, without spending a download; the page then waits for `purchaseStatus` to
   * say they are ready. Rate limited per IP.
   */
  prepareFormat: publicProcedure.input(ZPrepareFormatInput).mutation(async ({ ctx, input }) => {
    await consumeRateLimit("formatPreparePerIp", ipFromHeaders(ctx.headers), { db: ctx.db });
    return prepareDownloadFormat(input, ctx.db);
  }),
  /** Emails the buyer a fresh download link (rate-limited). */
  resendReceipt: publicProcedure.input(ZPurchaseStatusInput).mutation(async ({ ctx, input }) => {
    await consumeRateLimit("receiptResendPerIp", ipFromHeaders(ctx.headers), { db: ctx.db });
    return resendReceipt(input, ctx.db);
  }),
  /**
   * The purchase page's "Share this track and earn N%" offer (issue 14 §7), authorized by the
   * purchase's token: the rate (bps) and the track, or null when the purchase carries none.
   */
  shareEarnOffer: publicProcedure
    .input(ZPurchaseStatusInput)
    .query(({ ctx, input }) => getShareEarnOffer(input, ctx.db)),
  /**
   * One click from the purchase page: an account for the buyer's email when there is none, and a
   * magic sign-in link to it through the outbox (rate limited; one email per purchase per 5
   * minutes). The answer never says whether the account existed.
   */
  shareAndEarn: publicProcedure
    .input(ZPurchaseStatusInput)
    .mutation(({ ctx, input }) =>
      shareAndEarn({ token: input.token, ip: ipFromHeaders(ctx.headers) }, ctx.db),
    ),
});
