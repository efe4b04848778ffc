import type { PrismaClient } from "@fanfare/db";
import type { PaymentsProvider } from "@fanfare/payments";
import type { StartCheckoutInput } from "@fanfare/validators";
import { MIN_PRICE_CENTS, ZStartCheckoutInput, formatCents, splitSaleAmount } from "@fanfare/validators";

import { AppError } from "../app-error";
import { resolveAttribution } from "../affiliate/attribution";
import { validateDiscountCode } from "../discount/validate-code";
import { apiEnv } from "../env";
import { randomToken, sha256Hex } from "../shared/tokens";

/**
 * The amount a buyer is charged, in cents. Fixed price: the track's price. Pay-what-you-want:
 * the buyer's amount (default: the suggested price), at least the artist's minimum.
 * @throws AppError BAD_INPUT (field amountCents) when under the minimum.
 */
export function chargeAmountCents(track: { priceCents: number; minPriceCents: number | null; currency: string }, requested: number | undefined): number {
  if (track.minPriceCents == null) return track.priceCents;
  const amount = requested ?? track.priceCents;
  const floor = Math.max(track.minPriceCents, MIN_PRICE_CENTS);
  if (amount < floor) throw new AppError("BAD_INPUT", `Pay at least ${formatCents(floor, track.currency)} for this track.`, { field: "amountCents" });
  return amount;
}

/**
 * Starts a purchase: prices the track, resolves attribution from the buyer's cookie, records a
 * PENDING sale with the split (platform fee, commission, artist share) and a hashed download
 * token, then opens a Checkout Session (Stripe, or the offline sandbox) keyed by
 * `checkout:<saleId>`. The raw token is only in the success URL the buyer is sent to.
 *
 * @returns `{ saleId, checkoutUrl }` to redirect the buyer to.
 * @throws AppError NOT_FOUND (track not on sale), BAD_INPUT (amount, discount code),
 *   PAYMENT_PROVIDER (the provider refused; the sale is marked FAILED).
 */
export async function startCheckout(
  input: { data: StartCheckoutInput; attributionClickId: string | null },
  deps: { db: PrismaClient; payments: PaymentsProvider },
) {
  const { db, payments } = deps;
  const data = ZStartCheckoutInput.parse(input.data);
  const track = await db.track.findUnique({ where: { slug: data.slug }, include: { artist: { select: { name: true } } } });
  if (!track || !track.published || track.deletedAt) throw new AppError("NOT_FOUND", `No track on sale at /t/${data.slug}.`);
  if (data.discountCode) {
    const discount = await validateDiscountCode({ code: data.discountCode, slug: data.slug }, db);
    if (!discount.valid) throw new AppError("BAD_INPUT", discount.reason, { field: "discountCode" });
  }
  const amountCents = chargeAmountCents(track, data.amountCents);
  const attribution = await resolveAttribution({ clickId: input.attributionClickId, trackId: track.id, buyerEmail: data.buyerEmail }, db);
  const split = splitSaleAmount({ amountCents, commissionBps: track.commissionBps, attributed: attribution.attributed });
  const token = randomToken();
  const env = apiEnv();

  const sale = await db.sale.create({
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
      promoterId: attribution.attributed ? attribution.promoterId : null,
      linkId: attribution.attributed ? attribution.linkId : null,
      clickId: attribution.attributed ? attribution.clickId : null,
      downloadTokenHash: sha256Hex(token),
      downloadLimit: env.DOWNLOAD_LIMIT,
    },
  });

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
    });
    await db.sale.update({ where: { id: sale.id }, data: { stripeCheckoutSessionId: session.id } });
    return { saleId: sale.id, checkoutUrl: session.url, attributed: attribution.attributed };
  } catch (e) {
    await db.sale.update({ where: { id: sale.id }, data: { status: "FAILED", failedAt: new Date() } });
    throw new AppError("PAYMENT_PROVIDER", `Could not open checkout for sale ${sale.id}: ${(e as Error).message}`, { cause: e });
  }
}
