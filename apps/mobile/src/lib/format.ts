/** Display formatting (UI edge only). Money formatting is `formatCents` from @fanfare/validators. */

const dayFormat = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});
const dateFormat = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
});

/** "2026-11-03" (a UTC day from the API) -> "Nov 3". */
export function formatDay(isoDay: string): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDay : dayFormat.format(d);
}

/** A moment in the device's time zone -> "Nov 3, 2026". */
export function formatDate(date: Date): string {
  return dateFormat.format(date);
}

/** 1 -> "1 sale", 3 -> "3 sales". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
