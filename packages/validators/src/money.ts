/**
 * Money is integer cents end to end; rates are basis points (1 bps = 0.01 %, 10_000 = 100 %).
 * Formatting happens only at the UI edge (`formatCents`).
 */

declare const centsBrand: unique symbol;
/** An integer amount of the smallest currency unit (cents for USD). */
export type Cents = number & { readonly [centsBrand]: true };

/** Marks a number as cents. @throws RangeError when it is not a safe integer. */
export function cents(n: number): Cents {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${n} is not an integer number of cents.`);
  return n as Cents;
}

export const BPS_DENOMINATOR = 10_000;
/** Fanfare's platform fee: 10 % of every sale. */
export const PLATFORM_FEE_BPS = 1_000;
/** The commission slider's range an artist may choose from: 10 % to 50 %. */
export const MIN_COMMISSION_BPS = 1_000;
export const MAX_COMMISSION_BPS = 5_000;
/**
 * The commission rate a new track or release gets unless its artist chooses another: 20 %
 * (the database default of `Track.commissionBps` and `Release.commissionBps`, and the forms'
 * starting value). A label acting for the artist creates at this rate only (issue 16 §5).
 */
export const DEFAULT_COMMISSION_BPS = 2_000;
/**
 * Lowest price a track may have: Stripe's minimum charge amount for USD is $0.50
 * (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).
 */
export const MIN_PRICE_CENTS = 50;
/** Highest price a buyer can be charged for one track (a guard against typos). */
export const MAX_PRICE_CENTS = 100_000;

/**
 * `amountCents × bps / 10_000`, rounded half up to a whole cent, in exact integer arithmetic.
 * @throws RangeError on a negative or non-integer amount or rate.
 */
export function applyBps(amountCents: number, bps: number): Cents {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0)
    throw new RangeError(`amountCents must be a non-negative integer, got ${amountCents}.`);
  if (!Number.isSafeInteger(bps) || bps < 0 || bps > BPS_DENOMINATOR)
    throw new RangeError(`bps must be an integer in [0, 10000], got ${bps}.`);
  return cents(Math.floor((amountCents * bps + BPS_DENOMINATOR / 2) / BPS_DENOMINATOR));
}

export type SaleSplit = {
  /** What the buyer pays: the price less the discount. */
  amountCents: Cents;
  platformFeeCents: Cents;
  commissionCents: Cents;
  artistCents: Cents;
  /** The discount given, taken from its funder's share only; 0 without a discount. */
  discountCents: Cents;
  /** The part of `commissionCents` the platform funds from its fee (a platform campaign boost). */
  platformBoostCents: Cents;
  /** The part of `commissionCents` the platform funds as the promoter's tier bonus. */
  tierBonusCents: Cents;
  /**
   * The recruiter's second-tier share (issue 14 §6): not part of the commission but a slice of
   * its own, paid to the promoter who recruited the attributed one, from the platform fee.
   */
  recruiterCents: Cents;
  /**
   * The label's share (issue 16 §5): `labelShareBps` of the artist's share as finally given,
   * rounded half up; `artistCents` is what the artist keeps. 0 without a label contract.
   */
  labelCents: Cents;
};

/** Who gives a discount up (DiscountCode.funder). */
export type DiscountFunderName = "PLATFORM" | "ARTIST" | "PROMOTER";

/**
 * A code's discount on a price, before any cap by its funder's share: PERCENT `value` basis
 * points of the price (rounded half up, `applyBps`), FIXED `value` cents; never more than the
 * price. @throws RangeError on a negative price or a value outside its type's range.
 */
export function discountOnPrice(
  code: { type: "PERCENT" | "FIXED"; value: number },
  priceCents: number,
): Cents {
  if (!Number.isSafeInteger(code.value) || code.value <= 0)
    throw new RangeError(`A discount's value must be a positive integer, got ${code.value}.`);
  if (code.type === "PERCENT") return applyBps(priceCents, code.value);
  return cents(Math.min(code.value, priceCents));
}

