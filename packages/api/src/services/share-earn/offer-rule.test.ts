import { describe, expect, test } from "vitest";

import type { CampaignForTerms } from "../campaigns/terms";
import type { ShareEarnFacts } from "./offer-rule";
import { shareEarnRateBps, shareEarnRefusal } from "./offer-rule";

const campaign = (c: Partial<CampaignForTerms>): CampaignForTerms => ({
  id: "c1",
  name: "Boost",
  artistId: null,
  commissionBps: null,
  discountBps: null,
  endsAt: new Date("2026-12-31T00:00:00Z"),
  ...c,
});

describe("shareEarnRateBps: the rate a new promoter would earn now", () => {
  test.each([
    ["the track's own rate without campaigns", 2500, [], 2500],
    [
      "an artist campaign above the track's rate",
      2000,
      [campaign({ artistId: "a", commissionBps: 3000 })],
      3000,
    ],
    [
      "a platform campaign's total above the track's rate",
      2000,
      [campaign({ commissionBps: 3500 })],
      3500,
    ],
    [
      "a platform campaign below the track's rate changes nothing",
      2500,
      [campaign({ commissionBps: 1000 })],
      2500,
    ],
    ["capped at the 50 % maximum", 4000, [campaign({ commissionBps: 9000 })], 5000],
    ["0 for a track that pays none", 0, [], 0],
  ])("%s", (_label, trackBps, live, expected) => {
    expect(shareEarnRateBps(trackBps, live)).toBe(expected);
  });
});

describe("shareEarnRefusal: the offer stands only for a completed sale of a track promoters may earn on", () => {
  const base: ShareEarnFacts = {
    saleStatus: "COMPLETED",
    track: { title: "Night Drive", published: true, deletedAt: null, affiliateEnabled: true },
    rateBps: 2500,
  };
  test.each<[string, Partial<ShareEarnFacts>, string | null]>([
    ["offered for a completed sale at 25 %", {}, null],
    ["not while the payment is pending", { saleStatus: "PENDING" }, "not_completed"],
    ["not after a refund", { saleStatus: "REFUNDED" }, "not_completed"],
    [
      "not when the track was unpublished",
      { track: { ...base.track, published: false } },
      "track_unavailable",
    ],
    [
      "not when the track was deleted",
      { track: { ...base.track, deletedAt: new Date() } },
      "track_unavailable",
    ],
    [
      "not when the artist turned promoter links off",
      { track: { ...base.track, affiliateEnabled: false } },
      "affiliate_off",
    ],
    ["not when the rate is 0", { rateBps: 0 }, "no_commission"],
  ])("%s", (_label, change, code) => {
    expect(shareEarnRefusal({ ...base, ...change })?.code ?? null).toBe(code);
  });

  test("the refusal names the track", () => {
    expect(
      shareEarnRefusal({ ...base, track: { ...base.track, affiliateEnabled: false } })?.message,
    ).toBe('The artist has turned off promoter links for "Night Drive".');
  });
});
