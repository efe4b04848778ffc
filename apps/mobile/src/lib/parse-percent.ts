/**
 * A percentage as typed ("10", "12.5", "7,25", "10 %") in basis points, exactly (no floating
 * point): the typed number × 100, at most 2 decimals. 12.5 % -> 1250.
 * @returns null when the text is not a non-negative number with at most 3 digits before the
 *   point and 2 after it.
 */
export function parsePercentToBps(typed: string): number | null {
  const m = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(typed);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** Basis points as the number to put back in a percent field: 1250 -> "12.5". */
export function bpsToPercentText(bps: number): string {
  return String(bps / 100);
}