/**
 * Splits what a buyer paid between the platform, the promoter and the artist.
 *
 * Rule: the platform fee is 10 % of the amount and the commission is the track's rate of the
 * amount (only when the sale is attributed to a promoter), each rounded half up to the cent on
 * its own; the artist receives the exact remainder, so the three parts always sum to the amount
 * and no cent is created or lost. Example: 999 cents at 2 500 bps -> fee 100, commission 250,
 * artist 649.
 *
 * Discount (issue 12 §1): the split is made on the price before the discount (for
 * pay-what-you-want, the amount the buyer chose), then the discount is taken from its funder's
 * share only and capped by it, so the other shares are as without a discount: a platform code
 * from the platform fee, an artist code from the artist's share, a promoter code from the
 * commission (nothing when the sale is not attributed). The buyer pays the price less the
 * discount given. Example: 1000 cents at 2 500 bps, a 20 % platform code → fee 100 − 100 = 0,
 * commission 250, artist 650, discount 100 (capped: the fee is all the platform has), pay 900.
 *
 * Platform campaign boost (issue 12 §3): `platformBoostBps` more of the price goes to the
 * promoter, paid from the platform fee. The platform's claims on its fee come in one order
 * (DEVELOPERS.md): a platform discount first, then the campaign boost, each capped by what the
 * fee still holds, so the platform's share never goes below zero. An artist's or promoter's
 * discount is taken after the boost (a promoter code from the commission boost included).
 * Example: 1000 cents at 2 500 bps with a 1 500 bps platform boost → fee 100 − 100 = 0,
 * commission 250 + 100 = 350 (boost capped by the fee), artist 650. A tier bonus (issue 13 §1) is
 * the next claim, on what the fee holds after the boost.
 *
 * Recruiter share (issue 14 §6, two tiers): when the attributed promoter was recruited by another
 * one, `recruiterShareBps` of the commission (as finally given: after a promoter code took its
 * discount from it) goes to the recruiter. It is the platform's last claim on its fee, after the
 * tier bonus, capped by what the fee still holds, and a slice of its own (`recruiterCents`): the
 * commission, the artist's share and the discount are as without it. Example: 1000 cents at
 * 2 500 bps, recruiter 500 bps → fee 100 − 13 = 87, commission 250, recruiter 13 (5 % of 250,
 * rounded half up), artist 650.
 *
 * Label share (issue 16 §5): when the artist is on a label's roster under a contract in force at
 * checkout start, `labelShareBps` of the artist's share as finally given (after an artist-funded
 * discount) goes to the label, rounded half up; the artist keeps the exact remainder, so the two
 * always sum to the artist's share and no other share changes. It is not a claim on the platform
 * fee. Example: 1000 cents at 2 500 bps, label 3 000 bps → fee 100, commission 250, artist's share
 * 650 → label 195, artist 455.
 *
 * Recurring commission (issue 16 §3): on a catalog subscription's invoice the commission is the
 * rate on the share of the invoice's months that fall inside the commission's duration
 * (`commissionMonths`, from `recurringCommissionMonths`): commission = amount × rate × inside ÷ of,
 * rounded half up once, in exact integers. A monthly invoice earns all or nothing; a yearly one
 * inside/12. Example: a $50.00 yearly invoice at 2 000 bps with a 3-month duration → 3/12 →
 * 5000 × 2000 × 3 ÷ (10 000 × 12) = 250 cents; the same invoice a year later → 0/12 → 0.
 *
 * @param amountCents the price before any discount (what the buyer pays without one), integer
 *   cents ≥ 0.
 * @param commissionBps the commission rate the artist funds, in basis points (0-10 000).
 * @param attributed whether a promoter earns a commission on this sale.
 * @param platformFeeBps defaults to PLATFORM_FEE_BPS (1 000 = 10 %).
 * @param platformBoostBps the platform-funded commission on top, basis points (default 0; only
 *   when attributed).
 * @param tierBonusBps the promoter's tier bonus (issue 13 §1), basis points, the next claim on
 *   the fee after the boost (default 0; only when attributed).
 * @param recruiterShareBps the recruiter's share of the commission (issue 14 §6), basis points
 *   of the commission (not of the price); default 0; only when attributed.
 * @param commissionMonths the part of a subscription invoice's months inside the recurring
 *   commission's duration, `{ inside, of }` with 0 ≤ inside ≤ of (default: the whole sale).
 * @param labelShareBps the label's share of the artist's share (issue 16 §5), basis points;
 *   default 0 (no label).
 * @param discount the discount asked for (cents, `discountOnPrice`) and who funds it.
 * @throws RangeError on bad input or when fee + commission would exceed the amount.
 */
