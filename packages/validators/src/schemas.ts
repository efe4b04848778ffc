/**
 * Input schemas shared by the API, the web app and the mobile app. Messages are written for the
 * person filling in the form: they say what is wrong and what is accepted.
 */
import { z } from "zod";

import { DISCOVER_SORTS, LEGACY_LEADERBOARD_METRICS, LEGACY_LEADERBOARD_PERIODS } from "./lists";
import {
  formatCents,
  MAX_COMMISSION_BPS,
  MAX_PRICE_CENTS,
  MIN_COMMISSION_BPS,
  MIN_PRICE_CENTS,
  parseDollarsToCents,
} from "./money";
import { ZArtistBio, ZArtistName } from "./artist-profile";
import type { TextRuleOptions } from "./text";
import { zId, zText } from "./text";

/**
 * An amount in integer cents between MIN_PRICE_CENTS (Stripe's minimum charge) and
 * MAX_PRICE_CENTS, with messages naming `label` ("Price", "Minimum price"). Tracks' and
 * releases' prices.
 */
export const centsField = (label: string) =>
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
  /**
   * The promoter-level code of the recruit link the person came through (`/join?ref=<code>`,
   * issue 14 §6). Never refuses a sign-up: anything that is not a code is ignored.
   */
  recruitCode: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]{6,16}$/)
    .optional()
    .catch(undefined),
});
export type SignUpInput = z.infer<typeof ZSignUpInput>;

/**
 * The sign-up form as typed: `ZSignUpInput` with an empty artist name meaning "no artist
 * profile" (the server action reads the form the same way).
 */
export const ZSignUpForm = ZSignUpInput.extend({
  artistName: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    ZSignUpInput.shape.artistName,
  ),
});

/** The reset-password form: the new password (`ZPassword`'s rules) typed twice. */
export const ZResetPasswordForm = z
  .object({ password: ZPassword, confirm: z.string() })
  .refine((v) => v.confirm === v.password, {
    path: ["confirm"],
    message: "The two passwords differ.",
  });

/** A form asking only for an email (forgot password, sign-in link): `ZEmail`. */
export const ZEmailForm = z.object({ email: ZEmail });

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

/**
 * A track's fields as the API takes them; releases (releases.ts) reuse the price, minimum,
 * commission and affiliate ones, so both products follow the same rules.
 */
export const trackFields = {
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

/** Pay-what-you-want: the minimum (when set) is at most the suggested price (`priceCents`). */
export const priceRule = <T extends { priceCents?: number; minPriceCents?: number | null }>(
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

/**
 * An amount a person typed in dollars ("5", "4.99", "$4.99") as integer cents, refused with the
 * price limits' messages in dollars (a form shows dollars; the API's fields say cents).
 */
export const dollarsField = (label: string, example: string) =>
  z.string().transform((text, ctx) => {
    const c = parseDollarsToCents(text);
    if (c == null) {
      ctx.addIssue({ code: "custom", message: `Enter ${label.toLowerCase()} like ${example}.` });
      return z.NEVER;
    }
    if (c < MIN_PRICE_CENTS || c > MAX_PRICE_CENTS) {
      ctx.addIssue({
        code: "custom",
        message: `${label} must be between ${formatCents(MIN_PRICE_CENTS)} and ${formatCents(MAX_PRICE_CENTS)}.`,
      });
      return z.NEVER;
    }
    return c;
  });

/**
 * A form's price and commission fields as the artist types them (the track and release forms):
 * `price` in dollars (the suggested price when `pwyw`), `pwyw` a checkbox, `minPrice` in dollars
 * (read only when `pwyw`), the commission in basis points and the affiliate switch.
 */
export const priceFormFields = {
  price: dollarsField("Price", "5 or 4.99"),
  pwyw: z.boolean(),
  minPrice: z.string(),
  commissionBps: trackFields.commissionBps,
  affiliateEnabled: z.boolean(),
};

/**
 * The pay-what-you-want minimum of a form with `priceFormFields` (already parsed: `price` in
 * cents), in cents, or null without `pwyw`. Adds its issue on `minPrice` (unreadable, out of
 * range, above the suggested price) and returns `z.NEVER` then: call it from a `.transform`.
 */
export function minPriceCentsOfForm(
  v: { price: number; pwyw: boolean; minPrice: string },
  ctx: z.RefinementCtx,
): number | null | typeof z.NEVER {
  if (!v.pwyw) return null;
  const parsed = dollarsField("Minimum price", "1 or 0.99").safeParse(v.minPrice);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: "custom", path: ["minPrice"], message: issue.message });
    return z.NEVER;
  }
  if (parsed.data > v.price) {
    ctx.addIssue({
      code: "custom",
      path: ["minPrice"],
      message: "Minimum price cannot be above the suggested price.",
    });
    return z.NEVER;
  }
  return parsed.data;
}

