import { describe, expect, test } from "vitest";

import {
  applyBps,
  formatCents,
  parseDollarsToCents,
  recurringCommissionMonths,
  splitSaleAmount,
} from "./money";

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
        labelCents: 0,
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

  // Issue 16 §5: the label takes its contract's share of the artist's share, rounded half up; the
  // artist keeps the remainder; no other share changes.
  test.each([
    // amount, bps, attributed, label bps, discount -> artist's share, label, artist keeps
    {
      amount: 1000,
      bps: 2500,
      attributed: true,
      label: 3000,
      share: 650,
      labelCents: 195,
      artist: 455,
    },
    {
      amount: 999,
      bps: 2500,
      attributed: true,
      label: 3000,
      share: 649,
      labelCents: 195,
      artist: 454,
    }, // 194.7 -> 195
    {
      amount: 1000,
      bps: 2000,
      attributed: false,
      label: 3000,
      share: 900,
      labelCents: 270,
      artist: 630,
    }, // seed 004's 70/30
    { amount: 5, bps: 1000, attributed: true, label: 3000, share: 3, labelCents: 1, artist: 2 },
    { amount: 3, bps: 1000, attributed: false, label: 5000, share: 3, labelCents: 2, artist: 1 }, // 1.5 -> 2
    {
      amount: 1000,
      bps: 2000,
      attributed: true,
      label: 10_000,
      share: 700,
      labelCents: 700,
      artist: 0,
    },
    { amount: 1000, bps: 2000, attributed: true, label: 1, share: 700, labelCents: 0, artist: 700 }, // 0.07 -> 0
  ])(
    "label $label bps of the artist's share of $amount cents -> label $labelCents, artist $artist",
    ({ amount, bps, attributed, label, share, labelCents, artist }) => {
      const without = splitSaleAmount({ amountCents: amount, commissionBps: bps, attributed });
      const s = splitSaleAmount({
        amountCents: amount,
        commissionBps: bps,
        attributed,
        labelShareBps: label,
      });
      expect(without.artistCents).toBe(share);
      expect(s.labelCents).toBe(labelCents);
      expect(s.artistCents).toBe(artist);
      expect({ ...s, artistCents: s.artistCents + s.labelCents, labelCents: 0 }).toEqual(without);
    },
  );

  test("the label's and the artist's parts sum to the artist's share exactly, for every amount 0-5000 cents, several rates and after an artist's discount", () => {
    for (let amount = 0; amount <= 5000; amount++) {
      for (const label of [1, 3000, 3333, 5000, 9999, 10_000]) {
        for (const discount of [undefined, { cents: 137, funder: "ARTIST" as const }]) {
          const base = { amountCents: amount, commissionBps: 2500, attributed: true, discount };
          const without = splitSaleAmount(base);
          const s = splitSaleAmount({ ...base, labelShareBps: label });
          expect(s.labelCents + s.artistCents).toBe(without.artistCents);
          expect(s.labelCents).toBe(Math.floor((without.artistCents * label + 5000) / 10_000));
          expect(
            s.platformFeeCents +
              s.commissionCents +
              s.recruiterCents +
              s.artistCents +
              s.labelCents,
          ).toBe(s.amountCents);
        }
      }
    }
  });

  test("refuses a label share outside 0-10 000 bps", () => {
    expect(() =>
      splitSaleAmount({
        amountCents: 100,
        commissionBps: 1000,
        attributed: true,
        labelShareBps: 10_001,
      }),
    ).toThrow(/label share/);
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

// Issue 16 §3: the recurring commission earns the rate on the invoice's months inside the duration.
describe("recurring commission on subscription invoices", () => {
  test.each([
    // duration, invoice months, elapsed -> inside/of
    { duration: 3, of: 1, elapsed: 0, inside: 1 },
    { duration: 3, of: 1, elapsed: 2, inside: 1 },
    { duration: 3, of: 1, elapsed: 3, inside: 0 },
    { duration: 3, of: 1, elapsed: 40, inside: 0 },
    { duration: 3, of: 12, elapsed: 0, inside: 3 },
    { duration: 3, of: 12, elapsed: 12, inside: 0 },
    { duration: 18, of: 12, elapsed: 0, inside: 12 },
    { duration: 18, of: 12, elapsed: 12, inside: 6 },
    { duration: 18, of: 12, elapsed: 24, inside: 0 },
    { duration: null, of: 1, elapsed: 120, inside: 1 },
    { duration: null, of: 12, elapsed: 120, inside: 12 },
  ])(
    "a $of-month invoice $elapsed months in, duration $duration -> $inside/$of",
    ({ duration, of, elapsed, inside }) => {
      expect(
        recurringCommissionMonths({
          durationMonths: duration,
          elapsedMonths: elapsed,
          invoiceMonths: of,
        }),
      ).toEqual({ inside, of });
    },
  );

  test.each([
    // amount, rate, inside/of -> commission (fee and artist as usual)
    { amount: 500, bps: 2000, inside: 1, of: 1, commission: 100, fee: 50, artist: 350 },
    { amount: 500, bps: 2000, inside: 0, of: 1, commission: 0, fee: 50, artist: 450 },
    { amount: 5000, bps: 2000, inside: 3, of: 12, commission: 250, fee: 500, artist: 4250 },
    { amount: 4999, bps: 2000, inside: 3, of: 12, commission: 250, fee: 500, artist: 4249 }, // 249.95 -> 250
    { amount: 4990, bps: 2000, inside: 3, of: 12, commission: 250, fee: 499, artist: 4241 }, // 249.5 -> 250
    { amount: 4989, bps: 2000, inside: 3, of: 12, commission: 249, fee: 499, artist: 4241 }, // 249.45 -> 249
    { amount: 5000, bps: 2000, inside: 12, of: 12, commission: 1000, fee: 500, artist: 3500 },
    { amount: 5000, bps: 2000, inside: 0, of: 12, commission: 0, fee: 500, artist: 4500 },
  ])(
    "$amount cents at $bps bps earning $inside/$of -> commission $commission",
    ({ amount, bps, inside, of, commission, fee, artist }) => {
      const s = splitSaleAmount({
        amountCents: amount,
        commissionBps: bps,
        attributed: true,
        commissionMonths: { inside, of },
      });
      expect(s).toMatchObject({
        commissionCents: commission,
        platformFeeCents: fee,
        artistCents: artist,
      });
      expect(s.platformFeeCents + s.commissionCents + s.artistCents).toBe(amount);
    },
  );

  test("a whole invoice's months earn exactly the plain rate, for every amount 0-5000 cents", () => {
    for (let amount = 0; amount <= 5000; amount++)
      for (const of of [1, 12])
        expect(
          splitSaleAmount({
            amountCents: amount,
            commissionBps: 2500,
            attributed: true,
            commissionMonths: { inside: of, of },
          }),
        ).toEqual(splitSaleAmount({ amountCents: amount, commissionBps: 2500, attributed: true }));
  });

  test("refuses months outside 0 <= inside <= of", () => {
    const split = (inside: number, of: number) =>
      splitSaleAmount({
        amountCents: 100,
        commissionBps: 2000,
        attributed: true,
        commissionMonths: { inside, of },
      });
    expect(() => split(13, 12)).toThrow(/Commission months/);
    expect(() => split(-1, 12)).toThrow(/Commission months/);
    expect(() => split(0, 0)).toThrow(/Commission months/);
    expect(() =>
      recurringCommissionMonths({ durationMonths: 0, elapsedMonths: 0, invoiceMonths: 1 }),
    ).toThrow(RangeError);
    expect(() =>
      recurringCommissionMonths({ durationMonths: 3, elapsedMonths: -1, invoiceMonths: 1 }),
    ).toThrow(RangeError);
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
