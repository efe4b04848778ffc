/**
 * The pure rules of subscription billing that the sandbox applies as Stripe Billing does:
 * billing periods, which invoices a coupon covers, and how much it takes off. Times are Unix
 * seconds (UTC); amounts are integer cents.
 */
import type { SubscriptionInterval } from "./types";

/** Basis points in 100 %. */
const BPS_PER_WHOLE = 10_000;

/**
 * The moment `count` intervals after `anchorSeconds`, keeping the anchor's day of the month and
 * time of day, on the last day of a shorter month: an anchor on 31 January gives 28 (or 29)
 * February, 31 March, 30 April; a yearly anchor on 29 February gives 28 February. Source:
 * docs.stripe.com/billing/subscriptions/billing-cycle ("a subscription that starts on January 31
 * ... bills on the last day of shorter months"). Periods are counted from the anchor, never from
 * the previous period's end, so a clamped February does not shift March.
 *
 * Example: `addBillingIntervals(Date.UTC(2027, 0, 31) / 1000, "month", 1)` is 2027-02-28T00:00Z.
 * @throws RangeError for a negative or non-integer `count`.
 */
export function addBillingIntervals(
  anchorSeconds: number,
  interval: SubscriptionInterval,
  count: number,
): number {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`Cannot add ${count} billing intervals: need a whole number >= 0.`);
  }
  const anchor = new Date(anchorSeconds * 1000);
  const months = anchor.getUTCMonth() + count * (interval === "month" ? 1 : 12);
  const year = anchor.getUTCFullYear() + Math.floor(months / 12);
  const month = months % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const ms = Date.UTC(
    year,
    month,
    Math.min(anchor.getUTCDate(), lastDay),
    anchor.getUTCHours(),
    anchor.getUTCMinutes(),
    anchor.getUTCSeconds(),
  );
  return Math.floor(ms / 1000);
}

/**
 * How many whole billing intervals separate a subscription's start (`anchorSeconds`) from one of
 * its period starts (`atSeconds`): the largest `n` with `addBillingIntervals(anchor, interval, n)`
 * no later than `atSeconds` plus a day of slack (a period that starts a few seconds or hours off
 * the anchor's arithmetic, as a checkout-created subscription's first invoice may, still counts as
 * its own period). 0 for the first period and for any time before the anchor.
 *
 * Example: a monthly subscription started 2027-01-31; its period starting 2027-03-31 is 2.
 */
export function billingIntervalsBetween(
  anchorSeconds: number,
  atSeconds: number,
  interval: SubscriptionInterval,
): number {
  const limit = atSeconds + 86_400;
  const a = new Date(anchorSeconds * 1000);
  const b = new Date(atSeconds * 1000);
  const monthsApart =
    (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  let n = Math.max(0, Math.floor(monthsApart / (interval === "month" ? 1 : 12)) - 1);
  while (addBillingIntervals(anchorSeconds, interval, n + 1) <= limit) n++;
  while (n > 0 && addBillingIntervals(anchorSeconds, interval, n) > limit) n--;
  return n;
}

/** A coupon's parts that decide an invoice's discount (Stripe's `coupon` object). */
export type CouponTerms = {
  /** Percent with at most 2 decimals (12.5), or null. */
  percent_off: number | null;
  /** Cents, or null. */
  amount_off: number | null;
  duration: "once" | "repeating" | "forever";
  duration_in_months: number | null;
};

/**
 * Cents a coupon takes off an invoice subtotal: `amount_off`, or `percent_off` of the subtotal
 * rounded to the nearest cent (ties up; Stripe rounds percentage discounts to the nearest cent
 * and does not document ties), never more than the subtotal: a 100 % or large fixed discount
 * makes a 0-cent invoice, paid without a charge. Exact integer arithmetic: 12.5 % is 1,250 bps.
 *
 * Example: 12.5 % of 999 cents is 999 * 1250 / 10000 = 124.875, so 125 cents.
 */
export function invoiceDiscountCents(subtotalCents: number, coupon: CouponTerms): number {
  if (coupon.amount_off !== null) return Math.min(coupon.amount_off, subtotalCents);
  if (coupon.percent_off === null) return 0;
  const bps = Math.round(coupon.percent_off * 100);
  const off = Math.floor((subtotalCents * bps + BPS_PER_WHOLE / 2) / BPS_PER_WHOLE);
  return Math.min(off, subtotalCents);
}

/**
 * When a subscription's discount stops applying (Stripe's `discount.end`): `duration_in_months`
 * months after it started for `repeating`, never (null) for `once` (removed after the first
 * invoice) and `forever`. Source: docs.stripe.com/api/discounts/object (`end`).
 */
export function discountEndSeconds(startSeconds: number, coupon: CouponTerms): number | null {
  if (coupon.duration !== "repeating") return null;
  return addBillingIntervals(startSeconds, "month", coupon.duration_in_months ?? 0);
}

/**
 * Whether a subscription's discount applies to an invoice created at `invoiceCreatedSeconds`:
 * `once` to the first invoice only (`subscription_create`); `repeating` to invoices created
 * before its `end`, so a 3-month coupon on a monthly subscription covers the first 3 invoices
 * and a yearly one's first only; `forever` to all. Source: docs.stripe.com/billing/subscriptions/
 * coupons ("duration").
 */
export function discountAppliesToInvoice(
  discount: { duration: CouponTerms["duration"]; endSeconds: number | null },
  invoice: { billingReason: string; createdSeconds: number },
): boolean {
  switch (discount.duration) {
    case "once":
      return invoice.billingReason === "subscription_create";
    case "repeating":
      return discount.endSeconds !== null && invoice.createdSeconds < discount.endSeconds;
    case "forever":
      return true;
  }
}
