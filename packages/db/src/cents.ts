/**
 * A money amount read from the database as integer cents in a JS number.
 *
 * Balances, ledger entries, payouts and denormalised totals are BIGINT columns (migration
 * `bigint_money`), which Prisma and raw queries return as `bigint`; SQL sums over them come back
 * as `bigint` (after `::bigint`) or as a numeric string. Services, JSON and the API keep
 * integer-cent numbers, so every such read goes through here.
 *
 * @param value a bigint, a number, or a decimal integer string (SQL numeric), in cents.
 * @returns the same amount as a number of cents.
 * @throws RangeError when the value is not an integer or lies beyond ±(2^53 − 1) cents
 *   (Number.MAX_SAFE_INTEGER, about $90 trillion), where a number would lose cents.
 */
export function cents(value: bigint | number | string): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isSafeInteger(n) || (typeof value === "bigint" && BigInt(n) !== value))
    throw new RangeError(`${String(value)} cents is not a safe integer amount (limit 2^53 - 1).`);
  return n;
}

/** `cents(value)`, or null for a null or undefined value (a LEFT JOIN with no row). */
export function centsOrNull(value: bigint | number | string | null | undefined): number | null {
  return value == null ? null : cents(value);
}
