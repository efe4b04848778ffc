import type { DiscountCode, PrismaClient } from "@fanfare/db";
import type { PaymentsProvider } from "@fanfare/payments";
import type { DiscountFunderName, StartCheckoutInput } from "@fanfare/validators";
import { MIN_PRICE_CENTS, ZStartCheckoutInput, formatCents } from "@fanfare/validators";

import { AppError } from "../app-error";
import { resolveAttribution } from "../affiliate/attribution";
import { purchaseFraudSignals } from "../affiliate/purchase-signals";
import { markFraudScoreDirty } from "../fraud/score-events";
import { secondTierFor } from "../affiliate/recruits";
import { recordSighting } from "../affiliate/sightings";
import { campaignTerms, liveCampaignsForTrack } from "../campaigns/terms";
import { licenseTierForCheckout } from "../catalog/license-tiers";
import { productColumns, productPath, saleProductOnSale } from "../catalog/products";
import {
  releaseDiscount,
  reserveDiscount,
  totalRefusal,
  validateDiscountCode,
} from "../discount/codes";
import { completeFreeOrder } from "./handle-stripe-event";
import { priceSale } from "./price-sale";
import { contractInForce } from "../labels/contracts";
import { apiEnv } from "../env";
import { shareRows, sharesOfSale } from "../money/shares";
import { programSettings } from "../settings/program-settings";
import { randomToken, sha256Hex } from "../shared/tokens";

/**
 * The amount a buyer is charged, in cents. Fixed price: the track's or release's price.
 * Pay-what-you-want: the buyer's amount (default: the suggested price), at least the artist's
 * minimum.
 * @throws AppError BAD_INPUT (field amountCents) when under the minimum.
 */
export function chargeAmountCents(
  track: {
    priceCents: number;
    minPriceCents: number | null;
    currency: string;
    kind?: "track" | "release";
  },
  requested: number | undefined,
): number {
  if (track.minPriceCents == null) return track.priceCents;
  const amount = requested ?? track.priceCents;
  const floor = Math.max(track.minPriceCents, MIN_PRICE_CENTS);
  if (amount < floor)
    throw new AppError(
      "BAD_INPUT",
      `Pay at least ${formatCents(floor, track.currency)} for this ${track.kind ?? "track"}.`,
      { field: "amountCents" },
    );
  return amount;
}

/** Who starts a checkout, as far as the request tells (all optional: scripts pass nothing). */
export type CheckoutVisitor = {
  /** The signed-in user, if any. */
  signedInUserId?: string | null;
  /** The request's salted visitor hash (`requestVisitor`), as the click path computes it. */
  visitorHash?: string | null;
  /** The request's `ff_sid` browser session. */
  sessionId?: string | null;
};

/**
 * Starts a purchase of a track or a release (issue 16 §1: `data.product`, default track; the
 * sale records `productKind`, the product's id and its artist): prices it, resolves attribution from the buyer's cookie, records a
 * PENDING sale with the split (platform fee, commission, artist share) and a hashed download
 * token, then opens a Checkout Session (Stripe, or the offline sandbox) keyed by
 * `checkout:<saleId>`. The raw token is only in the success URL the buyer is sent to.
 *
 * Self-referral is decided here (`resolveAttribution`). A hard signal (the signed-in buyer is
 * the promoter, the buyer's email reaches the promoter's mailbox, the promoter is the artist)
 * makes the sale exactly an unattributed one: `promoterId`, `linkId` and `clickId` null,
 * commission 0 and the artist's share the remainder, so `settleSale` posts no promoter lines,
 * no promoter or link totals move and no commission row or email is created; the reason goes in
 * `Sale.selfReferral` and a SELF_REFERRAL_BLOCKED `FraudSignal` (written with the sale) keeps the
 * promoter, link and click for the admin. Soft signals (the promoter's own visitor hash or
 * browser session on the purchase) keep the commission and only add a FraudSignal
 * (`purchaseFraudSignals`). A signed-in buyer's visitor hash and session are recorded as
 * sightings (`recordSighting`) after the check.
 *
 * Pricing (issue 12, `priceSale`): the rate in force is the track's or a live campaign's (an
 * artist's boost from the artist's share, a platform boost from the fee), recorded on the sale
 * (`commissionBps`, `platformBoostBps`, `campaignId`); a code and a campaign discount never
 * stack (the better wins). A promoter's code attributes the sale to that promoter with no click
 * and beats another promoter's cookie (`resolveAttribution`); it is refused when the sale cannot
 * be theirs (their own purchase, their link disabled). A total of 0 (a 100 % code) is a free
 * order: no Checkout Session, completed at once (`completeFreeOrder`), and the URL returned is
 * the download page; a total of 1–49 cents is refused. The attributed promoter's recruiter, while
 * the second tier runs (`secondTierFor`, issue 14 §6), gets a RECRUITER share recorded with the
 * others (`recruiterId`, `recruiterShareBps`, `recruiterCents`).
 *
 * @param input.visitor who starts the checkout (signed-in user, visitor hash, `ff_sid`).
 * A release bought before its release date (a pre-order) records the date as `Sale.deliverAt`:
 * downloads open then, and the holding period runs from it. A release buyer gets every track,
 * so the purchase's download limit is the per-file limit times the number of tracks.
 *
 * @returns `{ saleId, checkoutUrl, attributed }` to redirect the buyer to.
 * @throws AppError NOT_FOUND (track or release not on sale), BAD_INPUT (amount, discount code),
 *   PAYMENT_PROVIDER (the provider refused; the sale is marked FAILED).
 */
