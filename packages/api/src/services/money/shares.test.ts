import { describe, expect, test } from "vitest";

import { splitSaleAmount } from "@fanfare/validators";

import type { SaleShare } from "./shares";
import {
  describeMovement,
  desiredPosition,
  movementKind,
  netByPayee,
  reverseShares,
  shareRows,
  sharesFromRows,
  sharesOfSale,
  sharesAsSettled,
  totalsDelta,
} from "./shares";

const shares3 = (amount: number, bps: number, promoterId: string | null = "p1") => {
  const split = splitSaleAmount({
    amountCents: amount,
    commissionBps: bps,
    attributed: !!promoterId,
  });
  return { split, shares: sharesOfSale({ ...split, artistId: "a1", promoterId }) };
};

/**
 * The reversal rule as settlement applied it before the list of shares (fee and commission
 * proportional, the artist the clamped remainder, the fee then the commission absorbing), kept
 * here as the reference the list version must reproduce exactly.
 */
function threeShareRule(
  s: {
    amountCents: number;
    platformFeeCents: number;
    artistCents: number;
    commissionCents: number;
  },
  t: number,
) {
  const a = s.amountCents;
  if (t === 0 || a === 0) return [0, 0, 0];
  if (t === a) return [s.platformFeeCents, s.artistCents, s.commissionCents];
  const prop = (x: number) => Math.floor((x * t * 2 + a) / (2 * a));
  let f = prop(s.platformFeeCents);
  const c0 = prop(s.commissionCents);
  const r = Math.max(0, Math.min(s.artistCents, t - f - c0));
  let rest = t - f - c0 - r;
  const room = rest > 0 ? s.platformFeeCents - f : -f;
  const toFee = rest > 0 ? Math.min(rest, room) : Math.max(rest, room);
  f += toFee;
  rest -= toFee;
  return [f, r, c0 + rest];
}

describe("sharesOfSale", () => {
  test("fee, artist (the residual share), then the commission only when a promoter is attributed", () => {
    expect(shares3(1000, 2000).shares).toEqual([
      { kind: "PLATFORM_FEE", payee: "platform", cents: 100 },
      { kind: "ARTIST", payee: "artist", ownerId: "a1", cents: 700, residual: true },
      { kind: "COMMISSION", payee: "promoter", ownerId: "p1", cents: 200 },
    ]);
    expect(shares3(1000, 2000, null).shares.map((s) => [s.kind, s.cents])).toEqual([
      ["PLATFORM_FEE", 100],
      ["ARTIST", 900],
    ]);
  });
});

describe("the recruiter's share (issue 14 §6)", () => {
  const split = splitSaleAmount({
    amountCents: 1000,
    commissionBps: 2500,
    attributed: true,
    recruiterShareBps: 500,
  });
  const shares = sharesOfSale({ ...split, artistId: "a1", promoterId: "p1", recruiterId: "r1" });

  test("is a fourth share paying the recruiter, after the commission, from the fee", () => {
    expect(shares).toEqual([
      { kind: "PLATFORM_FEE", payee: "platform", cents: 87 },
      { kind: "ARTIST", payee: "artist", ownerId: "a1", cents: 650, residual: true },
      { kind: "COMMISSION", payee: "promoter", ownerId: "p1", cents: 250 },
      { kind: "RECRUITER", payee: "promoter", ownerId: "r1", cents: 13 },
    ]);
    // None without a recruiter, or when the fee had nothing left for it.
    expect(sharesOfSale({ ...split, artistId: "a1", promoterId: "p1" })).toHaveLength(3);
    expect(
      sharesOfSale({
        ...split,
        recruiterCents: 0,
        artistId: "a1",
        promoterId: "p1",
        recruiterId: "r1",
      }),
    ).toHaveLength(3);
  });

  test("is reversed in proportion with the rest", () => {
    // Each share half up (43.5 → 44, 6.5 → 7); the artist the remainder.
    expect(reverseShares(shares, 1000, 500)).toEqual([44, 324, 125, 7]);
    expect(netByPayee(shares, 1000, 1000)).toEqual({
      platform: 0,
      artist: 0,
      promoter: 0,
      recruiter: 0,
      label: 0,
    });
  });

  test("goes back to the platform when the commission is rejected; the commission to the artist", () => {
    expect(sharesAsSettled(shares, { commissionRejected: true, artistId: "a1" })).toEqual([
      { kind: "PLATFORM_FEE", payee: "platform", cents: 87 },
      { kind: "ARTIST", payee: "artist", ownerId: "a1", cents: 650, residual: true },
      { kind: "COMMISSION", payee: "artist", ownerId: "a1", cents: 250 },
      { kind: "RECRUITER", payee: "platform", cents: 13 },
    ]);
  });

  test("never counts in the link's or promoter's commission totals", () => {
    const back = reverseShares(shares, 1000, 0);
    const delta = totalsDelta({
      shares,
      amountCents: 1000,
      now: { reversedCents: 0, back },
      before: null,
    });
    expect(delta).toEqual({
      sales: 1,
      gross: 1000,
      artist: 650,
      commission: 250,
      promoterSales: 1,
    });
  });
});