/**
 * The web's upload / edit track form as the artist fills it in: prices typed in dollars,
 * pay-what-you-want a checkbox, "" for no genre. Its output is the API's track fields
 * (`ZCreateTrackInput` without the upload ids, which the form's file fields hold), so the browser
 * refuses what the server would, with the same limits, before anything is sent; the server still
 * checks everything, and its field errors are shown on these fields (`priceCents` on `price`,
 * `minPriceCents` on `minPrice`).
 */
export const ZTrackForm = z
  .object({
    title: trackFields.title,
    description: trackFields.description,
    genreSlug: z.string(),
    ...priceFormFields,
  })
  .transform((v, ctx) => {
    const minPriceCents = minPriceCentsOfForm(v, ctx);
    if (minPriceCents === z.NEVER) return z.NEVER;
    return {
      title: v.title,
      description: v.description,
      genreSlug: v.genreSlug || null,
      priceCents: v.price,
      minPriceCents,
      commissionBps: v.commissionBps,
      affiliateEnabled: v.affiliateEnabled,
    };
  });
export type TrackFormValues = z.input<typeof ZTrackForm>;

/** Where the server's field errors of a track call are shown on `ZTrackForm`'s fields. */
export const TRACK_FORM_FIELD_OF: Record<string, keyof TrackFormValues> = {
  priceCents: "price",
  minPriceCents: "minPrice",
};

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

/**
 * A payee's ledger page. `account` picks one of their two accounts ("payable": the balance that
 * can be paid out; "pending": money inside its holding period), whose entries are listed in
 * posting order with their balances before and after; without it both accounts are listed
 * together, newest first.
 */
export const ZLedgerInput = ZPageInput.extend({
  account: z
    .enum(["payable", "pending"], { message: 'Account must be "payable" or "pending".' })
    .optional(),
});

export const ZDiscoverInput = ZPageInput.extend({
  query: ZText("Search").trim().max(100, "Search is limited to 100 characters.").optional(),
  genreSlug: ZSlug.optional().nullable(),
  sort: z
    .enum(DISCOVER_SORTS, { message: 'Sort must be "new", "popular", "price" or "commission".' })
    .default("new"),
});

export const ZTrackBySlugInput = z.object({ slug: ZSlug });

/** What is bought (issue 16 §1): a track (`/t/<slug>`, the default) or a release (`/r/<slug>`). */
export const ZProductKind = z.enum(["track", "release"], {
  message: 'Product must be "track" or "release".',
});

export const ZStartCheckoutInput = z.object({
  /** What is bought (issue 16 §1): the track at `/t/<slug>` (default) or the release at `/r/<slug>`. */
  product: ZProductKind.optional(),
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
  /**
   * The buyer agrees to share their name and email with the artist (issue 15 §2: only then do
   * the artist's API and webhooks carry them). Off unless ticked.
   */
  shareContactWithArtist: z
    .boolean({ message: "Sharing your contact must be true or false." })
    .optional(),
  /**
   * A licence tier of the track (issue 16 §4): its price is the list price. Absent: the personal
   * licence every purchase carries. Refused for a release.
   */
  licenseTierId: zId("Licence tier id").optional(),
});
export type StartCheckoutInput = z.input<typeof ZStartCheckoutInput>;

/**
 * The buy form of a track page as the buyer fills it in: email, optional name, and for a
 * pay-what-you-want track (`minPriceCents` set) the amount typed in dollars, at least the
 * minimum. Its output is the part of `ZStartCheckoutInput` the form supplies (the page adds the
 * slug); the server checks the same again. Server field errors: `amountCents` is shown on `amount`.
 */
export function buyFormSchema(track: { minPriceCents: number | null; currency?: string }) {
  return z
    .object({
      buyerEmail: ZStartCheckoutInput.shape.buyerEmail,
      buyerName: ZStartCheckoutInput.shape.buyerName,
      amount: z.string(),
      discountCode: ZStartCheckoutInput.shape.discountCode,
      shareContactWithArtist: z.boolean().optional(),
    })
    .transform((v, ctx) => {
      let amountCents: number | undefined;
      if (track.minPriceCents != null) {
        const c = parseDollarsToCents(v.amount);
        if (c == null || c < track.minPriceCents || c > MAX_PRICE_CENTS) {
          ctx.addIssue({
            code: "custom",
            path: ["amount"],
            message:
              c == null
                ? "Enter an amount like 7 or 7.50."
                : c < track.minPriceCents
                  ? `Pay at least ${formatCents(track.minPriceCents, track.currency)}.`
                  : `Pay at most ${formatCents(MAX_PRICE_CENTS, track.currency)}.`,
          });
          return z.NEVER;
        }
        amountCents = c;
      }
      return {
        buyerEmail: v.buyerEmail,
        buyerName: v.buyerName || undefined,
        amountCents,
        discountCode: v.discountCode || undefined,
        shareContactWithArtist: v.shareContactWithArtist === true,
      };
    });
}

/**
 * The admin's refund form under a sale: an amount typed in dollars, or nothing to refund what
 * is left in full. Output: `{ amountCents }` for `admin.refundSale` (undefined = in full), above
 * zero and at most `remainingCents` (what the buyer paid less what was refunded already).
 */
