/**
 * Formatting at the edge: emails receive integer cents and UTC instants and turn them into
 * words here, with `Intl`, so no caller formats money or dates for a message.
 */

const moneyFormatters = new Map<string, Intl.NumberFormat>();

/**
 * Formats an integer amount of a currency's minor unit, e.g. (1299, "usd") -> "$12.99" and
 * (500, "jpy") -> "¥500": the divisor comes from the currency's own fraction digits (ISO 4217,
 * as Intl knows them), not from an assumed 100.
 * @throws RangeError when `amountCents` is not a safe integer or the currency code is unknown.
 */
export function formatMoney(amountCents: number, currency: string, locale = "en-US"): string {
  if (!Number.isSafeInteger(amountCents))
    throw new RangeError(`${amountCents} is not an integer number of cents.`);
  const key = `${locale}:${currency.toUpperCase()}`;
  let f = moneyFormatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() });
    moneyFormatters.set(key, f);
  }
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(amountCents / 10 ** digits);
}

const dateFormatter = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" });
const dateTimeFormatter = new Intl.DateTimeFormat("en-US", {
  dateStyle: "long",
  timeStyle: "short",
  timeZone: "UTC",
});

/** "December 12, 2026" (the UTC calendar day). */
/** Basis points as a percentage: 2500 -> "25%", 1250 -> "12.5%". */
export function formatPercentBps(bps: number): string {
  return `${(bps / 100).toLocaleString("en-US", { maximumFractionDigits: 2 })}%`;
}

export function formatDate(at: Date): string {
  return dateFormatter.format(at);
}

/** "December 12, 2026 at 3:04 PM UTC". */
export function formatDateTime(at: Date): string {
  return `${dateTimeFormatter.format(at)} UTC`;
}

/** An absolute link on the app: `path` (which starts with one "/") resolved against `appUrl`. */
export function appLink(appUrl: string, path: string): string {
  return new URL(path, appUrl).toString();
}
