import { z } from "zod";

import { MAX_PRICE_CENTS } from "./money";
import { zId, zText } from "./text";

/** Discount codes (issue 12 §1): the words and limits shared by the API and the forms. */
export const DISCOUNT_TYPES = ["PERCENT", "FIXED"] as const;
export const DISCOUNT_SCOPES = ["PLATFORM", "ARTIST", "TRACKS"] as const;
export const DISCOUNT_FUNDERS = ["PLATFORM", "ARTIST", "PROMOTER"] as const;
export const DISCOUNT_STATUSES = ["ACTIVE", "PAUSED", "EXPIRED", "ARCHIVED"] as const;
export type DiscountStatusName = (typeof DISCOUNT_STATUSES)[number];

/**
 * How long a code discounts a catalog subscription (issue 16 §3; Stripe's coupon `duration`,
 * docs.stripe.com/api/coupons/create). A purchase is one payment, so every duration discounts it
 * once. On a subscription, ONCE discounts the first invoice, REPEATING the invoices of the first
 * `durationMonths` months, FOREVER every invoice. Stripe cannot change a coupon's duration, so a
 * code's duration is fixed once it has been used.
 */
export const DISCOUNT_DURATIONS = ["ONCE", "REPEATING", "FOREVER"] as const;
export type DiscountDurationName = (typeof DISCOUNT_DURATIONS)[number];

/** The longest REPEATING duration, in months (three years; the payments package's bound too). */
export const MAX_DISCOUNT_DURATION_MONTHS = 36;

const ZDuration = z.enum(DISCOUNT_DURATIONS, {
  message: "Duration must be ONCE, REPEATING or FOREVER.",
});

const ZDurationMonths = z
  .number({ message: "Duration months must be a number." })
  .int("Duration months must be a whole number.")
  .min(1, "Duration months must be at least 1.")
  .max(
    MAX_DISCOUNT_DURATION_MONTHS,
    `Duration months must be at most ${MAX_DISCOUNT_DURATION_MONTHS}.`,
  )
  .nullable()
  .optional();

/**
 * `durationMonths` goes with a REPEATING duration only: required with it, refused with any other
 * (null and absent are "none"). Issues land on `durationMonths`. (On update, `durationMonths`
 * without `duration` is refused too: the months are part of the duration and are sent with it.)
 */
function checkDurationMonths(
  v: { duration?: DiscountDurationName; durationMonths?: number | null },
  ctx: z.RefinementCtx,
): void {
  const months = v.durationMonths ?? null;
  if (v.duration === "REPEATING" && months === null)
    ctx.addIssue({
      code: "custom",
      path: ["durationMonths"],
      message: `Duration months is required for a REPEATING duration (1 to ${MAX_DISCOUNT_DURATION_MONTHS}).`,
    });
  if (v.duration !== "REPEATING" && months !== null)
    ctx.addIssue({
      code: "custom",
      path: ["durationMonths"],
      message: "Duration months is only for a REPEATING duration.",
    });
}

/**
 * A code as stored: upper case, 3–32 letters, digits or `-`, starting with a letter or digit.
 * No `_`: Stripe promotion codes allow letters, digits and dashes only, and every code is
 * mirrored there when Stripe keys are set.
 */
export const DISCOUNT_CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{2,31}$/;

/** The code as buyers type it, normalised: trimmed, upper case. */
export function normaliseDiscountCode(code: string): string {
  return code.trim().toUpperCase();
}

const ZCode = zText("Code")
  .trim()
  .transform(normaliseDiscountCode)
  .pipe(
    z
      .string()
      .regex(
        DISCOUNT_CODE_PATTERN,
        "A code is 3 to 32 letters, digits or -, starting with a letter or digit.",
      ),
  );

const ZWhen = z.coerce.date({ message: "Enter a date and time." });

