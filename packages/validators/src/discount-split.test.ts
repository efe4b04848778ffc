import { describe, expect, test } from "vitest";

import { discountOnPrice, splitSaleAmount } from "./money";

/**
 * The one split function with a discount (issue 12 §1): the sale is split on the price before
 * the discount, and the discount comes out of its funder's share only, capped by it.
 */
describe("splitSaleAmount with a discount", () => {
  test.each([
    // price, rate, attributed, funder, asked → fee, artist, commission, discount, paid
    [1000, 2500, true, "PLATFORM", 50, [50, 650, 250, 50, 950]],
    [1000, 2500, true, "PLATFORM", 200, [0, 650, 250, 100, 900]], // capped by the fee
    [1000, 2500, true, "ARTIST", 200, [100, 450, 250, 200, 800]],
    [1000, 2500, true, "ARTIST", 1000, [100, 0, 250, 650, 350]], // capped by the artist's share
    [1000, 2500, true, "PROMOTER", 100, [100, 650, 150, 100, 900]],
    [1000, 2500, true, "PROMOTER", 400, [100, 650, 0, 250, 750]], // capped by the commission
    [1000, 2500, false, "PROMOTER", 100, [100, 900, 0, 0, 1000]], // no commission to give
    [999, 2500, true, "ARTIST", 0, [100, 649, 250, 0, 999]],
    [50, 5000, true, "ARTIST", 50, [5, 0, 25, 20, 30]],
  ] as const)(
    "%i cents at %i bps (attributed %s), a %s discount of %i",
    (price, bps, attributed, funder, asked, [fee, artist, commission, discount, paid]) => {
      const s = splitSaleAmount({
        amountCents: price,
        commissionBps: bps,
        attributed,
        discount: { cents: asked, funder },
      });
      expect(s).toEqual({
        platformFeeCents: fee,
        artistCents: artist,
        commissionCents: commission,
        discountCents: discount,
        amountCents: paid,
        platformBoostCents: 0,
        tierBonusCents: 0,
        recruiterCents: 0,
        labelCents: 0,
      });
      // The shares still sum to what the buyer pays; the others are as without a discount.
      expect(s.platformFeeCents + s.artistCents + s.commissionCents).toBe(s.amountCents);
      expect(s.amountCents + s.discountCents).toBe(price);
    },
  );

  test("no discount: the split is unchanged, with a zero discount", () => {
    expect(splitSaleAmount({ amountCents: 999, commissionBps: 2500, attributed: true })).toEqual({
      amountCents: 999,
      platformFeeCents: 100,
      commissionCents: 250,
      artistCents: 649,
      discountCents: 0,
      platformBoostCents: 0,
      tierBonusCents: 0,
      recruiterCents: 0,
      labelCents: 0,
    });
  });

  // Issue 12 §3: a platform campaign's boost is a claim on the platform fee after a platform
  // discount, capped so the platform keeps ≥ 0; artist and promoter discounts come after it.
  test.each([
    // price, rate, boost, discount (funder, asked) → fee, artist, commission, discount, boost, paid
    [1000, 2500, 1000, null, [0, 650, 350, 0, 100, 1000]], // the whole fee: capped at 100
    [1000, 2500, 500, null, [50, 650, 300, 0, 50, 1000]],
    [999, 2500, 500, null, [50, 649, 300, 0, 50, 999]],
    [1000, 2500, 500, ["PLATFORM", 80], [0, 650, 270, 80, 20, 920]], // discount first, boost after
    [1000, 2500, 500, ["PLATFORM", 100], [0, 650, 250, 100, 0, 900]], // nothing left to boost
    [1000, 2500, 500, ["ARTIST", 100], [50, 550, 300, 100, 50, 900]],
    [1000, 2500, 500, ["PROMOTER", 100], [50, 650, 200, 100, 50, 900]], // from the boosted commission
    [1000, 2500, 500, ["PROMOTER", 400], [50, 650, 0, 300, 50, 700]], // capped by it
  ] as const)(
    "%i cents at %i bps with a %i bps platform boost, discount %j",
    (price, bps, boostBps, d, [fee, artist, commission, discount, boost, paid]) => {
      const s = splitSaleAmount({
        amountCents: price,
        commissionBps: bps,
        attributed: true,
        platformBoostBps: boostBps,
        discount: d ? { funder: d[0], cents: d[1] } : undefined,
      });
      expect(s).toEqual({
        platformFeeCents: fee,
        artistCents: artist,
        commissionCents: commission,
        discountCents: discount,
        platformBoostCents: boost,
        tierBonusCents: 0,
        recruiterCents: 0,
        labelCents: 0,
        amountCents: paid,
      });
      expect(s.platformFeeCents + s.artistCents + s.commissionCents).toBe(s.amountCents);
    },
  );

  // Issue 13 §1: the tier bonus is the next claim on the fee, after a platform discount and the
  // campaign boost; the platform's share never goes below zero.
  test.each([
    // price, boost, bonus, platform discount → fee, commission, boost, bonus, paid
    [1000, 0, 500, 0, [50, 300, 0, 50, 1000]],
    [1000, 0, 2000, 0, [0, 350, 0, 100, 1000]], // capped by the fee
    [1000, 500, 500, 0, [0, 350, 50, 50, 1000]], // the boost first, the bonus gets the rest
    [1000, 800, 500, 0, [0, 350, 80, 20, 1000]],
    [1000, 0, 500, 80, [0, 270, 0, 20, 920]], // the platform discount first
    [999, 0, 333, 0, [67, 283, 0, 33, 999]],
  ] as const)(
    "%i cents, boost %i bps, tier bonus %i bps, platform discount %i",
    (price, boostBps, bonusBps, platformOff, [fee, commission, boost, bonus, paid]) => {
      const s = splitSaleAmount({
        amountCents: price,
        commissionBps: 2500,
        attributed: true,
        platformBoostBps: boostBps,
        tierBonusBps: bonusBps,
        discount: platformOff ? { funder: "PLATFORM", cents: platformOff } : undefined,
      });
      expect([
        s.platformFeeCents,
        s.commissionCents,
        s.platformBoostCents,
        s.tierBonusCents,
        s.amountCents,
      ]).toEqual([fee, commission, boost, bonus, paid]);
      expect(s.platformFeeCents).toBeGreaterThanOrEqual(0);
      expect(s.platformFeeCents + s.artistCents + s.commissionCents).toBe(s.amountCents);
    },
  );

  // Issue 14 §6: the recruiter's share is the platform's last claim on its fee, after the tier
  // bonus: `recruiterShareBps` of the commission as given (after a promoter code), a slice of its
  // own that never changes the commission, the artist's share or what the buyer pays.
  test.each([
    // price, boost, bonus, recruiter bps, discount → fee, commission, recruiter, artist, paid
    [1000, 0, 0, 500, null, [87, 250, 13, 650, 1000]], // 5 % of 250 = 12.5 → 13
    [1000, 0, 500, 500, null, [35, 300, 15, 650, 1000]], // after the tier bonus's 50
    [1000, 500, 500, 500, null, [0, 350, 0, 650, 1000]], // the fee is spent: nothing left
    [1000, 800, 0, 1000, null, [0, 330, 20, 650, 1000]], // 10 % of 330 = 33, capped by the fee's 20
    [1000, 0, 0, 500, { funder: "PROMOTER", cents: 100 }, [92, 150, 8, 650, 900]], // 5 % of 150 = 7.5 → 8
    [1000, 0, 0, 500, { funder: "PLATFORM", cents: 95 }, [0, 250, 5, 650, 905]], // the discount first, capped
    [1000, 0, 0, 500, { funder: "ARTIST", cents: 200 }, [87, 250, 13, 450, 800]],
    [999, 0, 0, 10_000, null, [0, 250, 100, 649, 999]], // 100 % of the commission, capped by the fee
  ] as const)(
    "%i cents, boost %i bps, tier bonus %i bps, recruiter %i bps, discount %o",
    (
      price,
      boostBps,
      bonusBps,
      recruiterBps,
      discount,
      [fee, commission, recruiter, artist, paid],
    ) => {
      const s = splitSaleAmount({
        amountCents: price,
        commissionBps: 2500,
        attributed: true,
        platformBoostBps: boostBps,
        tierBonusBps: bonusBps,
        recruiterShareBps: recruiterBps,
        discount: discount ?? undefined,
      });
      expect([
        s.platformFeeCents,
        s.commissionCents,
        s.recruiterCents,
        s.artistCents,
        s.amountCents,
      ]).toEqual([fee, commission, recruiter, artist, paid]);
      expect(s.platformFeeCents).toBeGreaterThanOrEqual(0);
      expect(s.platformFeeCents + s.artistCents + s.commissionCents + s.recruiterCents).toBe(
        s.amountCents,
      );
    },
  );

  test("an unattributed sale has no recruiter share", () => {
    const s = splitSaleAmount({
      amountCents: 1000,
      commissionBps: 2500,
      attributed: false,
      recruiterShareBps: 500,
    });
    expect([s.platformFeeCents, s.recruiterCents]).toEqual([100, 0]);
  });

  test("an unattributed sale gets no boost", () => {
    const s = splitSaleAmount({
      amountCents: 1000,
      commissionBps: 2500,
      attributed: false,
      platformBoostBps: 500,
    });
    expect([s.platformFeeCents, s.commissionCents, s.platformBoostCents]).toEqual([100, 0, 0]);
  });

  test("a negative or fractional discount is refused", () => {
    for (const bad of [-1, 1.5])
      expect(() =>
        splitSaleAmount({
          amountCents: 1000,
          commissionBps: 2000,
          attributed: true,
          discount: { cents: bad, funder: "ARTIST" },
        }),
      ).toThrow(RangeError);
  });

  test.each([
    ["PERCENT", 1000, 1000, 100],
    ["PERCENT", 1000, 999, 100], // 99.9 rounds half up
    ["PERCENT", 1000, 995, 100], // 99.5 rounds up
    ["PERCENT", 1000, 994, 99],
    ["PERCENT", 10000, 800, 800],
    ["FIXED", 300, 1000, 300],
    ["FIXED", 3000, 1000, 1000], // never more than the price
  ] as const)("%s %i on %i cents → %i cents off", (type, value, price, off) => {
    expect(discountOnPrice({ type, value }, price)).toBe(off);
  });
});
