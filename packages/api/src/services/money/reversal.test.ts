import { describe, expect, test } from "vitest";

import { splitSaleAmount } from "@fanfare/validators";

import { reverseShares, sharesOfSale } from "./shares";

const sale = (amount: number, bps: number) =>
  splitSaleAmount({ amountCents: amount, commissionBps: bps, attributed: true });

/** `reverseShares` on an attributed sale's recorded list (fee, artist, commission), by name. */
function reversedShares(split: ReturnType<typeof sale>, reversedCents: number) {
  const shares = sharesOfSale({ ...split, artistId: "a1", promoterId: "p1" });
  const [platformFeeCents, artistCents, commissionCents] = reverseShares(
    shares,
    split.amountCents,
    reversedCents,
  ) as [number, number, number];
  return { platformFeeCents, artistCents, commissionCents };
}

describe("the reversal rule on a sale's three shares (reverseShares)", () => {
  test.each([
    // sale 999 cents at 2500 bps: fee 100, commission 250, artist 649
    { amount: 999, bps: 2500, reversed: 0, fee: 0, commission: 0, artist: 0 },
    { amount: 999, bps: 2500, reversed: 999, fee: 100, commission: 250, artist: 649 },
    { amount: 999, bps: 2500, reversed: 500, fee: 50, commission: 125, artist: 325 }, // 50.05 -> 50, 125.13 -> 125
    { amount: 999, bps: 2500, reversed: 1, fee: 0, commission: 0, artist: 1 },
    { amount: 999, bps: 2500, reversed: 998, fee: 100, commission: 250, artist: 648 },
    // sale 1000 cents at 2000 bps: fee 100, commission 200, artist 700
    { amount: 1000, bps: 2000, reversed: 250, fee: 25, commission: 50, artist: 175 },
    { amount: 1000, bps: 2000, reversed: 5, fee: 1, commission: 1, artist: 3 }, // 0.5 -> 1, 1.0 -> 1
    // sale 100 cents at 5000 bps: fee 10, commission 50, artist 40
    { amount: 100, bps: 5000, reversed: 1, fee: 0, commission: 1, artist: 0 }, // 0.1 -> 0, 0.5 -> 1
  ])(
    "$reversed of $amount cents at $bps bps takes back fee $fee, commission $commission, artist $artist",
    ({ amount, bps, reversed, fee, commission, artist }) => {
      expect(reversedShares(sale(amount, bps), reversed)).toEqual({
        platformFeeCents: fee,
        commissionCents: commission,
        artistCents: artist,
      });
    },
  );

  test("parts sum to the reversal, stay within each share and never shrink as the reversal grows", () => {
    for (const [amount, bps] of [
      [999, 2500],
      [50, 5000],
      [1234, 1750],
      [100_000, 3333],
      [73, 1000],
    ] as const) {
      const s = sale(amount, bps);
      let prev = { platformFeeCents: 0, commissionCents: 0, artistCents: 0 };
      for (let r = 0; r <= amount; r++) {
        const p = reversedShares(s, r);
        expect(p.platformFeeCents + p.commissionCents + p.artistCents).toBe(r);
        expect(p.platformFeeCents).toBeLessThanOrEqual(s.platformFeeCents);
        expect(p.commissionCents).toBeLessThanOrEqual(s.commissionCents);
        expect(p.artistCents).toBeLessThanOrEqual(s.artistCents);
        expect(
          Math.min(p.platformFeeCents, p.commissionCents, p.artistCents),
        ).toBeGreaterThanOrEqual(0);
        if (amount <= 1234) {
          expect(p.platformFeeCents + 1).toBeGreaterThanOrEqual(prev.platformFeeCents);
          expect(p.commissionCents + 1).toBeGreaterThanOrEqual(prev.commissionCents);
        }
        prev = p;
      }
    }
  });

  test("two partial refunds reverse exactly what one refund of the same total does", () => {
    const s = sale(999, 2500);
    // Computed on the cumulative amount, so the order and split of refunds does not matter.
    expect(reversedShares(s, 300 + 200)).toEqual(reversedShares(s, 500));
  });

  test("refuses a reversal outside 0..amount", () => {
    expect(() => reversedShares(sale(999, 2500), 1000)).toThrow(RangeError);
    expect(() => reversedShares(sale(999, 2500), -1)).toThrow(RangeError);
  });
});
