import { describe, expect, test } from "vitest";

import { applyBps, formatCents, parseDollarsToCents, splitSaleAmount } from "./money";

describe("splitSaleAmount", () => {
  test.each([
    // amount, bps, attributed -> fee, commission, artist
    { amount: 1000, bps: 2000, attributed: true, fee: 100, commission: 200, artist: 700 },
    { amount: 1000, bps: 2000, attributed: false, fee: 100, commission: 0, artist: 900 },
    { amount: 999, bps: 2500, attributed: true, fee: 100, commission: 250, artist: 649 },
    { amount: 995, bps: 1000, attributed: true, fee: 100, commission: 100, artist: 795 }, // 99.5 rounds half up
    { amount: 994, bps: 1000, attributed: true, fee: 99, commission: 99, artist: 796 },
    { amount: 50, bps: 5000, attributed: true, fee: 5, commission: 25, artist: 20 },
    { amount: 1, bps: 5000, attributed: true, fee: 0, commission: 1, artist: 0 }, // 0.1 -> 0, 0.5 -> 1
    { amount: 0, bps: 5000, attributed: true, fee: 0, commission: 0, artist: 0 },
    {
      amount: 100_000,
      bps: 3333,
      attributed: true,
      fee: 10_000,
      commission: 33_330,
      artist: 56_670,
    },
    { amount: 1234, bps: 1750, attributed: true, fee: 123, commission: 216, artist: 895 }, // 123.4 -> 123, 215.95 -> 216
  ])(
    "$amount cents at $bps bps (attributed: $attributed) -> fee $fee, commission $commission, artist $artist",
    ({ amount, bps, attributed, fee, commission, artist }) => {
      const split = splitSaleAmount({ amountCents: amount, commissionBps: bps, attributed });
      expect(split).toEqual({
        amountCents: amount,
        platformFeeCents: fee,
        commissionCents: commission,
        artistCents: artist,
        discountCents: 0,
        platformBoostCents: 0,
        tierBonusCents: 0,
        recruiterCents: 0,
      });
    },
  );

  test("the three parts always sum to the amount (every amount 0-5000 cents, several rates)", () => {
    for (let amount = 0; amount <= 5000; amount++) {
      for (const bps of [1000, 1234, 2500, 3333, 5000]) {
        const s = splitSaleAmount({ amountCents: amount, commissionBps: bps, attributed: true });
        expect(s.platformFeeCents + s.commissionCents + s.artistCents).toBe(amount);
        expect(s.artistCents).toBeGreaterThanOrEqual(0);
      }
    }
  });

  test("refuses fractional cents and negative amounts", () => {
    expect(() =>
      splitSaleAmount({ amountCents: 10.5, commissionBps: 1000, attributed: true }),
    ).toThrow(RangeError);
    expect(() =>
      splitSaleAmount({ amountCents: -1, commissionBps: 1000, attributed: true }),
    ).toThrow(/non-negative/);
  });

  test("refuses a fee plus commission above the amount", () => {
    expect(() =>
      splitSaleAmount({ amountCents: 1000, commissionBps: 9500, attributed: true }),
    ).toThrow(/exceed/);
  });
});

describe("applyBps", () => {
  test("rejects rates outside 0-10000 bps", () => {
    expect(() => applyBps(100, 10_001)).toThrow(RangeError);
    expect(() => applyBps(100, -1)).toThrow(RangeError);
  });
});

describe("parseDollarsToCents", () => {
  test.each([
    ["12", 1200],
    ["12.5", 1250],
    ["$12.50", 1250],
    ["0.07", 7],
    [" 4.99 ", 499],
  ])("%s -> %i cents", (text, expected) => {
    expect(parseDollarsToCents(text)).toBe(expected);
  });
  test.each(["", "abc", "1.234", "-1", "1e3"])("refuses %j", (text) => {
    expect(parseDollarsToCents(text)).toBeNull();
  });
});

test("formatCents formats at the UI edge", () => {
  expect(formatCents(1999)).toBe("$19.99");
  expect(formatCents(0)).toBe("$0.00");
});
