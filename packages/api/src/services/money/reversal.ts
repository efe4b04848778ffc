import { reverseShares } from "./shares";

export type SaleShares = {
  amountCents: number;
  platformFeeCents: number;
  artistCents: number;
  commissionCents: number;
};

/**
 * How much of each of a sale's three shares (platform fee, artist, commission) a reversal takes
 * back: `reverseShares` (shares.ts) on the list `sharesOfSale` gives, as named amounts.
 *
 * Rule: the reversed part of the platform fee and of the commission are each the share × the
 * reversed amount ÷ the sale amount, rounded half up to the cent, computed on the CUMULATIVE
 * reversed amount (never on one refund alone), so successive partial refunds can never drift
 * from a single refund of the same total; the artist's part is the exact remainder, clamped to
 * the artist's share (the fee, then the commission, absorb a 1-cent clamp). A full reversal takes
 * back exactly every share.
 *
 * @param reversedCents cumulative reversed amount, 0 ≤ reversedCents ≤ amountCents.
 * @throws RangeError when reversedCents is outside [0, amountCents].
 */
export function reversedShares(
  sale: SaleShares,
  reversedCents: number,
): { platformFeeCents: number; artistCents: number; commissionCents: number } {
  const [platformFeeCents, artistCents, commissionCents] = reverseShares(
    [
      { kind: "PLATFORM_FEE", payee: "platform", cents: sale.platformFeeCents },
      { kind: "ARTIST", payee: "artist", cents: sale.artistCents, residual: true },
      { kind: "COMMISSION", payee: "promoter", cents: sale.commissionCents },
    ],
    sale.amountCents,
    reversedCents,
  ) as [number, number, number];
  return { platformFeeCents, artistCents, commissionCents };
}

/**
 * A sale's money as listings show it (the artist's sales, the admin's): the amount, each share
 * at the sale, and what refunds and disputes took back, all in integer cents, with the currency.
 */
export function saleAmounts(
  s: SaleShares & {
    refundedCents: number;
    disputedCents: number;
    reversedCents: number;
    currency: string;
  },
) {
  return {
    amountCents: s.amountCents,
    platformFeeCents: s.platformFeeCents,
    artistCents: s.artistCents,
    commissionCents: s.commissionCents,
    refundedCents: s.refundedCents,
    disputedCents: s.disputedCents,
    reversedCents: s.reversedCents,
    currency: s.currency,
  };
}
