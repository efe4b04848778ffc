/**
 * Input schemas shared by the API, the web app and the mobile app. Messages are written for the
 * person filling in the form: they say what is wrong and what is accepted.
 */
import { z } from "zod";

import { MAX_COMMISSION_BPS, MAX_PRICE_CENTS, MIN_COMMISSION_BPS, MIN_PRICE_CENTS } from "./money";
import type { TextRuleOptions } from "./text";
import { zId, zText } from "./text";

const centsField = (label: string) =>
  z
    .number({
      error: (iss) =>
        iss.input === undefined ? `${label} is required.` : `${label} must be a number of cents.`,
    })
    .int(`${label} must be a whole number of cents.`)
    .min(
      MIN_PRICE_CENTS,
      `${label} must be at least ${MIN_PRICE_CENTS} cents ($0.50, Stripe's minimum charge).`,
    )
    .max(MAX_PRICE_CENTS, `${label} must be at most ${MAX_PRICE_CENTS} cents ($1,000).`);

/**
 * Free text a person typed, refusing NUL and other control characters with a message naming
 * `label` (text.ts). Multi-line fields (descriptions, bios) pass `{ multiline: true }` to allow
 * \n, \r and \t.
 */
export const ZText = (label: string, opts: TextRuleOptions = {}) => zText(label, opts);

export const ZEmail = z
  .string({
    error: (iss) => (iss.input === undefined ? "Email is required." : "Email must be text."),
  })
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address.").max(254, "Email is too long."));

export const ZPassword = z
  .string()
  .min(8, "Password must be at least 8 characters.")
  .max(128, "Password must be at most 128 characters.");

export const ZSignUpInput = z.object({
  name: ZText("Name")
    .trim()
    .min(1, "Enter your name.")
    .max(80, "Name must be at most 80 characters."),
  email: ZEmail,
  password: ZPassword,
  /** Also create an artist profile with this public name. */
  artistName: ZText("Artist name")
    .trim()
    .min(1)
    .max(80, "Artist name must be at most 80 characters.")
    .optional(),
});
export type SignUpInput = z.infer<typeof ZSignUpInput>;

// Passwords are never stored or shown, so any character is allowed (argon2 hashes bytes); only
// their length is bounded, so a huge body cannot cost a long hash.
export const ZSignInInput = z.object({
  email: ZEmail,
  password: z.string().min(1, "Enter your password.").max(1024, "Password is too long."),
});

export const ZSlug = z
  .string()
  .min(1, "Slug is required.")
  .max(120, "Slug is too long.")
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    "Slug may contain lowercase letters, digits and single dashes.",
  );

/** An id (1–64 characters, no control characters); `zId("Track id")` names the field. */
export const ZId = zId("Id");

const trackFields = {
  title: ZText("Title")
    .trim()
    .min(1, "Enter a title.")
    .max(120, "Title must be at most 120 characters."),
  description: ZText("Description", { multiline: true })
    .trim()
    .max(2000, "Description must be at most 2000 characters.")
    .default(""),
  genreSlug: ZSlug.optional().nullable(),
  priceCents: centsField("Price"),
  /** Set for pay-what-you-want: the lowest amount a buyer may pay. */
  minPriceCents: centsField("Minimum price").optional().nullable(),
  commissionBps: z
    .number({
      error: (iss) =>
        iss.input === undefined
          ? "Commission rate is required."
          : "Commission rate must be a number of basis points.",
    })
    .int("Commission rate must be a whole number of basis points.")
    .min(MIN_COMMISSION_BPS, `Commission must be at least ${MIN_COMMISSION_BPS / 100}%.`)
    .max(MAX_COMMISSION_BPS, `Commission must be at most ${MAX_COMMISSION_BPS / 100}%.`),
  affiliateEnabled: z.boolean().default(true),
};

const priceRule = <T extends { priceCents?: number; minPriceCents?: number | null }>(
  v: T,
  ctx: z.RefinementCtx,
) => {
  if (v.minPriceCents != null && v.priceCents != null && v.minPriceCents > v.priceCents) {
    ctx.addIssue({
      code: "custom",
      path: ["minPriceCents"],
      message: "Minimum price cannot be above the suggested price.",
    });
  }
};

