/** "2025-03-14 09:26" in UTC: the one date-time format of the money tables. */
export function formatUtc(d: Date | string | number): string {
  return new Date(d).toISOString().slice(0, 16).replace("T", " ");
}

/** "2025-03-14" (UTC). */
export function formatUtcDate(d: Date | string | number): string {
  return new Date(d).toISOString().slice(0, 10);
}

/** SCREAMING_SNAKE status or kind -> "Screaming snake" for people. */
export function humanize(code: string): string {
  const s = code.replace(/[._]+/g, " ").toLowerCase().trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "1 sale", "3 sales": a count with its noun, singular for exactly one. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}