export function refundFormSchema(sale: { remainingCents: number; currency?: string }) {
  return z.object({ amount: z.string() }).transform((v, ctx) => {
    if (!v.amount.trim()) return { amountCents: undefined };
    const c = parseDollarsToCents(v.amount);
    const problem =
      c == null
        ? "Enter an amount in dollars, like 1.50."
        : c <= 0
          ? "Enter an amount above $0.00."
          : c > sale.remainingCents
            ? `At most ${formatCents(sale.remainingCents, sale.currency)} is left to refund.`
            : null;
    if (problem) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: problem });
      return z.NEVER;
    }
    return { amountCents: c! };
  });
}

/**
 * The sandbox's "open a dispute" form (admin, offline payments only): a sale and an optional
 * amount in dollars. Output: `{ saleId, amountCents }` for `admin.sandboxOpenDispute`
 * (undefined = the whole charge), above zero.
 */
export const disputeFormSchema = z
  .object({ saleId: z.string().min(1, "Pick a sale to dispute."), amount: z.string() })
  .transform((v, ctx) => {
    if (!v.amount.trim()) return { saleId: v.saleId, amountCents: undefined };
    const c = parseDollarsToCents(v.amount);
    if (c == null || c <= 0) {
      ctx.addIssue({
        code: "custom",
        path: ["amount"],
        message: "Enter an amount in dollars, like 1.50, or leave it empty for the whole charge.",
      });
      return z.NEVER;
    }
    return { saleId: v.saleId, amountCents: c };
  });

export const ZDownloadToken = z
  .string()
  .regex(/^[A-Za-z0-9_-]{32,64}$/, "That download link is malformed.");

export const ZPurchaseStatusInput = z.object({ token: ZDownloadToken });

/** `buyer.prepareFormat` (issue 16 §2): a purchase's token and a format to make its files in. */
export const ZPrepareFormatInput = ZPurchaseStatusInput.extend({
  format: z.enum(["mp3_320", "aac_256", "flac"], {
    message: 'Format must be "mp3_320", "aac_256" or "flac".',
  }),
});

/**
 * `discount.validate`'s input (issue 12): the code as typed, the track, and optionally the
 * buyer's email and the amount they chose (pay-what-you-want), so the answer is the total they
 * would pay.
 */
export const ZDiscountCodeInput = z.object({
  code: ZText("Code").trim().min(1, "Enter a code.").max(40, "Codes are at most 40 characters."),
  product: ZProductKind.optional(),
  slug: ZSlug.optional(),
  email: ZEmail.optional(),
  amountCents: z
    .number({ message: "Amount must be a number of cents." })
    .int("Amount must be whole cents.")
    .min(0, "Amount cannot be negative.")
    .max(MAX_PRICE_CENTS, "Amount is too large.")
    .optional(),
  /** The licence tier chosen on a track (issue 16 §4): the quote is on its price. */
  licenseTierId: ZId.optional(),
});

/**
 * `leaderboard.topPromoters` (kept for the mobile app shipped before issue 13; new clients use
 * `leaderboard.top`, see leaderboard.ts): week = the last 7 UTC days, month = the last 30.
 */
export const ZLeaderboardInput = z.object({
  period: z.enum(LEGACY_LEADERBOARD_PERIODS).default("all"),
  /** earnings: by commission earned; sales: by number of sales. */
  metric: z.enum(LEGACY_LEADERBOARD_METRICS).default("earnings"),
  limit: z.number().int().min(1).max(100).default(20),
});

/** `leaderboard.myPosition`: the signed-in promoter's place on one board (period and metric). */
export const ZLeaderboardPositionInput = ZLeaderboardInput.pick({ period: true, metric: true });

export const ZUpdatePromoterProfileInput = z.object({
  displayName: ZText("Display name")
    .trim()
    .min(1, "Enter a display name.")
    .max(60, "Display name must be at most 60 characters.")
    .optional(),
  showOnLeaderboard: z.boolean().optional(),
});

/** Account settings (`account.update`): the name shown in the header and on receipts. */
export const ZUpdateAccountInput = z.object({
  name: ZText("Name")
    .trim()
    .min(1, "Enter your name.")
    .max(80, "Name must be at most 80 characters."),
});

/** `account.changePassword`: the current password, then the new one (ZPassword's rules). */
export const ZChangePasswordInput = z
  .object({
    currentPassword: z
      .string({ message: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(128, "Password must be at most 128 characters."),
    newPassword: ZPassword,
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    message: "The new password must differ from the current one.",
    path: ["newPassword"],
  });

export type UpdateAccountInput = z.input<typeof ZUpdateAccountInput>;
export type ChangePasswordInput = z.input<typeof ZChangePasswordInput>;
export type UpdatePromoterProfileInput = z.input<typeof ZUpdatePromoterProfileInput>;

export const ZAdminSalesInput = ZPageInput.extend({
  status: z.enum(["PENDING", "COMPLETED", "REFUNDED", "FAILED"]).optional(),
});

export const ZBecomeArtistInput = z.object({
  name: ZArtistName,
  bio: ZArtistBio.optional(),
});