const optionalLimit = (label: string) =>
  z
    .number({ message: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .min(1, `${label} must be at least 1.`)
    .max(1_000_000, `${label} must be at most 1,000,000.`)
    .nullable()
    .optional();

/** The fields an admin or artist sets on a code (create; each optional on update). */
const codeFields = {
  description: zText("Description")
    .trim()
    .max(200, "Keep the description under 200 characters.")
    .default(""),
  maxUses: optionalLimit("Maximum uses"),
  maxUsesPerEmail: optionalLimit("Uses per buyer"),
  minPriceCents: z
    .number({ message: "Minimum price must be a number of cents." })
    .int("Minimum price must be whole cents.")
    .min(0, "Minimum price cannot be negative.")
    .max(MAX_PRICE_CENTS, "Minimum price is too large.")
    .nullable()
    .optional(),
  startsAt: ZWhen.nullable().optional(),
  expiresAt: ZWhen.nullable().optional(),
};

/** A code that starts must expire after it starts; the issue lands on `expiresAt`. */
function checkDatesInOrder(
  v: { startsAt?: Date | null; expiresAt?: Date | null },
  ctx: z.RefinementCtx,
): void {
  if (v.startsAt && v.expiresAt && v.startsAt >= v.expiresAt)
    ctx.addIssue({
      code: "custom",
      path: ["expiresAt"],
      message: "The code must expire after it starts.",
    });
}

/**
 * `discount.create`'s input: the code, what it gives (PERCENT in basis points up to 100 %, or
 * FIXED cents), where it applies (the platform — admins only —, one artist's tracks, or chosen
 * tracks) and its limits. Who funds it follows from who creates it (services/discount/codes.ts).
 */
export const ZCreateDiscountCodeInput = z
  .object({
    code: ZCode,
    type: z.enum(DISCOUNT_TYPES, { message: "Choose a percentage or a fixed amount off." }),
    value: z
      .number({ message: "Value must be a number." })
      .int("Value must be a whole number (basis points or cents)."),
    scope: z.enum(DISCOUNT_SCOPES, { message: "Choose where the code applies." }),
    artistId: zId("Artist id").optional(),
    trackIds: z.array(zId("Track id")).max(100, "At most 100 tracks per code.").default([]),
    duration: ZDuration.default("ONCE"),
    durationMonths: ZDurationMonths,
    ...codeFields,
  })
  .superRefine((v, ctx) => {
    if (v.type === "PERCENT" && (v.value < 1 || v.value > 10_000))
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: "A percentage is 1 to 10,000 basis points (0.01 % to 100 %).",
      });
    if (v.type === "FIXED" && (v.value < 1 || v.value > MAX_PRICE_CENTS))
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: "A fixed discount is 1 cent to $1,000.00.",
      });
    if (v.scope === "TRACKS" && v.trackIds.length === 0)
      ctx.addIssue({ code: "custom", path: ["trackIds"], message: "Choose at least one track." });
    checkDurationMonths(v, ctx);
    checkDatesInOrder(v, ctx);
  });
export type CreateDiscountCodeInput = z.input<typeof ZCreateDiscountCodeInput>;

/**
 * `discount.update`'s input: the code's id, and its status, limits or duration to change. The
 * duration (`DISCOUNT_DURATIONS`) is sent whole: `duration`, with `durationMonths` for REPEATING;
 * the server refuses to change it once the code has been used.
 */
export const ZUpdateDiscountCodeInput = z
  .object({
    id: zId("Code id"),
    status: z
      .enum(["ACTIVE", "PAUSED", "ARCHIVED"], { message: "Activate, pause or archive the code." })
      .optional(),
    duration: ZDuration.optional(),
    durationMonths: ZDurationMonths,
    ...codeFields,
    description: codeFields.description.unwrap().optional(),
  })
  .refine((v) => Object.keys(v).some((k) => k !== "id" && v[k as keyof typeof v] !== undefined), {
    message: "Change at least one field.",
  })
  .superRefine((v, ctx) => {
    if (v.duration !== undefined) checkDurationMonths(v, ctx);
    else if (v.durationMonths !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["durationMonths"],
        message: "Duration months is sent with the duration it belongs to (duration REPEATING).",
      });
  });

/**
 * `promoter.claimCode`'s input (issue 12 §1): the promoter's personal code (`PARTNER-NAME`
 * style: the code rules above) and the percentage it takes off, in basis points, from 1 % up to
 * the program's `promoterCodeMaxBps` setting (checked by the server, which knows the setting).
 */