describe("recorded shares (SaleShare rows)", () => {
  test("rows keep the list's order, kinds, owners and the residual share, and read back equal", () => {
    const { shares } = shares3(999, 2500);
    const rows = shareRows(shares);
    expect(rows).toEqual([
      {
        position: 0,
        kind: "PLATFORM_FEE",
        payee: "platform",
        ownerId: null,
        amountCents: 100,
        residual: false,
      },
      {
        position: 1,
        kind: "ARTIST",
        payee: "artist",
        ownerId: "a1",
        amountCents: 649,
        residual: true,
      },
      {
        position: 2,
        kind: "COMMISSION",
        payee: "promoter",
        ownerId: "p1",
        amountCents: 250,
        residual: false,
      },
    ]);
    // Read back in position order whatever order the database returns them in.
    expect(sharesFromRows("s1", [...rows].reverse())).toEqual(shares);
  });

  test("a sale with no recorded shares is an error, never an empty split", () => {
    expect(() => sharesFromRows("s1", [])).toThrow("Sale s1 has no recorded shares.");
  });

  test("netByPayee: each payee's shares net of the reversal, summing to what is left", () => {
    const { shares } = shares3(999, 2500);
    expect(netByPayee(shares, 999, 0)).toEqual({
      platform: 100,
      artist: 649,
      promoter: 250,
      recruiter: 0,
      label: 0,
    });
    expect(netByPayee(shares, 999, 500)).toEqual({
      platform: 50,
      artist: 324,
      promoter: 125,
      recruiter: 0,
      label: 0,
    });
    expect(netByPayee(shares, 999, 999)).toEqual({
      platform: 0,
      artist: 0,
      promoter: 0,
      recruiter: 0,
      label: 0,
    });
    const two: SaleShare[] = [
      ...shares,
      { kind: "COMMISSION", payee: "promoter", ownerId: "p2", cents: 0 },
    ];
    const net = netByPayee(two, 999, 333);
    expect(net.platform + net.artist + net.promoter).toBe(999 - 333);
  });
});