export function splitSaleAmount(input: {
  amountCents: number;
  commissionBps: number;
  attributed: boolean;
  platformFeeBps?: number;
  platformBoostBps?: number;
  tierBonusBps?: number;
  recruiterShareBps?: number;
  labelShareBps?: number;
  commissionMonths?: { inside: number; of: number };
  discount?: { cents: number; funder: DiscountFunderName };
}): SaleSplit {
  const platformFeeCents = applyBps(input.amountCents, input.platformFeeBps ?? PLATFORM_FEE_BPS);
  const commissionCents = !input.attributed
    ? cents(0)
    : input.commissionMonths
      ? applyBpsForMonths(input.amountCents, input.commissionBps, input.commissionMonths)
      : applyBps(input.amountCents, input.commissionBps);
  const artistCents = input.amountCents - platformFeeCents - commissionCents;
  if (artistCents < 0) {
    throw new RangeError(
      `Fee ${platformFeeCents} + commission ${commissionCents} cents exceed the amount ${input.amountCents} cents.`,
    );
  }
  const split: SaleSplit = {
    amountCents: cents(input.amountCents),
    platformFeeCents,
    commissionCents,
    artistCents: cents(artistCents),
    discountCents: cents(0),
    platformBoostCents: cents(0),
    tierBonusCents: cents(0),
    recruiterCents: cents(0),
    labelCents: cents(0),
  };
  const requested = input.discount?.cents ?? 0;
  if (!Number.isSafeInteger(requested) || requested < 0)
    throw new RangeError(`A discount must be a non-negative integer of cents, got ${requested}.`);
  const boostBps = input.platformBoostBps ?? 0;
  const bonusBps = input.tierBonusBps ?? 0;
  const recruiterBps = input.recruiterShareBps ?? 0;
  const labelBps = input.labelShareBps ?? 0;
  for (const [what, bps] of [
    ["platform boost", boostBps],
    ["tier bonus", bonusBps],
    ["recruiter share", recruiterBps],
    ["label share", labelBps],
  ] as const)
    if (!Number.isSafeInteger(bps) || bps < 0 || bps > 10_000)
      throw new RangeError(`A ${what} must be 0-10 000 bps, got ${bps}.`);
  // The funder's share pays, and never goes below zero.
  const takeDiscount = (funder: DiscountFunderName) => {
    if (!input.discount || input.discount.funder !== funder) return;
    const key = FUNDER_SHARE[funder];
    const given = Math.min(requested, split[key]);
    split[key] = cents(split[key] - given);
    split.amountCents = cents(split.amountCents - given);
    split.discountCents = cents(given);
  };
  // The platform's claims on its fee, in order: its discount, the campaign boost, the tier bonus
  // (and last, below, the recruiter's share).
  takeDiscount("PLATFORM");
  const claimForPromoter = (bps: number): Cents => {
    if (!input.attributed || bps === 0) return cents(0);
    const claim = Math.min(applyBps(input.amountCents, bps), split.platformFeeCents);
    split.platformFeeCents = cents(split.platformFeeCents - claim);
    split.commissionCents = cents(split.commissionCents + claim);
    return cents(claim);
  };
  split.platformBoostCents = claimForPromoter(boostBps);
  split.tierBonusCents = claimForPromoter(bonusBps);
  takeDiscount("ARTIST");
  takeDiscount("PROMOTER");
  // The platform's last claim: the recruiter's share of the commission as given.
  if (input.attributed && recruiterBps > 0) {
    const claim = Math.min(applyBps(split.commissionCents, recruiterBps), split.platformFeeCents);
    split.platformFeeCents = cents(split.platformFeeCents - claim);
    split.recruiterCents = cents(claim);
  }
  // The label's share of the artist's share as given; the artist keeps the remainder.
  if (labelBps > 0) {
    split.labelCents = applyBps(split.artistCents, labelBps);
    split.artistCents = cents(split.artistCents - split.labelCents);
  }
  return split;
}

