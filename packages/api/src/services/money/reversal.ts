export type SaleShares = {
  amountCents: number;
  platformFeeCents: number;
  artistCents: number;
  commissionCents: number;
};

/**
 * How much of each share a reversal (refunds plus lost or open disputes) takes back.
 *
 * Rule: the reversed part of the platform fee and of the commission are each the share × the
 * reversed amount ÷ the sale amount, rounded half up to the cent, computed on the CUMULATIVE
 * reversed amount (never on one refund alone), so successive partial refunds can never drift
 * from a single refund of the same total; the artist's part is the exact remainder, clamped to
 * the artist's share. A full reversal takes back exactly every share.
 *
 * @param reversedCents cumulative reversed amount, 0 ≤ reversedCents ≤ amountCents.
 * @throws RangeError when reversedCents is outside [0, amountCents].
 */
export function reversedShares(
  sale: SaleShares,
  reversedCents: number,
): { platformFeeCents: number; artistCents: number; commissionCents: number } {
  const { amountCents } = sale;
  if (!Number.isSafeInteger(reversedCents) || reversedCents < 0 || reversedCents > amountCents) {
    throw new RangeError(
      `Reversed amount ${reversedCents} cents is outside 0..${amountCents} cents.`,
    );
  }
  if (reversedCents === 0 || amountCents === 0)
    return { platformFeeCents: 0, artistCents: 0, commissionCents: 0 };
  if (reversedCents === amountCents)
    return {
      platformFeeCents: sale.platformFeeCents,
      artistCents: sale.artistCents,
      commissionCents: sale.commissionCents,
    };
  // share × reversed ÷ amount, rounded half up, in exact integer arithmetic.
  const prop = (share: number) =>
    Math.floor((share * reversedCents * 2 + amountCents) / (2 * amountCents));
  let platformFeeCents = prop(sale.platformFeeCents);
  let commissionCents = prop(sale.commissionCents);
  const artistCents = Math.max(
    0,
    Math.min(sale.artistCents, reversedCents - platformFeeCents - commissionCents),
  );
  // At a 1-cent rounding edge the artist's remainder is clamped; the fee, then the commission,
  // absorb the difference within their own shares, so the parts always sum to the reversal.
  let rest = reversedCents - platformFeeCents - commissionCents - artistCents;
  const feeRoom = rest > 0 ? sale.platformFeeCents - platformFeeCents : -platformFeeCents;
  const toFee = rest > 0 ? Math.min(rest, feeRoom) : Math.max(rest, feeRoom);
  platformFeeCents += toFee;
  rest -= toFee;
  commissionCents += rest;
  return { platformFeeCents, artistCents, commissionCents };
}
