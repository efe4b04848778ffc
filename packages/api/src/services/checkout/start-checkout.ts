import type { DiscountCode, PrismaClient } from "@fanfare/db";
import type { PaymentsProvider } from "@fanfare/payments";
import type { DiscountFunderName, StartCheckoutInput } from "@fanfare/validators";
import {
  discountOnPrice,
  MIN_PRICE_CENTS,
  ZStartCheckoutInput,
  formatCents,
  splitSaleAmount,
} from "@fanfare/validators";

import { AppError } from "../app-error";
import { resolveAttribution } from "../affiliate/attribution";
import { purchaseFraudSignals } from "../affiliate/purchase-signals";
import { markFraudScoreDirty } from "../fraud/score-events";
import { recordSighting } from "../affiliate/sightings";
import { releaseDiscount, reserveDiscount, validateDiscountCode } from "../discount/codes";
import { apiEnv } from "../env";
import { shareRows, sharesOfSale } from "../money/shares";
import { programSettings } from "../settings/program-settings";
import { randomToken, sha256Hex } from "../shared/tokens";

/**
 * The amount a buyer is charged, in cents. Fixed price: the track's price. Pay-what-you-want:
 * the buyer's amount (default: the suggested price), at least the artist's minimum.
 * @throws AppError BAD_INPUT (field amountCents) when under the minimum.
 */
export function chargeAmountCents(
  track: { priceCents: number; minPriceCents: number | null; currency: string },
  requested: number | undefined,
): number {
  if (track.minPriceCents == null) return track.priceCents;
  const amount = requested ?? track.priceCents;
  const floor = Math.max(track.minPriceCents, MIN_PRICE_CENTS);
  if (amount < floor)
    throw new AppError(
      "BAD_INPUT",
      `Pay at least ${formatCents(floor, track.currency)} for this track.`,
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
 * Starts a purchase: prices the track, resolves attribution from the buyer's cookie, records a
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
 * @param input.visitor who starts the checkout (signed-in user, visitor hash, `ff_sid`).
 * @returns `{ saleId, checkoutUrl, attributed }` to redirect the buyer to.
 * @throws AppError NOT_FOUND (track not on sale), BAD_INPUT (amount, discount code),
 *   PAYMENT_PROVIDER (the provider refused; the sale is marked FAILED).
 */
export async function startCheckout(
  input: { data: StartCheckoutInput; attributionClickId: string | null; visitor?: CheckoutVisitor },
  deps: { db: PrismaClient; payments: PaymentsProvider },
) {
  const { db, payments } = deps;
  const data = ZStartCheckoutInput.parse(input.data);
  const track = await db.track.findUnique({
    where: { slug: data.slug },
    include: { artist: { select: { name: true } } },
  });
  if (!track || !track.published || track.deletedAt)
    throw new AppError("NOT_FOUND", `No track on sale at /t/${data.slug}.`);
  // A discount code (issue 12 §2): refused in words (BAD_INPUT on `discountCode`) when it does
  // not apply; otherwise the split takes the discount from its funder's share below.
  let code: DiscountCode | null = null;
  if (data.discountCode) {
    const discount = await validateDiscountCode(
      {
        code: data.discountCode,
        slug: data.slug,
        email: data.buyerEmail,
        amountCents: data.amountCents,
      },
      db,
    );
    if (!discount.valid)
      throw new AppError("BAD_INPUT", discount.reason, { field: "discountCode" });
    code = await db.discountCode.findUniqueOrThrow({ where: { code: discount.code } });
  }
  const amountCents = chargeAmountCents(track, data.amountCents);
  const visitor = input.visitor ?? {};
  const attribution = await resolveAttribution(
    {
      clickId: input.attributionClickId,
      trackId: track.id,
      buyerEmail: data.buyerEmail,
      signedInUserId: visitor.signedInUserId,
    },
    db,
  );
  const signals = await purchaseFraudSignals(
    {
      attribution,
      trackId: track.id,
      visitorHash: visitor.visitorHash,
      sessionId: visitor.sessionId,
    },
    db,
  );
  // The fee in force now (program settings), kept on the sale with the commission rate.
  const { platformFeeBps } = await programSettings(db);
  const split = splitSaleAmount({
    amountCents,
    commissionBps: track.commissionBps,
    platformFeeBps,
    attributed: attribution.attributed,
    discount: code
      ? {
          cents: discountOnPrice(code, amountCents),
          funder: code.funder as DiscountFunderName,
        }
      : undefined,
  });
  if (code && split.amountCents < MIN_PRICE_CENTS)
    throw new AppError(
      "BAD_INPUT",
      split.amountCents === 0
        ? `The code ${code.code} would make this track free: free download codes are not available yet.`
        : `With the code ${code.code} the total would be ${formatCents(split.amountCents, track.currency)}, under the ${formatCents(MIN_PRICE_CENTS, track.currency)} a card payment needs.`,
      { field: "discountCode" },
    );
  const token = randomToken();
  const env = apiEnv();
  const now = new Date();
  // A checkout holding a code reservation expires with it: 31 minutes (Stripe allows 30 to 24 h).
  const expiresAt = code ? new Date(now.getTime() + 31 * 60_000) : undefined;

  const sale = await db.$transaction(async (tx) => {
    const created = await tx.sale.create({
      data: {
        trackId: track.id,
        buyerEmail: data.buyerEmail,
        buyerName: data.buyerName || null,
        amountCents: split.amountCents,
        currency: track.currency,
        platformFeeCents: split.platformFeeCents,
        artistCents: split.artistCents,
        commissionCents: split.commissionCents,
        commissionBps: attribution.attributed ? track.commissionBps : 0,
        platformFeeBps,
        promoterId: attribution.attributed ? attribution.promoterId : null,
        linkId: attribution.attributed ? attribution.linkId : null,
        clickId: attribution.attributed ? attribution.clickId : null,
        selfReferral:
          attribution.attributed || attribution.reason !== "self_referral"
            ? null
            : attribution.selfReferral,
        downloadTokenHash: sha256Hex(token),
        downloadLimit: env.DOWNLOAD_LIMIT,
        fraudSignals: { create: signals },
        // The sale's list of shares, recorded now: settlement posts exactly this list.
        shares: {
          create: shareRows(
            sharesOfSale({
              ...split,
              artistId: track.artistId,
              promoterId: attribution.attributed ? attribution.promoterId : null,
            }),
          ),
        },
        ...(code
          ? {
              listAmountCents: amountCents,
              discountCents: split.discountCents,
              discountCodeId: code.id,
            }
          : {}),
      },
    });
    if (code)
      await reserveDiscount(tx, {
        codeId: code.id,
        saleId: created.id,
        buyerEmail: data.buyerEmail,
        discountCents: split.discountCents,
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

  try {
    const session = await payments.createCheckoutSession({
      saleId: sale.id,
      amountCents: split.amountCents,
      currency: track.currency,
      productName: `${track.title} by ${track.artist.name}`,
      productDescription: `Download of the master (${track.masterFormat.toUpperCase()})`,
      buyerEmail: data.buyerEmail,
      successUrl: new URL(`/purchase/${token}`, env.APP_URL).toString(),
      cancelUrl: new URL(`/t/${track.slug}?checkout=cancelled`, env.APP_URL).toString(),
      metadata: { saleId: sale.id, trackId: track.id },
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