export const ZClaimPromoterCodeInput = z.object({
  code: ZCode,
  percentBps: z
    .number({ message: "Choose the discount in basis points." })
    .int("The discount must be whole basis points.")
    .min(100, "A code gives at least 1 % off.")
    .max(10_000, "A code gives at most 100 % off."),
});
export type ClaimPromoterCodeInput = z.input<typeof ZClaimPromoterCodeInput>;

/**
 * The "My code" form as typed: the code, and the discount as a percentage ("10", "7.5") up to
 * `maxBps` (the program's `promoterCodeMaxBps`). Output: `promoter.claimCode`'s input.
 */
export function promoterCodeFormSchema(maxBps: number) {
  return z
    .object({
      code: ZCode,
      percent: z
        .string()
        .trim()
        .regex(/^\d{1,3}(\.\d{1,2})?$/, "Enter a percentage, e.g. 10 or 7.5."),
    })
    .transform((v) => ({ code: v.code, percentBps: Math.round(Number(v.percent) * 100) }))
    .superRefine((v, ctx) => {
      if (v.percentBps < 100)
        ctx.addIssue({
          code: "custom",
          path: ["percent"],
          message: "A code gives at least 1 % off.",
        });
      if (v.percentBps > maxBps)
        ctx.addIssue({
          code: "custom",
          path: ["percent"],
          message: `A personal code gives at most ${maxBps / 100} % off.`,
        });
    });
}

/** `promoter.setCodeStatus`'s input: pause or resume the promoter's own code. */
export const ZSetPromoterCodeStatusInput = z.object({
  status: z.enum(["ACTIVE", "PAUSED"], { message: "Resume or pause the code." }),
});

/**
 * A suggested personal code from a promoter's name: `PARTNER-` and the name's letters and digits
 * (accents dropped), upper case, at most 32 characters; "PARTNER-FAN" when the name has none.
 */
export function suggestPromoterCode(name: string): string {
  const letters = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "");
  return `PARTNER-${letters || "FAN"}`.slice(0, 32);
}

/** `discount.list`'s input: one status or all; cursor pages. */
export const ZListDiscountCodesInput = z.object({
  status: z.enum(DISCOUNT_STATUSES, { message: "Unknown status." }).optional(),
  limit: z
    .number()
    .int()
    .min(1, "Limit must be at least 1.")
    .max(50, "Limit must be at most 50.")
    .default(25),
  cursor: zId("Cursor").optional(),
});

/* The code forms' typed fields (`discountCodeFormSchema`, `discountCodeEditFormSchema`). */

/** A limit typed as a whole number, or empty for none (→ null). */
const wholeOrEmpty = (label: string) =>
  z
    .string()
    .trim()
    .refine(
      (v) => v === "" || /^\d+$/.test(v),
      `${label} is a whole number, or empty for no limit.`,
    )
    .transform((v) => (v === "" ? null : Number(v)));

/** A `datetime-local` value read as UTC, or empty for none (→ null). */
const dateOrEmpty = z
  .string()
  .trim()
  .transform((v) => (v === "" ? null : new Date(`${v}Z`)))
  .refine((d) => d === null || !Number.isNaN(d.getTime()), "Enter a date and time.");

/**
 * A typed number with up to 4 digits and 2 decimals, an optional leading `$`, × 100 as an exact
 * integer: percent → basis points ("12.5" → 1250), dollars → cents ("$2.5" → 250). Null when
 * the text is not such a number.
 */
function parseHundredths(text: string): number | null {
  const m = /^\$?(\d{1,4})(?:\.(\d{1,2}))?$/.exec(text);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : null;
}

/** Typed dollars ("5", "5.50", "$5.5") as integer cents, or empty for none (→ null). */
const dollarsOrEmpty = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === "") return null;
    const priceCents = parseHundredths(v);
    if (priceCents === null) {
      ctx.addIssue({ code: "custom", message: "Enter a price like 5 or 5.50, or leave it empty." });
      return z.NEVER;
    }
    return priceCents;
  });

/**
 * The months of a REPEATING duration as typed: a whole number (its range is the API schema's),
 * or empty (→ null: the API schema then asks for it). Ignored (→ null) for any other duration,
 * whose form hides the field. Non-digits add an issue on `durationMonths` and give undefined.
 */
