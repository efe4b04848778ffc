import type { CampaignForTerms } from "../campaigns/terms";
import { campaignTerms } from "../campaigns/terms";

/**
 * What of a sale and its product (the track or the release bought) decides whether the buyer is
 * offered "share & earn".
 */
export type ShareEarnFacts = {
  saleStatus: "PENDING" | "COMPLETED" | "REFUNDED" | "FAILED";
  track: {
    title: string;
    published: boolean;
    deletedAt: Date | null;
    affiliateEnabled: boolean;
  };
  /** The commission rate a promoter would earn on the product now, basis points (`shareEarnRateBps`). */
  rateBps: number;
};

/** Why a purchase carries no "share & earn" offer (issue 14 §7), one reason in words. */
export type ShareEarnRefusal = { code: ShareEarnRefusalCode; message: string };
export type ShareEarnRefusalCode =
  | "not_completed"
  | "track_unavailable"
  | "affiliate_off"
  | "no_commission"
  /** A sale of neither a track nor a release (a subscription's invoice): no page to link. */
  | "not_a_product";

/**
 * The commission rate a new promoter would earn on a track now, in basis points: the rate a sale
 * through their link would get at checkout (`campaignTerms`: the track's rate, or a live
 * artist campaign's if higher, plus a live platform campaign's boost; capped at
 * MAX_COMMISSION_BPS). A tier bonus is left out: a new promoter has no tier yet.
 * Pure: the caller passes the campaigns live for the track now (`liveCampaignsForTrack`).
 * @param trackRateBps the track's own commission rate, basis points.
 */
export function shareEarnRateBps(trackRateBps: number, live: readonly CampaignForTerms[]): number {
  const terms = campaignTerms(trackRateBps, live);
  return terms.artistRateBps + terms.platformBoostBps;
}

/**
 * Whether a purchase's buyer is offered "Share this track and earn N%" (issue 14 §7: "shown only
 * when the track has affiliates enabled, the commission rate is > 0 and the sale completed"), or
 * the first reason not, checked in this order: the sale completed; the track is still on sale
 * (published, not deleted: a new link could not be made otherwise); promoter links are on for it;
 * the rate is above 0. A release bought is judged the same way (`track` is then the release:
 * issue 16 §1, "promoters link releases like tracks").
 * @returns null when the offer stands, else the reason (a code and a sentence for the buyer).
 */
export function shareEarnRefusal(f: ShareEarnFacts): ShareEarnRefusal | null {
  if (f.saleStatus !== "COMPLETED")
    return {
      code: "not_completed",
      message: `This purchase is ${f.saleStatus.toLowerCase()}: share & earn is offered on completed purchases.`,
    };
  if (!f.track.published || f.track.deletedAt)
    return {
      code: "track_unavailable",
      message: `"${f.track.title}" is no longer on sale, so it cannot be promoted.`,
    };
  if (!f.track.affiliateEnabled)
    return {
      code: "affiliate_off",
      message: `The artist has turned off promoter links for "${f.track.title}".`,
    };
  if (f.rateBps <= 0)
    return {
      code: "no_commission",
      message: `"${f.track.title}" pays no commission to promoters at the moment.`,
    };
  return null;
}
