/**
 * The rules of a discount code's mirror in Stripe (issue 12 §1): whether it gets one, whether its
 * promotion code is active, and the coupon it is made of. Pure: `stripe-sync.ts` loads the code,
 * asks these, and calls the payments provider.
 */
import type { DiscountCode } from "@fanfare/db";
import type { CouponDuration, UpsertDiscountCouponInput } from "@fanfare/payments";

/**
 * The currency of a FIXED code's `amount_off`. Codes carry no currency of their own: Fanfare
 * sells in usd (the default of `Track.currency`).
 */
export const DISCOUNT_COUPON_CURRENCY = "usd";

/** Stripe's limit on a coupon's `name` (docs.stripe.com/api/coupons/create). */
const COUPON_NAME_MAX_CHARS = 40;

type MirrorState = Pick<DiscountCode, "status" | "expiresAt">;

/**
 * Whether the code's promotion code should be active in Stripe at `now`: only an ACTIVE code
 * before its `expiresAt` (a code is refused at checkout from `expiresAt` on, `codeRefusal`);
 * PAUSED, EXPIRED and ARCHIVED codes are deactivated.
 */
export function promotionCodeShouldBeActive(code: MirrorState, now: Date): boolean {
  switch (code.status) {
    case "ACTIVE":
      return !code.expiresAt || code.expiresAt > now;
    case "PAUSED":
    case "EXPIRED":
    case "ARCHIVED":
      return false;
  }
}

/**
 * Whether a code without a mirror gets one at `now`: an ACTIVE or PAUSED code (it may be
 * activated later) before its `expiresAt`. An ARCHIVED or EXPIRED code, or one past its end, can
 * never be active again, and Stripe refuses a promotion code whose `expires_at` has passed.
 */
export function discountCodeNeedsMirror(code: MirrorState, now: Date): boolean {
  switch (code.status) {
    case "ACTIVE":
    case "PAUSED":
      return !code.expiresAt || code.expiresAt > now;
    case "EXPIRED":
    case "ARCHIVED":
      return false;
  }
}

/**
 * The code as Stripe's promotion code: Stripe allows letters, digits and dashes
 * (docs.stripe.com/api/promotion_codes/create, `code`), Fanfare also `_`, which becomes `-`
 * ("LAUNCH_10" → "LAUNCH-10"). The coupon's name keeps the code as Fanfare shows it.
 */
export function stripePromotionCodeText(code: string): string {
  return code.replaceAll("_", "-");
}

/**
 * What `PaymentsProvider.upsertDiscountCoupon` gets for a code: PERCENT `value` in basis points
 * as `percentOffBps`, FIXED `value` in cents as `amountOffCents` in DISCOUNT_COUPON_CURRENCY; the
 * code (Stripe's alphabet) and, as the coupon's name, the code itself (Fanfare's codes have at
 * most 32 characters; cut to Stripe's 40 should that change); `maxUses` and `expiresAt` as the
 * promotion code's limit and expiry; the code's duration as the coupon's (`couponDuration`).
 */
export function discountCouponInput(
  code: Pick<
    DiscountCode,
    "id" | "code" | "type" | "value" | "maxUses" | "expiresAt" | "duration" | "durationMonths"
  >,
): UpsertDiscountCouponInput {
  let discount: UpsertDiscountCouponInput["discount"];
  switch (code.type) {
    case "PERCENT":
      discount = { type: "percent", percentOffBps: code.value };
      break;
    case "FIXED":
      discount = { type: "amount", amountOffCents: code.value, currency: DISCOUNT_COUPON_CURRENCY };
      break;
  }
  return {
    discountCodeId: code.id,
    code: stripePromotionCodeText(code.code),
    name: code.code.slice(0, COUPON_NAME_MAX_CHARS),
    discount,
    duration: couponDuration(code),
    maxRedemptions: code.maxUses,
    expiresAt: code.expiresAt,
  };
}

/**
 * A code's duration as its Stripe coupon's (docs.stripe.com/api/coupons/create, `duration`,
 * `duration_in_months`): ONCE → once (the first invoice of a subscription; a purchase is one
 * payment, discounted once whatever the duration), REPEATING → repeating for `durationMonths`
 * months (the invoices of the first N months), FOREVER → forever (every invoice).
 * @throws Error for a REPEATING code without `durationMonths` (the input schemas never store one).
 */
export function couponDuration(
  code: Pick<DiscountCode, "id" | "duration" | "durationMonths">,
): CouponDuration {
  switch (code.duration) {
    case "ONCE":
      return { type: "once" };
    case "REPEATING":
      if (code.durationMonths == null)
        throw new Error(`Discount code ${code.id} repeats but has no durationMonths.`);
      return { type: "repeating", months: code.durationMonths };
    case "FOREVER":
      return { type: "forever" };
  }
}
