import { describe, expect, test } from "vitest";

import type { CampaignTerms } from "../campaigns/terms";
import { priceSale } from "./price-sale";

const NO_CAMPAIGN: CampaignTerms = {
  artistRateBps: 2500,
  platformBoostBps: 0,
  discount: null,
  campaignId: null,
};
const campaign = (bps: number, funder: "ARTIST" | "PLATFORM" = "ARTIST"): CampaignTerms => ({
  ...NO_CAMPAIGN,
  discount: { bps, funder, campaignId: "c1" },
  campaignId: "c1",
});
const pct = (value: number, funder: "ARTIST" | "PLATFORM" | "PROMOTER") => ({
  type: "PERCENT" as const,
  value,
  funder,
});

/**
 * The one pricing of a sale (issue 12 §2, §3): the better of a code's and a campaign's discount,
 * never both; an artist's code for the whole price is a free download code.
 */
describe("priceSale", () => {
  test.each([
    // label, list, attributed, terms, code → paid, discount, from, fee, artist, commission
    ["no code, no campaign", 1000, true, NO_CAMPAIGN, null, [1000, 0, null, 100, 650, 250]],
    [
      "a 10 % artist code",
      1000,
      true,
      NO_CAMPAIGN,
      pct(1000, "ARTIST"),
      [900, 100, "code", 100, 550, 250],
    ],
    [
      "the campaign's 15 % beats a 10 % code",
      1000,
      true,
      campaign(1500),
      pct(1000, "PLATFORM"),
      [850, 150, "campaign", 100, 500, 250],
    ],
    [
      "a 20 % code beats the campaign's 15 %",
      1000,
      false,
      campaign(1500),
      pct(2000, "ARTIST"),
      [800, 200, "code", 100, 700, 0],
    ],
    [
      "a tie goes to the campaign (no use of the code taken)",
      1000,
      false,
      campaign(1000),
      pct(1000, "ARTIST"),
      [900, 100, "campaign", 100, 800, 0],
    ],
    [
      "a platform code is capped by the fee: its 20 % gives 10 %, the campaign's 15 % wins",
      1000,
      false,
      campaign(1500, "ARTIST"),
      pct(2000, "PLATFORM"),
      [850, 150, "campaign", 100, 750, 0],
    ],
    [
      "a promoter code comes from the commission",
      1000,
      true,
      NO_CAMPAIGN,
      pct(1000, "PROMOTER"),
      [900, 100, "code", 100, 650, 150],
    ],
    [
      "an artist's 100 % code is a free download: nothing charged, nothing shared",
      1000,
      true,
      NO_CAMPAIGN,
      pct(10_000, "ARTIST"),
      [0, 1000, "code", 0, 0, 0],
    ],
    [
      "an artist's fixed code above the price is free too",
      300,
      false,
      NO_CAMPAIGN,
      { type: "FIXED" as const, value: 500, funder: "ARTIST" as const },
      [0, 300, "code", 0, 0, 0],
    ],
    [
      "a platform 100 % code only gives the fee",
      1000,
      false,
      NO_CAMPAIGN,
      pct(10_000, "PLATFORM"),
      [900, 100, "code", 0, 900, 0],
    ],
  ] as const)(
    "%s",
    (
      _label,
      listCents,
      attributed,
      terms,
      code,
      [paid, discount, from, fee, artist, commission],
    ) => {
      const { split, discountFrom } = priceSale({
        listCents,
        platformFeeBps: 1000,
        attributed,
        terms,
        code,
      });
      expect([split.amountCents, split.discountCents, discountFrom]).toEqual([
        paid,
        discount,
        from,
      ]);
      expect([split.platformFeeCents, split.artistCents, split.commissionCents]).toEqual([
        fee,
        artist,
        commission,
      ]);
      expect(split.platformFeeCents + split.artistCents + split.commissionCents).toBe(
        split.amountCents,
      );
    },
  );
});