export const ZCreateTrackInput = z
  .object({
    ...trackFields,
    masterUploadId: zId("Master upload id"),
    artworkUploadId: zId("Artwork upload id").optional().nullable(),
  })
  .superRefine(priceRule);
export type CreateTrackInput = z.input<typeof ZCreateTrackInput>;

export const ZUpdateTrackInput = z
  .object({
    trackId: zId("Track id"),
    title: trackFields.title.optional(),
    description: trackFields.description.optional(),
    genreSlug: trackFields.genreSlug,
    priceCents: trackFields.priceCents.optional(),
    minPriceCents: trackFields.minPriceCents,
    commissionBps: trackFields.commissionBps.optional(),
    affiliateEnabled: z.boolean().optional(),
    artworkUploadId: zId("Artwork upload id").optional().nullable(),
  })
  .superRefine(priceRule);
export type UpdateTrackInput = z.input<typeof ZUpdateTrackInput>;

export const ZTrackIdInput = z.object({ trackId: zId("Track id") });

export const ZPageInput = z.object({
  cursor: zText("Cursor").max(64, "Cursor is too long.").optional().nullable(),
  limit: z
    .number()
    .int()
    .min(1, "Limit must be at least 1.")
    .max(50, "Limit must be at most 50.")
    .default(20),
});

export const ZDiscoverInput = ZPageInput.extend({
  query: ZText("Search").trim().max(100, "Search is limited to 100 characters.").optional(),
  genreSlug: ZSlug.optional().nullable(),
});

export const ZTrackBySlugInput = z.object({ slug: ZSlug });

export const ZStartCheckoutInput = z.object({
  slug: ZSlug,
  buyerEmail: ZEmail,
  buyerName: ZText("Name").trim().max(80, "Name must be at most 80 characters.").optional(),
  /** Pay-what-you-want: the amount the buyer chose, in cents. Ignored for fixed-price tracks. */
  amountCents: z
    .number()
    .int("Amount must be a whole number of cents.")
    .min(0)
    .max(MAX_PRICE_CENTS, `Amount must be at most ${MAX_PRICE_CENTS} cents.`)
    .optional(),
  discountCode: ZText("Discount code")
    .trim()
    .max(40, "Codes are at most 40 characters.")
    .optional(),
});
export type StartCheckoutInput = z.input<typeof ZStartCheckoutInput>;

export const ZDownloadToken = z
  .string()
  .regex(/^[A-Za-z0-9_-]{32,64}$/, "That download link is malformed.");

export const ZPurchaseStatusInput = z.object({ token: ZDownloadToken });

export const ZDiscountCodeInput = z.object({
  code: ZText("Code").trim().min(1, "Enter a code.").max(40, "Codes are at most 40 characters."),
  slug: ZSlug.optional(),
});

export const ZLeaderboardInput = z.object({
  period: z.enum(["week", "month", "all"]).default("all"),
  /** earnings: by commission earned; sales: by number of sales. */
  metric: z.enum(["earnings", "sales"]).default("earnings"),
  limit: z.number().int().min(1).max(100).default(20),
});

export const ZUpdatePromoterProfileInput = z.object({
  displayName: ZText("Display name")
    .trim()
    .min(1, "Enter a display name.")
    .max(60, "Display name must be at most 60 characters.")
    .optional(),
  showOnLeaderboard: z.boolean().optional(),
});

export const ZAdminSalesInput = ZPageInput.extend({
  status: z.enum(["PENDING", "COMPLETED", "REFUNDED", "FAILED"]).optional(),
});

export const ZBecomeArtistInput = z.object({
  name: ZText("Artist name")
    .trim()
    .min(1, "Enter your artist name.")
    .max(80, "Artist name must be at most 80 characters."),
  bio: ZText("Bio", { multiline: true })
    .max(2000, "Bio must be at most 2000 characters.")
    .optional(),
});
