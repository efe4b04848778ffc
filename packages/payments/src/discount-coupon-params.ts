/**
 * The Stripe parameters of a discount code's Coupon and Promotion Code, built once for both
 * providers: the Stripe provider sends them, the sandbox hashes them for its idempotency check
 * and stores the objects they describe, so the two agree on what "the same request" is.
 */
import type Stripe from "stripe";

import type { parseDiscountCouponInput } from "./provider-input";

type ValidDiscountCouponInput = ReturnType<typeof parseDiscountCouponInput>;

/** Basis points per percent: 100 bps = 1 %. */
const BPS_PER_PERCENT = 100;

/**
 * Stripe's `percent_off` for a discount in basis points: `bps / 100`, a number with at most 2
 * decimals (1 bps = 0.01 %, 1,250 bps = 12.5 %, 10,000 bps = 100 %). Exact: the division of an
 * integer by 100 gives the double nearest to the 2-decimal value, and JavaScript prints that
 * double as exactly that value ("12.5", "0.01", "33.33"), which is what stripe-node sends.
 * Source: docs.stripe.com/api/coupons/create (`percent_off`: above 0, at most 100, a float).
 * @throws RangeError for a value that is not an integer from 1 to 10,000.
 */
export function percentOffFromBps(bps: number): number {
  if (!Number.isInteger(bps) || bps < 1 || bps > 10_000) {
    throw new RangeError(`Cannot express ${bps} basis points as percent_off: need 1 to 10,000.`);
  }
  return bps / BPS_PER_PERCENT;
}

/** The idempotency key of the discount code's Coupon: `coupon:<discountCodeId>`. */
export const couponIdempotencyKey = (discountCodeId: string) => `coupon:${discountCodeId}`;

/** The idempotency key of its Promotion Code: `promotion-code:<discountCodeId>`. */
export const promotionCodeIdempotencyKey = (discountCodeId: string) =>
  `promotion-code:${discountCodeId}`;

/**
 * `POST /v1/coupons` parameters (docs.stripe.com/api/coupons/create): `percent_off`, or
 * `amount_off` in cents with `currency`; `duration` (`once` by default, for a one-off purchase;
 * `repeating` with `duration_in_months`, or `forever`, for subscriptions); `name`;
 * `metadata.discountCodeId`. A `once` coupon's parameters are those sent before durations
 * existed, so its idempotency key still matches.
 */
export function buildCouponParams(v: ValidDiscountCouponInput): Stripe.CouponCreateParams {
  const discount =
    v.discount.type === "percent"
      ? { percent_off: percentOffFromBps(v.discount.percentOffBps) }
      : { amount_off: v.discount.amountOffCents, currency: v.discount.currency };
  return {
    ...discount,
    ...(v.duration.type === "repeating"
      ? { duration: "repeating", duration_in_months: v.duration.months }
      : { duration: v.duration.type }),
    name: v.name,
    metadata: { discountCodeId: v.discountCodeId },
  };
}

/**
 * `POST /v1/promotion_codes` parameters (docs.stripe.com/api/promotion_codes/create) for the
 * pinned API version, which names the coupon as `promotion: { type: "coupon", coupon }`: the
 * `code`, `max_redemptions` and `expires_at` (Unix seconds, rounded down so Stripe never
 * accepts the code after Fanfare stops) when set, `metadata.discountCodeId`.
 */
export function buildPromotionCodeParams(
  v: ValidDiscountCouponInput,
  couponId: string,
): Stripe.PromotionCodeCreateParams {
  return {
    promotion: { type: "coupon", coupon: couponId },
    code: v.code,
    ...(v.maxRedemptions != null ? { max_redemptions: v.maxRedemptions } : {}),
    ...(v.expiresAt != null ? { expires_at: Math.floor(v.expiresAt.getTime() / 1000) } : {}),
    metadata: { discountCodeId: v.discountCodeId },
  };
}
