import type { PostbackPlaceholder } from "@fanfare/validators";
import { POSTBACK_PLACEHOLDERS } from "@fanfare/validators";

/**
 * Network postbacks (issue 15 §3, seed E20: PartnerStack / Impact / ShareASale style): a GET of
 * the endpoint's URL template with its placeholders filled from the event's `data`
 * (`SaleEventData`). The template rules (known placeholders only, never in the host) are
 * `postbackTemplateProblem` in @fanfare/validators, applied when the endpoint is saved.
 */

/** Decimal digits of a currency's minor unit (2 for USD and EUR, 0 for JPY), from ICU. */
function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/**
 * An amount in minor units as decimal major units for a postback: 1234 USD cents → "12.34",
 * 5 → "0.05", -250 → "-2.50", 1234 JPY → "1234". No thousands separator, "." as the decimal
 * point, always the currency's number of decimals. Exact (integer arithmetic, no floats).
 * @throws RangeError when `minorUnits` is not a safe integer.
 */
export function formatMinorUnits(minorUnits: number, currency: string): string {
  if (!Number.isSafeInteger(minorUnits))
    throw new RangeError(`Amount ${minorUnits} is not a whole number of minor units.`);
  const digits = minorDigits(currency.toUpperCase());
  const sign = minorUnits < 0 ? "-" : "";
  const abs = String(Math.abs(minorUnits)).padStart(digits + 1, "0");
  if (digits === 0) return `${sign}${abs}`;
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** The value of each placeholder for an event (unencoded; null or absent become ""). */
export function postbackValues(
  type: string,
  data: Record<string, unknown>,
): Record<PostbackPlaceholder, string> {
  const text = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
  const currency = typeof data.currency === "string" ? data.currency : "usd";
  const money = (v: unknown) =>
    typeof v === "number" && Number.isSafeInteger(v) ? formatMinorUnits(v, currency) : "";
  return {
    click_id: text(data.clickId),
    sale_id: text(data.saleId),
    amount: money(data.amountCents),
    commission: money(data.commissionCents),
    currency: currency.toUpperCase(),
    sub_id: text(data.sourceTag),
    event: type,
  };
}

/**
 * A value made only of dots ("." or ".."): `encodeURIComponent` leaves dots as they are, so in a
 * path it would be a dot segment that the URL parser resolves (WHATWG URL, "single-dot" and
 * "double-dot path segments"; RFC 3986 §5.2.4): a visitor's `click_id` of ".." would turn
 * `/track/{click_id}/conv` into `/conv`. No network issues such ids.
 */
const ONLY_DOTS = /^\.+$/;

/**
 * The postback URL of an event: every `{placeholder}` of `template` replaced by its value from
 * `postbackValues`, URL-encoded (`encodeURIComponent`: a click id of "a&b=c" cannot add a query
 * parameter); a value made only of dots becomes "" so it cannot rewrite the path (`ONLY_DOTS`).
 * Placeholders that are not known are left as they are (the template was checked when saved, so
 * there are none).
 * @example fillPostbackUrl("https://net.example/pb?cid={click_id}&amt={amount}&cur={currency}",
 *   "sale.completed", { clickId: "x 1", amountCents: 1234, currency: "usd" })
 *   → "https://net.example/pb?cid=x%201&amt=12.34&cur=USD"
 */
export function fillPostbackUrl(
  template: string,
  type: string,
  data: Record<string, unknown>,
): string {
  const values = postbackValues(type, data);
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    if (!(POSTBACK_PLACEHOLDERS as readonly string[]).includes(name)) return whole;
    const value = values[name as PostbackPlaceholder];
    return ONLY_DOTS.test(value) ? "" : encodeURIComponent(value);
  });
}
