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

/** What defines a discount code's coupon: its id, what it takes off, and for how long. */
type CouponTermsOf = Pick<ValidDiscountCouponInput, "discountCodeId" | "discount" | "duration">;

/**
 * The terms that define a coupon, as its idempotency keys carry them: the discount
 * (`<bps>bps`, or `<cents><currency>`) and the duration (`once`, `repeating-<months>`,
 * `forever`), e.g. `1250bps:once`, `500usd:repeating-3`. Stripe cannot change a coupon's
 * discount or duration (docs.stripe.com/api/coupons/update takes only `name` and `metadata`), so
 * a code whose terms change before its mirror is stored needs another coupon, and reusing a key
 * with other parameters is an `idempotency_error` (docs.stripe.com/api/idempotent_requests):
 * other terms, other keys. At most 22 characters (8-digit cents, 36 months), so the keys stay
 * within Stripe's 255 with a 200-character id.
 */
export function couponTermsKey(v: Pick<CouponTermsOf, "discount" | "duration">): string {
  const discount =
    v.discount.type === "percent"
      ? `${v.discount.percentOffBps}bps`
      : `${v.discount.amountOffCents}${v.discount.currency}`;
  const duration =
    v.duration.type === "repeating" ? `repeating-${v.duration.months}` : v.duration.type;
  return `${discount}:${duration}`;
}

/**
 * The idempotency key of the discount code's Coupon: `coupon:<discountCodeId>:<terms>`
 * (`couponTermsKey`), e.g. `coupon:dc_1:1250bps:once`.
 */
export const couponIdempotencyKey = (v: CouponTermsOf) =>
  `coupon:${v.discountCodeId}:${couponTermsKey(v)}`;

/**
 * The idempotency key of its Promotion Code: `promotion-code:<discountCodeId>:<terms>`, with the
 * coupon's terms (`couponTermsKey`): a promotion code for another coupon is another request.
 */
export const promotionCodeIdempotencyKey = (v: CouponTermsOf) =>
  `promotion-code:${v.discountCodeId}:${couponTermsKey(v)}`;

/**
 * `POST /v1/coupons` parameters (docs.stripe.com/api/coupons/create): `percent_off`, or
 * `amount_off` in cents with `currency`; `duration` (`once` by default, for a one-off purchase;
 * `repeating` with `duration_in_months`, or `forever`, for subscriptions); `name`;
 * `metadata.discountCodeId`. Sent under `couponIdempotencyKey`, which names these terms.
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
