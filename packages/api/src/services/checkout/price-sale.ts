import type { DiscountFunderName, SaleSplit } from "@fanfare/validators";
import { cents, discountOnPrice, splitSaleAmount } from "@fanfare/validators";

import type { CampaignTerms } from "../campaigns/terms";

/** Which discount a priced sale got: the code's, the campaign's, or none. */
export type DiscountSource = "code" | "campaign" | null;

/**
 * Prices one sale (issue 12 §2 and §3): the split on the list price at the rate in force (the
 * track's or its campaign's, `campaignTerms`, plus a platform campaign's boost), with the better
 * of the code's discount and the campaign's — never both ("A campaign discount and a code never
 * stack: the buyer gets the better one"; a tie goes to the campaign, which holds no use of the
 * code). Each discount is the one its funder's share can give (`splitSaleAmount` caps it).
 * An artist's code for the whole price (a 100 % or a large enough fixed code) is a free download
 * code (issue 12 §2: "A 100% code completes a free order (a download code, as Bandcamp has)"): the
 * total is 0 and every share 0 — the artist gives the track away, so there is no fee or commission
 * on it. Platform and promoter codes never make a track free: each is capped by its funder's share.
 * The attributed promoter's tier bonus (issue 13 §1) is the platform's next claim on its fee after
 * a platform discount and the campaign boost, and their recruiter's share (issue 14 §6) the last
 * (`splitSaleAmount`).
 * Pure; the one pricing used by `discount.validate` and checkout, so the quote is the charge.
 * @param listCents the price before any discount (pay-what-you-want: the buyer's amount), cents.
 * @param code the entered code's discount and funder; null without a code.
 * @returns the split (`amountCents` is what the buyer pays) and which discount it carries.
 */
export function priceSale(input: {
  listCents: number;
  platformFeeBps: number;
  attributed: boolean;
  terms: CampaignTerms;
  /** The attributed promoter's tier bonus in force (issue 13 §1), basis points; default 0. */
  tierBonusBps?: number;
  /**
   * The recruiter's share of the commission (issue 14 §6), basis points of the commission;
   * default 0 (no recruiter, or their months are over).
   */
  recruiterShareBps?: number;
  /** The label's share of the artist's share (issue 16 §5), basis points; default 0 (no label). */
  labelShareBps?: number;
  code: { type: "PERCENT" | "FIXED"; value: number; funder: DiscountFunderName } | null;
}): { split: SaleSplit; discountFrom: DiscountSource } {
  const splitWith = (discount?: { cents: number; funder: DiscountFunderName }) =>
    splitSaleAmount({
      amountCents: input.listCents,
      commissionBps: input.terms.artistRateBps,
      platformFeeBps: input.platformFeeBps,
      platformBoostBps: input.terms.platformBoostBps,
      tierBonusBps: input.tierBonusBps ?? 0,
      recruiterShareBps: input.recruiterShareBps ?? 0,
      labelShareBps: input.labelShareBps ?? 0,
      attributed: input.attributed,
      discount,
    });
  const { code, terms } = input;
  const byCode = code
    ? splitWith({ cents: discountOnPrice(code, input.listCents), funder: code.funder })
    : null;
  const byCampaign = terms.discount
    ? splitWith({
        cents: discountOnPrice({ type: "PERCENT", value: terms.discount.bps }, input.listCents),
        funder: terms.discount.funder,
      })
    : null;
  // An artist's code for the whole price is a download code (Bandcamp's): the artist gives the
  // track away, so nothing is charged and nobody's share is anything (10 % of nothing).
  if (code?.funder === "ARTIST" && discountOnPrice(code, input.listCents) >= input.listCents)
    return {
      split: {
        amountCents: cents(0),
        platformFeeCents: cents(0),
        commissionCents: cents(0),
        artistCents: cents(0),
        discountCents: cents(input.listCents),
        platformBoostCents: cents(0),
        tierBonusCents: cents(0),
        recruiterCents: cents(0),
        labelCents: cents(0),
      },
      discountFrom: "code",
    };
  if (byCode && (!byCampaign || byCode.discountCents > byCampaign.discountCents))
    return { split: byCode, discountFrom: "code" };
  if (byCampaign && byCampaign.discountCents > 0)
    return { split: byCampaign, discountFrom: "campaign" };
  return { split: splitWith(), discountFrom: null };
}
