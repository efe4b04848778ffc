import { describe, expect, test } from "vitest";

import {
  buildCouponParams,
  buildPromotionCodeParams,
  percentOffFromBps,
} from "./discount-coupon-params";
import { parseDiscountCouponInput } from "./provider-input";

describe("percent_off from basis points (Stripe: above 0, at most 100, 2 decimals)", () => {
  test.each([
    ["1 bps is 0.01 %", 1, "0.01"],
    ["5 bps is 0.05 %", 5, "0.05"],
    ["999 bps is 9.99 %", 999, "9.99"],
    ["1,000 bps is 10 %", 1000, "10"],
    ["1,250 bps is 12.5 %", 1250, "12.5"],
    ["3,333 bps is 33.33 %", 3333, "33.33"],
    ["6,667 bps is 66.67 %", 6667, "66.67"],
    ["9,999 bps is 99.99 %", 9999, "99.99"],
    ["10,000 bps is 100 %", 10_000, "100"],
  ])("%s", (_label, bps, sent) => {
    // What stripe-node puts in the form body is String(number).
    expect(String(percentOffFromBps(bps))).toBe(sent);
  });

  test("every basis-point value prints with at most 2 decimals and maps back to itself", () => {
    for (let bps = 1; bps <= 10_000; bps++) {
      const sent = String(percentOffFromBps(bps));
      expect(sent).toMatch(/^\d+(\.\d{1,2})?$/);
      expect(Math.round(Number(sent) * 100)).toBe(bps);
    }
  });

  test.each([0, -5, 10_001, 12.5])("%s bps is refused", (bps) => {
    expect(() => percentOffFromBps(bps)).toThrow(RangeError);
  });
});

describe("coupon and promotion code parameters", () => {
  const inFuture = new Date(Date.now() + 86_400_000 + 999);

  test("a percent code: percent_off, once, the name and metadata; the promotion names the coupon, code, limit and expiry (seconds, rounded down)", () => {
    const v = parseDiscountCouponInput({
      discountCodeId: "dc_1",
      code: "LAUNCH-10",
      name: "LAUNCH-10",
      discount: { type: "percent", percentOffBps: 1250 },
      maxRedemptions: 100,
      expiresAt: inFuture,
    });
    expect(buildCouponParams(v)).toEqual({
      percent_off: 12.5,
      duration: "once",
      name: "LAUNCH-10",
      metadata: { discountCodeId: "dc_1" },
    });
    expect(buildPromotionCodeParams(v, "COUPON1")).toEqual({
      promotion: { type: "coupon", coupon: "COUPON1" },
      code: "LAUNCH-10",
      max_redemptions: 100,
      expires_at: Math.floor(inFuture.getTime() / 1000),
      metadata: { discountCodeId: "dc_1" },
    });
  });

  test("a fixed code: amount_off in cents with the currency in lower case; no limit and no expiry are sent when null", () => {
    const v = parseDiscountCouponInput({
      discountCodeId: "dc_2",
      code: "FIVE",
      name: "FIVE",
      discount: { type: "amount", amountOffCents: 500, currency: "USD" },
      maxRedemptions: null,
      expiresAt: null,
    });
    expect(buildCouponParams(v)).toEqual({
      amount_off: 500,
      currency: "usd",
      duration: "once",
      name: "FIVE",
      metadata: { discountCodeId: "dc_2" },
    });
    expect(buildPromotionCodeParams(v, "COUPON2")).toEqual({
      promotion: { type: "coupon", coupon: "COUPON2" },
      code: "FIVE",
      metadata: { discountCodeId: "dc_2" },
    });
  });
});
