import type { DiscountCode, Prisma, PrismaClient } from "@fanfare/db";
import type { PaymentsProvider } from "@fanfare/payments";
import { discountOnPrice, formatCents, splitSaleAmount } from "@fanfare/validators";

import { AppError } from "../app-error";
import { codeRefusal } from "../discount/codes";
import { syncDiscountCodeToStripe } from "../discount/stripe-sync";

/** A discount code a subscription starts with, and the processor's coupon that applies it. */
export type SubscriptionDiscount = {
  codeId: string;
  funder: "PLATFORM" | "ARTIST";
  /** The code's Stripe Coupon (its mirror): Checkout applies it to the invoices its duration covers. */
  couponId: string;
};

const refuse = (message: string) => new AppError("BAD_INPUT", message, { field: "code" });

/**
 * Whether a discount code (not a promoter's: those attribute, `resolveSubscriptionAttribution`)
 * can discount a catalog subscription (issue 16 §3), and the coupon that does it:
 * - the code's own rules, as at checkout (`codeRefusal`: status, dates, uses, minimum price
 *   against the interval's price) and its per-buyer limit (the subscriber's email; REDEEMED uses
 *   and open reservations count, as `reserveDiscount` counts them); its scope must cover the
 *   artist (PLATFORM, or ARTIST for this artist; a TRACKS code is for its tracks only);
 * - its funder's share of each invoice must carry the whole discount, since the processor takes
 *   it off every invoice its duration covers and our split gives it from that share only
 *   (`splitSaleAmount`): refused when the cap would bite at the subscription's price with the
 *   commission it starts with (the worst case: a commission only ends, which grows the artist's
 *   share; the platform's discount is the first claim on its fee);
 * - its duration (DiscountCode.duration: ONCE the first invoice, REPEATING the invoices of its
 *   first `durationMonths` months, FOREVER every invoice) is the coupon's, Stripe's rule: the
 *   code's mirror (`syncDiscountCodeToStripe`, made now when the job has not yet).
 * The use is counted when the first invoice is paid (`recordPaidInvoice`), one per subscription.
 * @throws AppError BAD_INPUT (field `code`) with the reason, as a buyer reads it.
 */
export async function subscriptionDiscount(
  input: {
    code: DiscountCode;
    artistId: string;
    priceCents: number;
    currency: string;
    subscriberEmail: string;
    commissionBps: number;
    attributed: boolean;
    platformFeeBps: number;
    now: Date;
  },
  deps: { db: PrismaClient; payments: PaymentsProvider },
): Promise<SubscriptionDiscount> {
  const { code } = input;
  if (code.funder === "PROMOTER")
    throw new Error(
      `Discount code ${code.id} is a promoter's: it attributes, it does not discount.`,
    );
  if (code.scope === "TRACKS" || (code.scope === "ARTIST" && code.artistId !== input.artistId))
    throw refuse(`The code ${code.code} is not for this subscription.`);
  const refusal = codeRefusal(code, {
    track: { id: "", artistId: input.artistId, affiliateEnabled: true },
    priceCents: input.priceCents,
    now: input.now,
  });
  if (refusal) throw refuse(refusal);
  if (code.maxUsesPerEmail != null) {
    const email = input.subscriberEmail.trim().toLowerCase();
    const used = await deps.db.discountRedemption.count({
      where: {
        codeId: code.id,
        buyerEmail: email,
        OR: [{ status: "REDEEMED" }, { status: "RESERVED", reservedUntil: { gt: input.now } }],
      },
    });
    if (used >= code.maxUsesPerEmail)
      throw refuse(`The code ${code.code} was already used with ${email}.`);
  }
  const asked = discountOnPrice(code, input.priceCents);
  const split = splitSaleAmount({
    amountCents: input.priceCents,
    commissionBps: input.attributed ? input.commissionBps : 0,
    attributed: input.attributed,
    platformFeeBps: input.platformFeeBps,
    discount: { cents: asked, funder: code.funder },
  });
  if (split.discountCents < asked)
    throw refuse(
      `The code ${code.code} takes more off this subscription than it can give (at most ${formatCents(split.discountCents, input.currency)} a payment): it cannot be used here.`,
    );
  let couponId = code.stripeCouponId;
  if (!couponId) {
    await syncDiscountCodeToStripe(code.id, deps);
    couponId = (
      await deps.db.discountCode.findUniqueOrThrow({
        where: { id: code.id },
        select: { stripeCouponId: true },
      })
    ).stripeCouponId;
  }
  if (!couponId) throw refuse(`The code ${code.code} cannot be used right now.`);
  return { codeId: code.id, funder: code.funder, couponId };
}

