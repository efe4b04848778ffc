import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import {
  couponIdempotencyKey,
  couponTermsKey,
  promotionCodeIdempotencyKey,
} from "./discount-coupon-params";
import { parseDiscountCouponInput } from "./provider-input";
import { createStripeProvider } from "./stripe-provider";
import { createStripeMock } from "./testing/stripe-mock";
import type { UpsertDiscountCouponInput } from "./types";

const base: UpsertDiscountCouponInput = {
  discountCodeId: "dc_terms",
  code: "TERMS-1",
  name: "TERMS-1",
  discount: { type: "percent", percentOffBps: 1250 },
};
const keysOf = (input: UpsertDiscountCouponInput) => {
  const v = parseDiscountCouponInput(input);
  return [couponIdempotencyKey(v), promotionCodeIdempotencyKey(v)];
};

describe("a discount coupon's idempotency keys name the coupon's terms", () => {
  test.each<[string, Partial<UpsertDiscountCouponInput>, string]>([
    ["percent, once by default", {}, "1250bps:once"],
    [
      "amount in cents, lowercase currency, repeating for 3 months",
      {
        discount: { type: "amount", amountOffCents: 500, currency: "USD" },
        duration: { type: "repeating", months: 3 },
      },
      "500usd:repeating-3",
    ],
    ["forever", { duration: { type: "forever" } }, "1250bps:forever"],
  ])("%s", (_label, overrides, terms) => {
    const v = parseDiscountCouponInput({ ...base, ...overrides });
    expect(couponTermsKey(v)).toBe(terms);
    expect(keysOf({ ...base, ...overrides })).toEqual([
      `coupon:dc_terms:${terms}`,
      `promotion-code:dc_terms:${terms}`,
    ]);
  });

  test("another duration, month count or discount gives other keys; the limits do not", () => {
    const once = keysOf(base);
    const variants: Partial<UpsertDiscountCouponInput>[] = [
      { duration: { type: "repeating", months: 3 } },
      { duration: { type: "repeating", months: 6 } },
      { duration: { type: "forever" } },
      { discount: { type: "percent", percentOffBps: 1500 } },
      { discount: { type: "amount", amountOffCents: 1250, currency: "usd" } },
    ];
    const keys = variants.map((o) => keysOf({ ...base, ...o })[0]);
    expect(new Set([once[0], ...keys]).size).toBe(variants.length + 1);
    expect(keysOf({ ...base, maxRedemptions: 5, expiresAt: null })).toEqual(once);
  });

  test("the longest keys fit Stripe's 255 characters", () => {
    const [, promotionKey] = keysOf({
      ...base,
      discountCodeId: "d".repeat(200),
      discount: { type: "amount", amountOffCents: 99_999_999, currency: "usd" },
      duration: { type: "repeating", months: 36 },
    });
    expect(promotionKey!.length).toBeLessThanOrEqual(255);
  });
});

describe("Stripe provider: a code mirrored again with another duration", () => {
  const stripe = createStripeMock();
  const server = setupServer(...stripe.handlers);
  const provider = createStripeProvider({ secretKey: "sk_test_fanfare", maxNetworkRetries: 0 });
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => stripe.reset());
  afterAll(() => server.close());

  test("gets a new coupon of the new duration and a new promotion code on it, not an idempotency_error", async () => {
    const first = await provider.upsertDiscountCoupon(base);
    await provider.setPromotionCodeActive({
      promotionCodeId: first.promotionCodeId,
      active: false,
    });
    const second = await provider.upsertDiscountCoupon({
      ...base,
      duration: { type: "repeating", months: 3 },
    });
    expect(second.couponId).not.toBe(first.couponId);
    expect(second.promotionCodeId).not.toBe(first.promotionCodeId);
    expect(stripe.state.coupons.get(second.couponId)).toMatchObject({
      duration: "repeating",
      duration_in_months: 3,
    });
    expect(stripe.state.promotionCodes.get(second.promotionCodeId)).toMatchObject({
      active: true,
      promotion: { type: "coupon", coupon: second.couponId },
    });
    expect(stripe.state.promotionCodes.get(first.promotionCodeId)?.active).toBe(false);
    expect(stripe.state.requests.filter((r) => r.replayed)).toEqual([]);
  });
});