describe("reverseShares", () => {
  test("reproduces the three-share rule exactly for every reversal of many sales", () => {
    for (const amount of [1, 2, 7, 50, 73, 99, 100, 101, 333, 999, 1234])
      for (const bps of [0, 1000, 1750, 2500, 3333, 5000])
        for (const promoter of ["p1", null]) {
          const { split, shares } = shares3(amount, bps, promoter);
          for (let t = 0; t <= amount; t++) {
            const back = reverseShares(shares, amount, t);
            const [f, r, c] = threeShareRule(split, t);
            expect(back).toEqual(promoter ? [f, r, c] : [f, r]);
          }
        }
  });

  test("a list of four shares: parts sum to the reversal, each within its share", () => {
    // A hypothetical fourth share (a second promoter's slice) taken from the platform fee.
    const shares: SaleShare[] = [
      { kind: "PLATFORM_FEE", payee: "platform", cents: 70 },
      { kind: "ARTIST", payee: "artist", ownerId: "a1", cents: 597, residual: true },
      { kind: "COMMISSION", payee: "promoter", ownerId: "p1", cents: 300 },
      { kind: "COMMISSION", payee: "promoter", ownerId: "p2", cents: 32 },
    ];
    for (let t = 0; t <= 999; t++) {
      const back = reverseShares(shares, 999, t);
      expect(back.reduce((x, y) => x + y, 0)).toBe(t);
      back.forEach((b, i) => {
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(shares[i]!.cents);
      });
    }
    expect(reverseShares(shares, 999, 999)).toEqual([70, 597, 300, 32]);
  });

  test("refuses a reversal outside 0..amount, shares that do not sum to the amount, and a list without one residual share", () => {
    const { shares } = shares3(999, 2500);
    expect(() => reverseShares(shares, 999, 1000)).toThrow(RangeError);
    expect(() => reverseShares(shares, 999, -1)).toThrow(RangeError);
    expect(() => reverseShares(shares, 1000, 10)).toThrow(/sum to 999 cents, not the amount 1000/);
    expect(() =>
      reverseShares(
        shares.map((s) => ({ ...s, residual: false })),
        999,
        10,
      ),
    ).toThrow(/exactly one residual share/);
    expect(() =>
      reverseShares(
        shares.map((s) => ({ ...s, residual: true })),
        999,
        10,
      ),
    ).toThrow(/exactly one residual share/);
  });
});

describe("desiredPosition", () => {
  test("inside the holding period: net shares pending, payable accounts at zero, clearing owes the rest", () => {
    const { shares } = shares3(999, 2500);
    const back = reverseShares(shares, 999, 500);
    const position = desiredPosition({
      shares,
      back,
      amountCents: 999,
      reversedCents: 500,
      released: false,
    });
    expect(Object.fromEntries([...position].map(([id, l]) => [id, l.cents]))).toEqual({
      BUYER_CLEARING: -499,
      PLATFORM_REVENUE: 50,
      "ARTIST_PENDING:a1": 324,
      "ARTIST_BALANCE:a1": 0,
      "PROMOTER_PENDING:p1": 125,
      "PROMOTER_BALANCE:p1": 0,
    });
    expect([...position.values()].reduce((t, l) => t + l.cents, 0)).toBe(0);
  });

  test("released: the payees' money is payable; two shares to one promoter add up; no promoter accounts without a promoter", () => {
    const shares: SaleShare[] = [
      { kind: "PLATFORM_FEE", payee: "platform", cents: 60 },
      { kind: "ARTIST", payee: "artist", ownerId: "a1", cents: 700, residual: true },
      { kind: "COMMISSION", payee: "promoter", ownerId: "p1", cents: 200 },
      { kind: "COMMISSION", payee: "promoter", ownerId: "p1", cents: 40 },
    ];
    const position = desiredPosition({
      shares,
      back: [0, 0, 0, 0],
      amountCents: 1000,
      reversedCents: 0,
      released: true,
    });
    expect(position.get("PROMOTER_BALANCE:p1")).toEqual({
      type: "PROMOTER_BALANCE",
      ownerId: "p1",
      cents: 240,
    });
    expect(position.get("PROMOTER_PENDING:p1")?.cents).toBe(0);
    expect(position.get("ARTIST_BALANCE:a1")?.cents).toBe(700);
    const direct = shares3(1000, 2000, null).shares;
    expect([
      ...desiredPosition({
        shares: direct,
        back: [0, 0],
        amountCents: 1000,
        reversedCents: 0,
        released: true,
      }).keys(),
    ]).toEqual(["BUYER_CLEARING", "PLATFORM_REVENUE", "ARTIST_BALANCE:a1", "ARTIST_PENDING:a1"]);
  });
});

