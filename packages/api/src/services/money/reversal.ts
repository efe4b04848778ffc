export type SaleShares = {
  amountCents: number;
  platformFeeCents: number;
  artistCents: number;
  commissionCents: number;
};

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
