/* Amounts typed in forms: dollars and percentages with up to two decimals. */

/**
 * A typed number with up to 7 digits and 2 decimals, an optional leading `$`, × 100 as an exact
 * integer: percent → basis points ("2.5" → 250), dollars → cents ("$12.4" → 1240). Null when the
 * text is not such a number.
 */
export function parseHundredths(text: string): number | null {
  const m = /^\$?(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : null;
}

/** Cents or basis points as typed back: "5", "2.5", "12.40" (integer arithmetic). */
export function formatHundredths(n: number): string {
  const frac = n % 100;
  if (frac === 0) return String(n / 100);
  return `${Math.floor(n / 100)}.${String(frac).padStart(2, "0").replace(/0$/, "")}`;
}