describe("movementKind and describeMovement", () => {
  const base = {
    firstPosting: false,
    reversedCents: 0,
    previousReversedCents: 0,
    commissionPaid: false,
    disputedCents: 0,
    previousDisputedCents: 0,
  };
  test.each([
    [{ firstPosting: true }, "SALE"],
    [{}, "RELEASE"],
    [{ reversedCents: 300 }, "REFUND"],
    [{ reversedCents: 300, disputedCents: 300 }, "DISPUTE"],
    [{ reversedCents: 300, commissionPaid: true }, "CLAWBACK"],
    [{ reversedCents: 300, disputedCents: 300, commissionPaid: true }, "CLAWBACK"],
    [{ previousReversedCents: 300, previousDisputedCents: 300 }, "DISPUTE_WON"],
  ] as const)("%o is a %s", (patch, kind) => {
    expect(movementKind({ ...base, ...patch })).toBe(kind);
  });

  test("descriptions name the track and the money in words", () => {
    const sale = { id: "s1", title: "Night Drive", amountCents: 999, currency: "usd" };
    expect(describeMovement("SALE", sale, 0, 0)).toBe('Sale of "Night Drive" (s1)');
    expect(describeMovement("RELEASE", sale, 0, 0)).toBe(
      "Holding period over for sale s1: now payable",
    );
    expect(describeMovement("REFUND", sale, 500, 200)).toBe(
      "Refund of $3.00 on sale s1 ($9.99): each share reversed in proportion",
    );
    expect(describeMovement("CLAWBACK", sale, 999, 0)).toBe(
      "Clawback: after payout, Refund of $9.99 on sale s1 ($9.99): each share reversed in proportion",
    );
    expect(describeMovement("DISPUTE_WON", sale, 0, 999)).toBe(
      "Dispute won on sale s1: $9.99 returned",
    );
  });
});

describe("totalsDelta", () => {
  const { shares } = shares3(999, 2500);
  const at = (t: number) => ({ reversedCents: t, back: reverseShares(shares, 999, t) });
  test("the first posting adds the sale; a partial refund removes the reversed parts; a full one the sale", () => {
    expect(totalsDelta({ shares, amountCents: 999, now: at(0), before: null })).toEqual({
      sales: 1,
      gross: 999,
      artist: 649,
      commission: 250,
      promoterSales: 1,
    });
    expect(totalsDelta({ shares, amountCents: 999, now: at(500), before: at(0) })).toEqual({
      sales: 0,
      gross: -500,
      artist: -325,
      commission: -125,
      promoterSales: 0,
    });
    expect(totalsDelta({ shares, amountCents: 999, now: at(999), before: at(500) })).toEqual({
      sales: -1,
      gross: -499,
      artist: -324,
      commission: -125,
      promoterSales: -1,
    });
    expect(totalsDelta({ shares, amountCents: 999, now: at(0), before: at(999) })).toEqual({
      sales: 1,
      gross: 999,
      artist: 649,
      commission: 250,
      promoterSales: 1,
    });
    expect(totalsDelta({ shares, amountCents: 999, now: at(500), before: at(500) })).toEqual({
      sales: 0,
      gross: 0,
      artist: 0,
      commission: 0,
      promoterSales: 0,
    });
  });
  test("a rejected commission moves the promoter's net share to the artist and the sale off the promoter's count", () => {
    const rejected = sharesAsSettled(shares, { commissionRejected: true, artistId: "a1" });
    expect(rejected.filter((s) => s.payee === "promoter")).toEqual([]);
    expect(
      totalsDelta({
        shares,
        amountCents: 999,
        now: { ...at(500), shares: rejected },
        before: { ...at(500), shares },
      }),
    ).toEqual({ sales: 0, gross: 0, artist: 125, commission: -125, promoterSales: -1 });
    // Not rejected: the list is returned as is.
    expect(sharesAsSettled(shares, { commissionRejected: false, artistId: "a1" })).toBe(shares);
  });
  test("a first posting that is already partly refunded adds only what is left", () => {
    expect(totalsDelta({ shares, amountCents: 999, now: at(500), before: null })).toEqual({
      sales: 1,
      gross: 499,
      artist: 324,
      commission: 125,
      promoterSales: 1,
    });
  });
});
