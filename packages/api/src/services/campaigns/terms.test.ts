import { describe, expect, test } from "vitest";

import type { CampaignForTerms, CampaignTerms } from "./terms";
import { campaignTerms } from "./terms";

const endsAt = new Date("2027-01-10T00:00:00Z");

/** An artist's campaign (funded by the artist's share). */
const artist = (
  id: string,
  rates: { commissionBps?: number; discountBps?: number },
): CampaignForTerms => ({
  id,
  name: id,
  artistId: "artist_1",
  commissionBps: rates.commissionBps ?? null,
  discountBps: rates.discountBps ?? null,
  endsAt,
});

/** An admin's platform campaign (a claim on the platform fee). */
const platform = (
  id: string,
  rates: { commissionBps?: number; discountBps?: number },
): CampaignForTerms => ({ ...artist(id, rates), artistId: null });

describe("campaignTerms: the terms live campaigns give a sale (issue 12 §3)", () => {
  // prettier-ignore
  test.each<[string, number, CampaignForTerms[], CampaignTerms]>([
    ["no live campaign: the track's rate, nothing else",
      2500, [], { artistRateBps: 2500, platformBoostBps: 0, discount: null, campaignId: null }],
    ["an artist boost 25 % → 40 % is funded by the artist",
      2500, [artist("a", { commissionBps: 4000 })], { artistRateBps: 4000, platformBoostBps: 0, discount: null, campaignId: "a" }],
    ["an artist boost below the track's rate changes nothing",
      3000, [artist("a", { commissionBps: 2000 })], { artistRateBps: 3000, platformBoostBps: 0, discount: null, campaignId: null }],
    ["the highest of two artist boosts wins",
      2500, [artist("a", { commissionBps: 3000 }), artist("b", { commissionBps: 3500 })], { artistRateBps: 3500, platformBoostBps: 0, discount: null, campaignId: "b" }],
    ["a platform boost to 40 % on a 25 % track: the platform adds 15 points from its fee",
      2500, [platform("p", { commissionBps: 4000 })], { artistRateBps: 2500, platformBoostBps: 1500, discount: null, campaignId: "p" }],
    ["a platform boost above the artist's boost adds only the difference",
      2500, [artist("a", { commissionBps: 3500 }), platform("p", { commissionBps: 4000 })], { artistRateBps: 3500, platformBoostBps: 500, discount: null, campaignId: "p" }],
    ["a platform boost below the artist's boost adds nothing: the artist's campaign is the sale's",
      2500, [artist("a", { commissionBps: 4000 }), platform("p", { commissionBps: 3000 })], { artistRateBps: 4000, platformBoostBps: 0, discount: null, campaignId: "a" }],
    ["a platform boost below the track's own rate adds nothing",
      4500, [platform("p", { commissionBps: 4000 })], { artistRateBps: 4500, platformBoostBps: 0, discount: null, campaignId: null }],
    ["the total is capped at 5000 bps: a platform rate past it boosts to 50 % only",
      2500, [platform("p", { commissionBps: 6000 })], { artistRateBps: 2500, platformBoostBps: 2500, discount: null, campaignId: "p" }],
    ["the artist-funded rate is capped at 5000 bps too",
      2500, [artist("a", { commissionBps: 6000 })], { artistRateBps: 5000, platformBoostBps: 0, discount: null, campaignId: "a" }],
    ["at the 5000-bps cap an artist's 50 % leaves no room for a platform boost",
      2500, [artist("a", { commissionBps: 5000 }), platform("p", { commissionBps: 5000 })], { artistRateBps: 5000, platformBoostBps: 0, discount: null, campaignId: "a" }],
    ["an artist's discount is funded by the artist",
      2500, [artist("a", { discountBps: 1000 })], { artistRateBps: 2500, platformBoostBps: 0, discount: { bps: 1000, funder: "ARTIST", campaignId: "a" }, campaignId: "a" }],
    ["a platform discount is funded by the platform",
      2500, [platform("p", { discountBps: 1000 })], { artistRateBps: 2500, platformBoostBps: 0, discount: { bps: 1000, funder: "PLATFORM", campaignId: "p" }, campaignId: "p" }],
    ["the best discount wins, whoever funds it",
      2500, [artist("a", { discountBps: 1000 }), platform("p", { discountBps: 1500 })], { artistRateBps: 2500, platformBoostBps: 0, discount: { bps: 1500, funder: "PLATFORM", campaignId: "p" }, campaignId: "p" }],
    ["equal discounts: the lower campaign id wins (deterministic)",
      2500, [platform("z", { discountBps: 1000 }), artist("b", { discountBps: 1000 })], { artistRateBps: 2500, platformBoostBps: 0, discount: { bps: 1000, funder: "ARTIST", campaignId: "b" }, campaignId: "b" }],
    ["the sale records the platform boost's campaign before the discount's",
      2500, [artist("a", { discountBps: 2000 }), platform("p", { commissionBps: 4000 })], { artistRateBps: 2500, platformBoostBps: 1500, discount: { bps: 2000, funder: "ARTIST", campaignId: "a" }, campaignId: "p" }],
    ["the sale records the discount's campaign before an artist boost's",
      2500, [artist("a", { commissionBps: 4000 }), artist("b", { discountBps: 500 })], { artistRateBps: 4000, platformBoostBps: 0, discount: { bps: 500, funder: "ARTIST", campaignId: "b" }, campaignId: "b" }],
    ["one campaign with both a boost and a discount",
      2500, [artist("a", { commissionBps: 4000, discountBps: 1000 })], { artistRateBps: 4000, platformBoostBps: 0, discount: { bps: 1000, funder: "ARTIST", campaignId: "a" }, campaignId: "a" }],
  ])("%s (track at %i bps)", (_rule, trackRateBps, live, expected) => {
    expect(campaignTerms(trackRateBps, live)).toEqual(expected);
  });
});
