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

/** A JSON state of the audit log in one line ("status: ACTIVE, reason: …"); "—" when none. */
export function formatAuditState(v: unknown): string {
  if (v == null) return "—";
  if (typeof v !== "object") return String(v);
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}: ${typeof x === "object" ? JSON.stringify(x) : String(x)}`)
    .join(", ");
}
