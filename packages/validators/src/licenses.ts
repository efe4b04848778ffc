/**
 * Licences (issue 16 §4): the tiers an artist sells a track under (commercial, sync) beside the
 * personal licence every purchase carries, and the key printed on each licence. The inputs of the
 * `artist` router's tier procedures, `license.verify` and the web's tier form. The limits are the
 * database's CHECKs (`LicenseTier_fields_check`, `License_key_check`, migration `*_licenses`).
 */
import { z } from "zod";

import { formatCents, MIN_PRICE_CENTS, parseDollarsToCents } from "./money";
import { zId, zText } from "./text";

/**
 * The kinds a tier is sold as, and how a person reads every licence kind. The database's lists
 * are LICENSE_TIER_KINDS / LICENSE_KINDS in packages/db/src/kinds.ts (CHECKed).
 */
export const LICENSE_KIND_LABELS = {
  personal: "Personal use",
  commercial: "Commercial",
  sync: "Sync",
} as const;
export type LicenseKindName = keyof typeof LICENSE_KIND_LABELS;
export const LICENSE_TIER_KIND_NAMES = ["commercial", "sync"] as const;
export type LicenseTierKindName = (typeof LICENSE_TIER_KIND_NAMES)[number];

/** Longest tier name and terms text (characters). */
export const MAX_LICENSE_TIER_NAME = 80;
export const MAX_LICENSE_TERMS = 20_000;
/** Highest tier price, cents ($100,000): a sync licence may cost far more than a track. */
export const MAX_LICENSE_PRICE_CENTS = 10_000_000;

/**
 * A licence key as printed: `FF-` and four groups of four Crockford base32 characters (0-9 and
 * A-Z without I, L, O, U), e.g. `FF-7K2M-Q9TZ-0B4D-XR8H`.
 */
export const LICENSE_KEY_PATTERN = /^FF(-[0-9A-HJKMNP-TV-Z]{4}){4}$/;

/**
 * A key as a person may type it (spaces around, lower case) made canonical, or null when it cannot
 * be one: callers answer "not found" without reading the database.
 */
export function normaliseLicenseKey(text: string): string | null {
  const key = text.trim().toUpperCase();
  return LICENSE_KEY_PATTERN.test(key) ? key : null;
}

const ZLicenseTierKind = z.enum(LICENSE_TIER_KIND_NAMES, {
  error: () => "Licence kind must be commercial or sync.",
});

const tierPrice = z
  .number({
    error: (iss) =>
      iss.input === undefined ? "Price is required." : "Price must be a number of cents.",
  })
  .int("Price must be a whole number of cents.")
  .min(MIN_PRICE_CENTS, `Price must be at least ${MIN_PRICE_CENTS} cents ($0.50).`)
  .max(
    MAX_LICENSE_PRICE_CENTS,
    `Price must be at most ${MAX_LICENSE_PRICE_CENTS} cents (${formatCents(MAX_LICENSE_PRICE_CENTS)}).`,
  );

const tierName = zText("Name")
  .trim()
  .min(1, "Name is required.")
  .max(MAX_LICENSE_TIER_NAME, `Name must be at most ${MAX_LICENSE_TIER_NAME} characters.`);

const tierTerms = zText("Terms", { multiline: true })
  .trim()
  .min(1, "Terms are required: say what the buyer may do.")
  .max(MAX_LICENSE_TERMS, `Terms must be at most ${MAX_LICENSE_TERMS} characters.`);

/** `artist.saveLicenseTier`: creates or changes the track's tier of `kind` (one per kind). */
export const ZSaveLicenseTierInput = z.object({
  trackId: zId("Track id"),
  kind: ZLicenseTierKind,
  name: tierName,
  priceCents: tierPrice,
  terms: tierTerms,
});
export type SaveLicenseTierInput = z.input<typeof ZSaveLicenseTierInput>;

/** `artist.retireLicenseTier`: stops offering the track's tier of `kind` (its licences stay). */
export const ZRetireLicenseTierInput = z.object({
  trackId: zId("Track id"),
  kind: ZLicenseTierKind,
});

/** `license.verify`: a key, checked for its shape before any database read. */
export const ZVerifyLicenseInput = z.object({
  key: zText("Licence key")
    .trim()
    .max(40, "Licence key is too long.")
    .transform((v, ctx) => {
      const key = normaliseLicenseKey(v);
      if (!key) {
        ctx.addIssue({
          code: "custom",
          message: "Licence key must look like FF-XXXX-XXXX-XXXX-XXXX.",
        });
        return z.NEVER;
      }
      return key;
    }),
});

/**
 * The web's tier form: the price typed in dollars. Output: `ZSaveLicenseTierInput` without
 * `trackId` and `kind` (the form adds them).
 */
export const licenseTierFormSchema = z
  .object({ name: tierName, price: z.string(), terms: tierTerms })
  .transform((v, ctx) => {
    const c = parseDollarsToCents(v.price);
    if (c == null || c < MIN_PRICE_CENTS || c > MAX_LICENSE_PRICE_CENTS) {
      ctx.addIssue({
        code: "custom",
        path: ["price"],
        message:
          c == null
            ? "Enter a price like 50 or 49.99."
            : `Price must be between ${formatCents(MIN_PRICE_CENTS)} and ${formatCents(MAX_LICENSE_PRICE_CENTS)}.`,
      });
      return z.NEVER;
    }
    return { name: v.name, priceCents: c, terms: v.terms };
  });
