import { z } from "zod";

/**
 * Building blocks of the templates' props schemas. Props travel as JSON through the outbox
 * (`EmailOutbox.props`), so dates arrive as ISO strings and are turned back into Dates here.
 */

/** The app's public origin (APP_URL), which every link in a message is resolved against. */
export const zAppUrl = z.url({
  protocol: /^https?$/,
  error: "appUrl must be an absolute http(s) URL (APP_URL).",
});

/**
 * A path on the app: one leading "/" and not "//" or "/\" (which browsers read as another
 * host), so a link in a message can only point at APP_URL.
 */
export const zAppPath = z
  .string()
  .max(2000)
  .regex(/^\/(?![/\\])[^\s\\]*$/, "must be a path on the app starting with a single '/'");

/** An integer amount in a currency's minor unit (cents). */
export const zCents = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** ISO 4217 code, any case ("usd"). */
export const zCurrency = z.string().regex(/^[A-Za-z]{3}$/, "must be a three-letter currency code");

/** A Date, or its ISO 8601 form as JSON stores it. */
export const zInstant = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((v) => new Date(v));

/**
 * A track's or a person's name as shown in a message. Lenient on purpose: messages are queued
 * inside money transactions, and a name the product accepted must never fail one.
 */
export const zName = z.string().trim().min(1).max(5000);

/** A name that may be missing; "" and whitespace count as missing (greetings fall back to "there"). */
export const zOptionalName = z
  .string()
  .max(5000)
  .nullish()
  .transform((v) => v?.trim() || null);

/** Props every template takes. */
export const zBaseProps = z.object({ appUrl: zAppUrl });

/**
 * The unsubscribe links of a marketing message (issue 14 §8): the page a reader opens from the
 * footer (`/unsubscribe?token=…`, a confirm button: nothing happens on GET) and the one-click
 * endpoint (`/api/unsubscribe?token=…`, RFC 8058: a POST) that the `List-Unsubscribe` header
 * names. A template whose props carry them is marketing mail: `renderEmail` adds the headers and
 * the footer shows the link. Receipts, payouts and security mail never carry them.
 */
export const zUnsubscribeLinks = z.object({
  pagePath: zAppPath.regex(/^\/unsubscribe\?token=[\w.-]+$/, "must be /unsubscribe?token=<token>"),
  oneClickPath: zAppPath.regex(
    /^\/api\/unsubscribe\?token=[\w.-]+$/,
    "must be /api/unsubscribe?token=<token>",
  ),
});