function typedDurationMonths(
  duration: DiscountDurationName,
  text: string,
  ctx: z.RefinementCtx,
): number | null | undefined {
  if (duration !== "REPEATING" || text === "") return null;
  if (/^\d{1,4}$/.test(text)) return Number(text);
  ctx.addIssue({
    code: "custom",
    path: ["durationMonths"],
    message: `Duration months is a whole number of months, 1 to ${MAX_DISCOUNT_DURATION_MONTHS}.`,
  });
  return undefined;
}

/** The form field that shows an API field's issue: the forms type dollars and percentages. */
const FORM_FIELD_OF: Record<string, string> = { value: "amount", minPriceCents: "minPrice" };

/** Copies the API schema's issues onto the form's fields (`fallback` when an issue has none). */
function addFormIssues(ctx: z.RefinementCtx, issues: z.core.$ZodIssue[], fallback: string): void {
  for (const issue of issues) {
    const field = issue.path[0] === undefined ? fallback : String(issue.path[0]);
    ctx.addIssue({ code: "custom", path: [FORM_FIELD_OF[field] ?? field], message: issue.message });
  }
}

/**
 * The code form as typed (the console's and the artist's): the discount as a percentage ("10",
 * "12.5") or dollars ("2.50"), limits as whole numbers or empty, the minimum price in dollars,
 * dates from `datetime-local` fields (UTC), the duration on subscriptions (default ONCE) with its
 * months typed for REPEATING. Output: `discount.create`'s input for `scope`.
 */
export function discountCodeFormSchema(scope: "PLATFORM" | "ARTIST") {
  return z
    .object({
      code: z.string(),
      description: z.string(),
      type: z.enum(DISCOUNT_TYPES),
      amount: z.string().trim(),
      maxUses: wholeOrEmpty("Maximum uses"),
      maxUsesPerEmail: wholeOrEmpty("Uses per buyer"),
      minPrice: dollarsOrEmpty,
      startsAt: dateOrEmpty,
      expiresAt: dateOrEmpty,
      duration: z.enum(DISCOUNT_DURATIONS).default("ONCE"),
      durationMonths: z.string().trim().default(""),
    })
    .transform((v, ctx) => {
      const durationMonths = typedDurationMonths(v.duration, v.durationMonths, ctx);
      const value = parseHundredths(v.amount);
      if (value === null) {
        ctx.addIssue({
          code: "custom",
          path: ["amount"],
          message:
            v.type === "PERCENT"
              ? "Enter a percentage like 10 or 12.5."
              : "Enter an amount like 2 or 2.50.",
        });
        return z.NEVER;
      }
      if (durationMonths === undefined) return z.NEVER;
      const parsed = ZCreateDiscountCodeInput.safeParse({
        code: v.code,
        description: v.description,
        type: v.type,
        value,
        scope,
        maxUses: v.maxUses,
        maxUsesPerEmail: v.maxUsesPerEmail,
        minPriceCents: v.minPrice,
        startsAt: v.startsAt,
        expiresAt: v.expiresAt,
        duration: v.duration,
        durationMonths,
      });
      if (!parsed.success) {
        addFormIssues(ctx, parsed.error.issues, "code");
        return z.NEVER;
      }
      return parsed.data;
    });
}

/** The limits `discountCodeEditFormSchema` sends: every one, null where there is none. */
const ZDiscountCodeLimits = z
  .object({
    ...codeFields,
    description: codeFields.description.unwrap(),
    duration: ZDuration,
    durationMonths: ZDurationMonths,
  })
  .superRefine((v, ctx) => {
    checkDurationMonths(v, ctx);
    checkDatesInOrder(v, ctx);
  });

/**
 * The edit form of a code as typed: the description, limits as whole numbers or empty, the
 * minimum price in dollars or empty, dates from `datetime-local` fields (UTC) or empty; empty
 * clears the limit (null); the duration on subscriptions and its months (the server refuses a
 * different duration once the code has been used). The code, its type and value cannot change. Output: `discount.update`'s
 * input without `id` (and without `status`: the list's buttons change that), every limit set, so
 * the form saves what it shows. Fill it with `discountCodeEditFormValues`.
 */
