import { describe, expect, test } from "vitest";

import {
  addBillingIntervals,
  billingIntervalsBetween,
  discountAppliesToInvoice,
  discountEndSeconds,
  invoiceDiscountCents,
} from "./billing-rules";
import type { CouponTerms } from "./billing-rules";

const at = (iso: string) => Date.parse(iso) / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe("addBillingIntervals: periods keep the anchor's day, clamped to shorter months", () => {
  test.each([
    ["2027-01-15T10:30:00.000Z", "month", 1, "2027-02-15T10:30:00.000Z"],
    ["2027-01-31T00:00:00.000Z", "month", 1, "2027-02-28T00:00:00.000Z"],
    ["2027-01-31T00:00:00.000Z", "month", 2, "2027-03-31T00:00:00.000Z"],
    ["2027-01-31T00:00:00.000Z", "month", 3, "2027-04-30T00:00:00.000Z"],
    ["2028-01-31T00:00:00.000Z", "month", 1, "2028-02-29T00:00:00.000Z"],
    ["2027-11-30T23:59:59.000Z", "month", 3, "2028-02-29T23:59:59.000Z"],
    ["2027-12-07T08:00:00.000Z", "month", 1, "2028-01-07T08:00:00.000Z"],
    ["2028-02-29T12:00:00.000Z", "year", 1, "2029-02-28T12:00:00.000Z"],
    ["2028-02-29T12:00:00.000Z", "year", 4, "2032-02-29T12:00:00.000Z"],
    ["2027-06-01T00:00:00.000Z", "month", 0, "2027-06-01T00:00:00.000Z"],
  ] as const)("%s + %s x %i is %s", (start, interval, count, expected) => {
    expect(iso(addBillingIntervals(at(start), interval, count))).toBe(expected);
  });

  test("a negative count is refused", () => {
    expect(() => addBillingIntervals(0, "month", -1)).toThrow(RangeError);
  });
});

const coupon = (over: Partial<CouponTerms>): CouponTerms => ({
  percent_off: null,
  amount_off: null,
  duration: "forever",
  duration_in_months: null,
  ...over,
});

describe("billingIntervalsBetween: which period of its subscription an invoice bills", () => {
  const utc = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h) / 1000;
  test.each([
    // anchor, period start, interval, periods before it
    [utc(2027, 1, 31), utc(2027, 1, 31), "month", 0],
    [utc(2027, 1, 31), utc(2027, 2, 28), "month", 1],
    [utc(2027, 1, 31), utc(2027, 3, 31), "month", 2],
    [utc(2027, 1, 31), utc(2028, 1, 31), "month", 12],
    [utc(2027, 1, 31, 12), utc(2027, 3, 31, 11), "month", 2],
    [utc(2027, 1, 15), utc(2027, 1, 10), "month", 0],
    [utc(2027, 1, 15), utc(2028, 1, 15), "year", 1],
    [utc(2027, 1, 15), utc(2027, 12, 15), "year", 0],
    [utc(2024, 2, 29), utc(2026, 2, 28), "year", 2],
  ] as const)("anchor %i, period %i (%s): %i", (anchor, start, interval, n) => {
    expect(billingIntervalsBetween(anchor, start, interval)).toBe(n);
  });
  test("agrees with addBillingIntervals for every month of ten years", () => {
    const anchor = utc(2027, 1, 31, 9);
    for (let k = 0; k < 120; k++)
      expect(
        billingIntervalsBetween(anchor, addBillingIntervals(anchor, "month", k), "month"),
      ).toBe(k);
  });
});

describe("invoiceDiscountCents: cents off a subtotal, rounded to the nearest cent, at most the subtotal", () => {
  test.each([
    ["20 % of 500 cents", 500, coupon({ percent_off: 20 }), 100],
    ["12.5 % of 999 cents (124.875)", 999, coupon({ percent_off: 12.5 }), 125],
    ["33.33 % of 500 cents (166.65)", 500, coupon({ percent_off: 33.33 }), 167],
    ["0.01 % of 500 cents (0.05)", 500, coupon({ percent_off: 0.01 }), 0],
    ["50 % of 501 cents (250.5, tie up)", 501, coupon({ percent_off: 50 }), 251],
    ["100 % of 500 cents", 500, coupon({ percent_off: 100 }), 500],
    ["300 cents off 500 cents", 500, coupon({ amount_off: 300 }), 300],
    ["800 cents off 500 cents", 500, coupon({ amount_off: 800 }), 500],
  ])("%s is %i cents", (_label, subtotal, terms, expected) => {
    expect(invoiceDiscountCents(subtotal, terms)).toBe(expected);
  });
});

describe("which invoices a subscription's discount covers", () => {
  const start = at("2027-01-31T09:00:00Z");
  const monthly = (n: number) => addBillingIntervals(start, "month", n);

  test("repeating for 3 months covers the invoices created in the first 3 months of a monthly subscription", () => {
    const terms = coupon({ percent_off: 20, duration: "repeating", duration_in_months: 3 });
    const end = discountEndSeconds(start, terms);
    expect(iso(end!)).toBe("2027-04-30T09:00:00.000Z");
    const covered = [0, 1, 2, 3, 4].map((n) =>
      discountAppliesToInvoice(
        { duration: "repeating", endSeconds: end },
        {
          billingReason: n === 0 ? "subscription_create" : "subscription_cycle",
          createdSeconds: monthly(n),
        },
      ),
    );
    expect(covered).toEqual([true, true, true, false, false]);
  });

  test("repeating for 3 months covers only the first invoice of a yearly subscription", () => {
    const end = discountEndSeconds(start, coupon({ duration: "repeating", duration_in_months: 3 }));
    const applies = (n: number) =>
      discountAppliesToInvoice(
        { duration: "repeating", endSeconds: end },
        { billingReason: "x", createdSeconds: addBillingIntervals(start, "year", n) },
      );
    expect([applies(0), applies(1)]).toEqual([true, false]);
  });

  test.each([
    ["once", "subscription_create", true],
    ["once", "subscription_cycle", false],
    ["forever", "subscription_cycle", true],
  ] as const)("%s applies to a %s invoice: %s", (duration, billingReason, expected) => {
    expect(
      discountAppliesToInvoice(
        { duration, endSeconds: null },
        { billingReason, createdSeconds: monthly(7) },
      ),
    ).toBe(expected);
    expect(discountEndSeconds(start, coupon({ duration }))).toBeNull();
  });
});