/**
 * How long a subscription that has not yet paid holds one of its code's uses: the Checkout
 * Session's life (`createSubscriptionCheckout`'s default expiry, 31-32 minutes) and a margin.
 */
export const SUBSCRIPTION_CODE_HOLD_MINUTES = 35;

/**
 * Holds one of the code's uses for a subscription about to open its Checkout (in the caller's
 * transaction, before the `CatalogSubscription` row is created in it): the code row is locked
 * (FOR UPDATE), so concurrent sign-ups with one code serialise, and its limits count the uses
 * redeemed, the purchases' open reservations and the subscriptions still in checkout with the
 * code (`incomplete`, created in the last SUBSCRIPTION_CODE_HOLD_MINUTES); the same per buyer
 * for `maxUsesPerEmail` (by email for redemptions, by user for subscriptions). The use itself is
 * counted when the first invoice is paid (`recordPaidInvoice`); an abandoned checkout stops
 * holding one when it expires or when the window ends.
 * @throws AppError BAD_INPUT (field `code`) when the code was used up, or by this buyer.
 */
export async function holdSubscriptionDiscount(
  tx: Prisma.TransactionClient,
  input: { codeId: string; userId: string; email: string; now: Date },
): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const since = new Date(input.now.getTime() - SUBSCRIPTION_CODE_HOLD_MINUTES * 60_000);
  const [code] = await tx.$queryRaw<
    { code: string; maxUses: number | null; maxUsesPerEmail: number | null; usesCount: number }[]
  >`SELECT "code", "maxUses", "maxUsesPerEmail", "usesCount" FROM "DiscountCode" WHERE "id" = ${input.codeId} FOR UPDATE`;
  if (!code) throw refuse("That code no longer exists.");
  const [held] = await tx.$queryRaw<{ open: number; byBuyer: number }[]>`
    SELECT
      (SELECT COUNT(*) FROM "DiscountRedemption" WHERE "codeId" = ${input.codeId}
        AND "status" = 'RESERVED' AND "reservedUntil" > ${input.now})::int
      + (SELECT COUNT(*) FROM "CatalogSubscription" WHERE "discountCodeId" = ${input.codeId}
        AND "status" = 'incomplete' AND "createdAt" > ${since})::int AS "open",
      (SELECT COUNT(*) FROM "DiscountRedemption" WHERE "codeId" = ${input.codeId}
        AND "buyerEmail" = ${email} AND ("status" = 'REDEEMED'
          OR ("status" = 'RESERVED' AND "reservedUntil" > ${input.now})))::int
      + (SELECT COUNT(*) FROM "CatalogSubscription" WHERE "discountCodeId" = ${input.codeId}
        AND "userId" = ${input.userId} AND "status" = 'incomplete' AND "createdAt" > ${since})::int AS "byBuyer"`;
  if (code.maxUses != null && code.usesCount + held!.open >= code.maxUses)
    throw refuse(`The code ${code.code} has been used up.`);
  if (code.maxUsesPerEmail != null && held!.byBuyer >= code.maxUsesPerEmail)
    throw refuse(`The code ${code.code} was already used with ${email}.`);
}