export function discountCodeEditFormSchema() {
  return z
    .object({
      description: z.string(),
      maxUses: wholeOrEmpty("Maximum uses"),
      maxUsesPerEmail: wholeOrEmpty("Uses per buyer"),
      minPrice: dollarsOrEmpty,
      startsAt: dateOrEmpty,
      expiresAt: dateOrEmpty,
      duration: z.enum(DISCOUNT_DURATIONS),
      durationMonths: z.string().trim(),
    })
    .transform((v, ctx): DiscountCodeEdit => {
      const durationMonths = typedDurationMonths(v.duration, v.durationMonths, ctx);
      if (durationMonths === undefined) return z.NEVER;
      const parsed = ZDiscountCodeLimits.safeParse({
        description: v.description,
        maxUses: v.maxUses,
        maxUsesPerEmail: v.maxUsesPerEmail,
        minPriceCents: v.minPrice,
        startsAt: v.startsAt,
        expiresAt: v.expiresAt,
        duration: v.duration,
        durationMonths,
      });
      if (!parsed.success) {
        addFormIssues(ctx, parsed.error.issues, "description");
        return z.NEVER;
      }
      const d = parsed.data;
      return {
        description: d.description,
        maxUses: d.maxUses ?? null,
        maxUsesPerEmail: d.maxUsesPerEmail ?? null,
        minPriceCents: d.minPriceCents ?? null,
        startsAt: d.startsAt ?? null,
        expiresAt: d.expiresAt ?? null,
        duration: d.duration,
        durationMonths: d.durationMonths ?? null,
      };
    });
}

/** What the edit form saves: `discount.update`'s input without `id` and `status`, all set. */
export type DiscountCodeEdit = Required<
  Omit<z.output<typeof ZUpdateDiscountCodeInput>, "id" | "status">
>;

/**
 * A stored code's limits as the edit form types them, the inverse of
 * `discountCodeEditFormSchema`: null → "", cents → dollars ("5" or "5.50", integer arithmetic),
 * dates → `datetime-local` text in UTC ("2027-06-01T00:00", with ":ss" only when the seconds are
 * not zero; milliseconds are dropped), the duration as stored and its months as text ("" for none).
 */
export function discountCodeEditFormValues(code: {
  description: string;
  maxUses: number | null;
  maxUsesPerEmail: number | null;
  minPriceCents: number | null;
  startsAt: Date | string | null;
  expiresAt: Date | string | null;
  duration: DiscountDurationName;
  durationMonths: number | null;
}): z.input<ReturnType<typeof discountCodeEditFormSchema>> {
  const whole = (n: number | null) => (n === null ? "" : String(n));
  const dollars = (c: number | null) =>
    c === null
      ? ""
      : c % 100 === 0
        ? String(c / 100)
        : `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`;
  const local = (d: Date | string | null) => {
    if (d === null) return "";
    const at = new Date(d);
    return at.toISOString().slice(0, at.getUTCSeconds() === 0 ? 16 : 19);
  };
  return {
    description: code.description,
    maxUses: whole(code.maxUses),
    maxUsesPerEmail: whole(code.maxUsesPerEmail),
    minPrice: dollars(code.minPriceCents),
    startsAt: local(code.startsAt),
    expiresAt: local(code.expiresAt),
    duration: code.duration,
    durationMonths: whole(code.durationMonths),
  };
}

/**
 * A code's duration on subscriptions in words, for lists beside its discount ("10 % off · 3
 * months on subscriptions"): "first payment on subscriptions", "3 months on subscriptions" ("1
 * month …"), "every payment on subscriptions". A purchase is discounted once whatever the
 * duration (`DISCOUNT_DURATIONS`).
 */
export function describeDiscountDuration(code: {
  duration: DiscountDurationName;
  durationMonths: number | null;
}): string {
  switch (code.duration) {
    case "ONCE":
      return "first payment on subscriptions";
    case "REPEATING": {
      const n = code.durationMonths ?? 0;
      return `${n} ${n === 1 ? "month" : "months"} on subscriptions`;
    }
    case "FOREVER":
      return "every payment on subscriptions";
  }
}