export async function startCheckout(
  input: {
    data: StartCheckoutInput;
    attributionClickId: string | null;
    /**
     * The page-link clicks the buyer's cookies name (issue 14 §1): `ff_pa_<track's artistId>` and
     * `ff_pd`. The discover one counts only in the session `visitor.sessionId` (`ff_sid`).
     */
    attributionPageClicks?: {
      artistPageClickId: string | null;
      discoverPageClickId: string | null;
    };
    visitor?: CheckoutVisitor;
  },
  deps: { db: PrismaClient; payments: PaymentsProvider },
) {
  const { db, payments } = deps;
  const data = ZStartCheckoutInput.parse(input.data);
  const now = new Date();
  const kind = data.product ?? "track";
  const product = await saleProductOnSale({ kind, slug: data.slug }, db, now);
  const licenseTier = await licenseTierForCheckout(product, data.licenseTierId, db);
  // A discount code (issue 12 §2): refused in words (BAD_INPUT on `discountCode`) when it does
  // not apply; otherwise `priceSale` takes the discount from its funder's share below.
  let code: DiscountCode | null = null;
  if (data.discountCode) {
    const discount = await validateDiscountCode(
      {
        code: data.discountCode,
        product: kind,
        slug: data.slug,
        email: data.buyerEmail,
        amountCents: licenseTier ? undefined : data.amountCents,
        licenseTierId: licenseTier?.id,
      },
      db,
      now,
    );
    if (!discount.valid)
      throw new AppError("BAD_INPUT", discount.reason, { field: "discountCode" });
    code = await db.discountCode.findUniqueOrThrow({ where: { code: discount.code } });
  }
  const amountCents = licenseTier?.priceCents ?? chargeAmountCents(product, data.amountCents);
  const visitor = input.visitor ?? {};
  const promoterCode = code?.funder === "PROMOTER" && code.promoterId ? code : null;
  const attribution = await resolveAttribution(
    {
      clickId: input.attributionClickId,
      ...productColumns(product),
      buyerEmail: data.buyerEmail,
      signedInUserId: visitor.signedInUserId,
      promoterCode: promoterCode && { promoterId: promoterCode.promoterId! },
      pageClicks: input.attributionPageClicks && {
        ...input.attributionPageClicks,
        sessionId: visitor.sessionId ?? null,
      },
      now,
    },
    db,
  );
  // A promoter's code is funded by their commission: it needs the sale attributed to them.
  if (
    promoterCode &&
    !(attribution.attributed && attribution.promoterId === promoterCode.promoterId)
  )
    throw new AppError(
      "BAD_INPUT",
      !attribution.attributed &&
        attribution.reason === "self_referral" &&
        attribution.promoterId === promoterCode.promoterId
        ? `The code ${promoterCode.code} is the promoter's own: it cannot be used on their own purchase.`
        : `The code ${promoterCode.code} is no longer valid.`,
      { field: "discountCode" },
    );
  const signals = await purchaseFraudSignals(
    {
      attribution,
      product,
      visitorHash: visitor.visitorHash,
      sessionId: visitor.sessionId,
    },
    db,
  );
  // The fee in force now (program settings) and the campaigns live now (issue 12 §3), kept on
  // the sale with the commission rate: completion and refunds use what the buyer was quoted.
  const [{ platformFeeBps }, live, tier, secondTier, label] = await Promise.all([
    programSettings(db),
    liveCampaignsForTrack(product, now, db),
    // The promoter's tier in force now (issue 13 §1): its bonus is recorded on the sale.
    attribution.attributed
      ? db.promoterProfile
          .findUnique({
            where: { id: attribution.promoterId },
            select: { tier: { select: { bonusBps: true } } },
          })
          .then((p) => p?.tier ?? null)
      : null,
    // The promoter's recruiter while the second tier runs (issue 14 §6): their share is recorded.
    attribution.attributed
      ? secondTierFor(
          {
            promoterId: attribution.promoterId,
            now,
            buyer: { signedInUserId: visitor.signedInUserId, email: data.buyerEmail },
          },
          db,
        )
      : null,
    // The artist's label under the contract in force now (issue 16 §5): its share is recorded.
    contractInForce(db, product.artistId, now),
  ]);
  const terms = campaignTerms(product.commissionBps, live);
  const tierBonusBps = tier?.bonusBps ?? 0;
  const { split, discountFrom } = priceSale({
    listCents: amountCents,
    platformFeeBps,
    attributed: attribution.attributed,
    terms,
    tierBonusBps,
    recruiterShareBps: secondTier?.recruiterShareBps ?? 0,
    labelShareBps: label?.labelShareBps ?? 0,
    code: code && { type: code.type, value: code.value, funder: code.funder as DiscountFunderName },
  });
  const refusedTotal = totalRefusal(split.amountCents, product.currency);
  if (refusedTotal) throw new AppError("BAD_INPUT", refusedTotal, { field: "discountCode" });
  // The code is used only when its discount is the one applied, or to credit its promoter.
  const usesCode = code != null && (discountFrom === "code" || promoterCode != null);
  const free = split.amountCents === 0;
  const token = randomToken();
  const env = apiEnv();
  // A checkout holding a code reservation expires with it: 31 minutes (Stripe allows 30 to 24 h).
  const expiresAt = usesCode ? new Date(now.getTime() + 31 * 60_000) : undefined;
  const attributedRate = attribution.attributed;

  const sale = await db.$transaction(async (tx) => {
    // A pre-order's delivery date is read again under a share lock on the release: the artist's
    // date change (`updateRelease`, FOR UPDATE) either committed before, and its date is used, or
    // waits for this sale, and then sees it among the pre-orders whose date it may not postpone.
    let deliverAt = product.deliverAt;
    if (product.kind === "release") {
      const [locked] = await tx.$queryRaw<{ releaseDate: Date | null }[]>`
        SELECT "releaseDate" FROM "Release" WHERE "id" = ${product.id} FOR SHARE`;
      const date = locked?.releaseDate ?? null;
      deliverAt = date && date.getTime() > now.getTime() ? date : null;
    }
    const created = await tx.sale.create({
      data: {
        productKind: product.kind,
        ...productColumns(product),
        artistId: product.artistId,
        deliverAt,
        // A release's tracks as bought (issue 16 §1): kept if the artist takes one off later.
        releaseTrackIds: product.kind === "release" ? product.trackIds : [],
        buyerEmail: data.buyerEmail,
        buyerName: data.buyerName || null,
        buyerContactOptIn: data.shareContactWithArtist === true,
        licenseTierId: licenseTier?.id ?? null,
        amountCents: split.amountCents,
        currency: product.currency,
        platformFeeCents: split.platformFeeCents,
        artistCents: split.artistCents,
        commissionCents: split.commissionCents,
        commissionBps: attributedRate ? terms.artistRateBps : 0,
        platformBoostBps:
          attributedRate && split.platformBoostCents > 0 ? terms.platformBoostBps : 0,
        tierBonusBps: attributedRate ? tierBonusBps : 0,
        // The second tier (issue 14 §6), fixed now: the recruiter and their rate.
        recruiterId: attributedRate && secondTier ? secondTier.recruiterId : null,
        recruiterShareBps: attributedRate && secondTier ? secondTier.recruiterShareBps : 0,
        recruiterCents: split.recruiterCents,
        // The label's contract in force now (issue 16 §5) and its share of the artist's.
        labelId: label?.labelId ?? null,
        labelContractId: label?.id ?? null,
        labelShareBps: label?.labelShareBps ?? 0,
        labelCents: split.labelCents,
        platformFeeBps,
        promoterId: attribution.attributed ? attribution.promoterId : null,
        linkId: attribution.attributed ? attribution.linkId : null,
        clickId: attribution.attributed ? attribution.clickId : null,
        selfReferral:
          attribution.attributed || attribution.reason !== "self_referral"
            ? null
            : attribution.selfReferral,
        downloadTokenHash: sha256Hex(token),
        // Per file: a release's buyer may fetch each of its tracks as often as a track's buyer.
        downloadLimit: env.DOWNLOAD_LIMIT * product.trackIds.length,
        fraudSignals: { create: signals },
        // The sale's list of shares, recorded now: settlement posts exactly this list.
        shares: {
          create: shareRows(
            sharesOfSale({
              ...split,
              artistId: product.artistId,
              promoterId: attribution.attributed ? attribution.promoterId : null,
              recruiterId: attributedRate ? (secondTier?.recruiterId ?? null) : null,
              labelId: label?.labelId ?? null,
            }),
          ),
        },
        ...(discountFrom || usesCode
          ? {
              listAmountCents: amountCents,
              discountCents: split.discountCents,
              discountCodeId: usesCode ? code!.id : null,
              discountFunder:
                discountFrom === "code"
                  ? (code!.funder as DiscountFunderName)
                  : discountFrom === "campaign"
                    ? terms.discount!.funder
                    : null,
            }
          : {}),
        // The campaign whose rate, boost or discount the sale got (issue 12 §3).
        campaignId:
          (attributedRate &&
            (terms.platformBoostBps > 0 || terms.artistRateBps > product.commissionBps)) ||
          discountFrom === "campaign"
            ? terms.campaignId
            : null,
      },
    });
    if (usesCode)
      await reserveDiscount(tx, {
        codeId: code!.id,
        saleId: created.id,
        buyerEmail: data.buyerEmail,
        // A promoter code that only credited its promoter gave nothing itself.
        discountCents: discountFrom === "code" ? split.discountCents : 0,
        reservedUntil: expiresAt!,
        now,
      });
    return created;
  });
  // A refused self-referral or a purchase from the promoter's browser: rescore them later.
  await markFraudScoreDirty(
    db,
    signals.map((s) => s.promoterId),
  );
  if (visitor.signedInUserId) {
    await recordSighting(
      {
        userId: visitor.signedInUserId,
        visitorHash: visitor.visitorHash,
        sessionId: visitor.sessionId,
      },
      db,
    );
  }

  const successUrl = new URL(`/purchase/${token}`, env.APP_URL).toString();
  if (free) {
    // Nothing to charge (a 100 % code): no Checkout Session; the sale completes now through the
    // same settlement path, and the buyer goes straight to their download.
    await completeFreeOrder({ id: sale.id, buyerEmail: data.buyerEmail }, db);
    return { saleId: sale.id, checkoutUrl: successUrl, attributed: attribution.attributed };
  }
  try {
    const session = await payments.createCheckoutSession({
      saleId: sale.id,
      amountCents: split.amountCents,
      currency: product.currency,
      productName: `${product.title} by ${product.artistName}`,
      productDescription: product.description,
      buyerEmail: data.buyerEmail,
      successUrl,
      cancelUrl: new URL(
        `${productPath(product.kind, product.slug)}?checkout=cancelled`,
        env.APP_URL,
      ).toString(),
      metadata: {
        saleId: sale.id,
        [product.kind === "track" ? "trackId" : "releaseId"]: product.id,
      },
      idempotencyKey: `checkout:${sale.id}`,
      ...(expiresAt ? { expiresAt } : {}),
    });
    await db.sale.update({ where: { id: sale.id }, data: { stripeCheckoutSessionId: session.id } });
    return { saleId: sale.id, checkoutUrl: session.url, attributed: attribution.attributed };
  } catch (e) {
    await db.$transaction(async (tx) => {
      await tx.sale.update({
        where: { id: sale.id },
        data: { status: "FAILED", failedAt: new Date() },
      });
      await releaseDiscount(tx, sale.id);
    });
    throw new AppError(
      "PAYMENT_PROVIDER",
      `Could not open checkout for sale ${sale.id}: ${(e as Error).message}`,
      { cause: e },
    );
  }
}
