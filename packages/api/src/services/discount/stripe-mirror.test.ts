import { describe, expect, test } from "vitest";

import {
  couponDuration,
  discountCodeNeedsMirror,
  discountCouponInput,
  promotionCodeShouldBeActive,
  stripePromotionCodeText,
} from "./stripe-mirror";

const now = new Date("2026-12-01T12:00:00Z");
const before = new Date("2026-12-01T11:59:59Z");
const after = new Date("2026-12-01T12:00:01Z");

describe("a discount code's promotion code in Stripe", () => {
  test.each([
    ["ACTIVE, no end date", "ACTIVE", null, true, true],
    ["ACTIVE, ends later", "ACTIVE", after, true, true],
    ["ACTIVE, ended a second ago (not yet marked EXPIRED)", "ACTIVE", before, false, false],
    [
      "ACTIVE, ends exactly now (refused at checkout from expiresAt on)",
      "ACTIVE",
      now,
      false,
      false,
    ],
    ["PAUSED, ends later", "PAUSED", after, false, true],
    ["PAUSED, no end date", "PAUSED", null, false, true],
    ["PAUSED, ended", "PAUSED", before, false, false],
    ["EXPIRED", "EXPIRED", before, false, false],
    ["ARCHIVED, no end date", "ARCHIVED", null, false, false],
  ] as const)(
    "%s: active in Stripe %s, mirrored when it has no mirror yet %s",
    (_label, status, expiresAt, active, mirrored) => {
      expect(promotionCodeShouldBeActive({ status, expiresAt }, now)).toBe(active);
      expect(discountCodeNeedsMirror({ status, expiresAt }, now)).toBe(mirrored);
    },
  );

  test.each([
    ["LAUNCH10", "LAUNCH10"],
    ["LAUNCH_10", "LAUNCH-10"],
    ["A_B-C_D", "A-B-C-D"],
  ])("the code %s is %s in Stripe's alphabet (letters, digits, dashes)", (code, sent) => {
    expect(stripePromotionCodeText(code)).toBe(sent);
  });

  test("a PERCENT code gives its basis points, a FIXED code its cents in usd; limits and end date carry over; the coupon is named after the code", () => {
    const base = {
      id: "dc_1",
      maxUses: null,
      expiresAt: null,
      duration: "ONCE",
      durationMonths: null,
    } as const;
    expect(
      discountCouponInput({ ...base, code: "SPRING_25", type: "PERCENT", value: 2500 }),
    ).toEqual({
      discountCodeId: "dc_1",
      code: "SPRING-25",
      name: "SPRING_25",
      discount: { type: "percent", percentOffBps: 2500 },
      duration: { type: "once" },
      maxRedemptions: null,
      expiresAt: null,
    });
    expect(
      discountCouponInput({
        ...base,
        code: "FIVE",
        type: "FIXED",
        value: 500,
        maxUses: 100,
        expiresAt: after,
      }),
    ).toMatchObject({
      discount: { type: "amount", amountOffCents: 500, currency: "usd" },
      maxRedemptions: 100,
      expiresAt: after,
    });
  });

  test.each([
    ["ONCE: the first invoice (a purchase's only one)", "ONCE", null, { type: "once" }],
    [
      "REPEATING for 3 months: the invoices of the first 3 months",
      "REPEATING",
      3,
      { type: "repeating", months: 3 },
    ],
    ["FOREVER: every invoice", "FOREVER", null, { type: "forever" }],
  ] as const)("%s", (_label, duration, durationMonths, sent) => {
    const code = {
      id: "dc_2",
      code: "SUBS",
      type: "PERCENT",
      value: 1000,
      maxUses: null,
      expiresAt: null,
      duration,
      durationMonths,
    } as const;
    expect(couponDuration(code)).toEqual(sent);
    expect(discountCouponInput(code).duration).toEqual(sent);
  });

  test("a REPEATING code without months is a stored-data error, never sent as once", () => {
    expect(() =>
      couponDuration({ id: "dc_3", duration: "REPEATING", durationMonths: null }),
    ).toThrow("Discount code dc_3 repeats but has no durationMonths.");
  });
});