/**
 * `amountCents × bps × inside ÷ (10 000 × of)`, rounded half up once, in exact integers: a rate
 * earned on `inside` of an invoice's `of` months (`splitSaleAmount`'s recurring commission).
 * @throws RangeError on a bad amount or rate (as `applyBps`) or months outside 0 ≤ inside ≤ of, of ≥ 1.
 */
function applyBpsForMonths(
  amountCents: number,
  bps: number,
  months: { inside: number; of: number },
): Cents {
  applyBps(amountCents, bps);
  const { inside, of } = months;
  if (
    !Number.isSafeInteger(of) ||
    of < 1 ||
    !Number.isSafeInteger(inside) ||
    inside < 0 ||
    inside > of
  )
    throw new RangeError(
      `Commission months must be 0 <= inside <= of, of >= 1; got ${inside}/${of}.`,
    );
  const denominator = BPS_DENOMINATOR * of;
  return cents(Math.floor((amountCents * bps * inside * 2 + denominator) / (2 * denominator)));
}

/**
 * How many of a subscription invoice's months earn the recurring commission (issue 16 §3): the
 * promoter who brought the subscriber earns on the months that fall inside the duration the
 * artist set, counted from the subscription's start (seed 004: 3 months by default).
 *
 * | duration | invoice | elapsed months at its start | inside / of |
 * | --- | --- | --- | --- |
 * | 3 | monthly | 0, 1, 2 | 1/1 |
 * | 3 | monthly | 3 or more | 0/1 |
 * | 3 | yearly | 0 | 3/12 |
 * | 3 | yearly | 12 | 0/12 |
 * | 18 | yearly | 0, 12, 24 | 12/12, 6/12, 0/12 |
 * | forever (null) | any | any | of/of |
 *
 * @param durationMonths the commission's duration in months (≥ 1), null for forever.
 * @param elapsedMonths whole months from the subscription's start to the invoice period's start (≥ 0).
 * @param invoiceMonths the invoice's months: 1 (monthly) or 12 (yearly).
 * @returns `{ inside, of }` for `splitSaleAmount`'s `commissionMonths`.
 * @throws RangeError on negative or non-integer months.
 */
export function recurringCommissionMonths(input: {
  durationMonths: number | null;
  elapsedMonths: number;
  invoiceMonths: number;
}): { inside: number; of: number } {
  const { durationMonths, elapsedMonths, invoiceMonths } = input;
  for (const [what, n, min] of [
    ["elapsedMonths", elapsedMonths, 0],
    ["invoiceMonths", invoiceMonths, 1],
    ["durationMonths", durationMonths ?? 1, 1],
  ] as const)
    if (!Number.isSafeInteger(n) || n < min)
      throw new RangeError(`${what} must be an integer >= ${min}, got ${n}.`);
  if (durationMonths == null) return { inside: invoiceMonths, of: invoiceMonths };
  const inside = Math.max(0, Math.min(invoiceMonths, durationMonths - elapsedMonths));
  return { inside, of: invoiceMonths };
}

/** The share of the sale each funder's discount comes out of. */
const FUNDER_SHARE = {
  PLATFORM: "platformFeeCents",
  ARTIST: "artistCents",
  PROMOTER: "commissionCents",
} as const satisfies Record<DiscountFunderName, keyof SaleSplit>;

const formatters = new Map<string, Intl.NumberFormat>();

/** Formats cents for display, e.g. 1999 -> "$19.99". UI edge only. */
export function formatCents(amountCents: number, currency = "usd", locale = "en-US"): string {
  const key = `${locale}:${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() });
    formatters.set(key, f);
  }
  return f.format(amountCents / 100);
}

/** Formats basis points as a percentage, e.g. 2500 -> "25%". */
export function formatBps(bps: number): string {
  return `${(bps / 100).toLocaleString("en-US", { maximumFractionDigits: 2 })}%`;
}

/**
 * Parses a user-typed dollar amount ("12", "12.5", "$12.50") into cents without floating-point
 * error. @returns null when the text is not a non-negative amount with at most 2 decimals.
 */
export function parseDollarsToCents(text: string): Cents | null {
  const m = /^\s*\$?\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const whole = Number(m[1]);
  const frac = Number((m[2] ?? "").padEnd(2, "0"));
  return cents(whole * 100 + frac);
}
