import { z } from "zod";

import { MAX_COMMISSION_BPS, parseDollarsToCents, PLATFORM_FEE_BPS } from "./money";

/**
 * The affiliate program's settings an admin edits in the console (issue 11 §1): each with its
 * label, unit, default, bounds and the environment variable that overrides it. The server's
 * accessor (packages/api/src/services/settings/program-settings.ts) and the console's form both
 * read this one table. Money is integer cents, rates basis points, durations whole days or seconds.
 */
export const PROGRAM_SETTING_DEFS = {
  platformFeeBps: {
    label: "Platform fee",
    unit: "bps",
    env: "PLATFORM_FEE_BPS",
    default: PLATFORM_FEE_BPS,
    min: 0,
    // With the highest commission an artist may set, the artist's share stays ≥ 0.
    max: 10_000 - MAX_COMMISSION_BPS,
    help: "Taken from every sale before the artist's share; the promoter's commission is the artist's rate on the price.",
  },
  holdDays: {
    label: "Holding period",
    unit: "days",
    env: "COMMISSION_HOLD_DAYS",
    default: 14,
    min: 0,
    max: 180,
    help: "Days a sale's shares stay pending (refund window) before they are payable. Each sale keeps the period it completed under.",
  },
  payoutMinimumCents: {
    label: "Payout minimum",
    unit: "cents",
    env: "PAYOUT_MINIMUM_CENTS",
    default: 500,
    min: 1,
    max: 1_000_000,
    help: "The smallest payable balance a payee may withdraw.",
  },
  attributionWindowDays: {
    label: "Attribution window",
    unit: "days",
    env: "ATTRIBUTION_WINDOW_DAYS",
    default: 30,
    min: 1,
    max: 365,
    help: "How long after a counted click a purchase is credited to the promoter.",
  },
  attributionModel: {
    label: "Attribution model",
    unit: "choice",
    env: "ATTRIBUTION_MODEL",
    default: 0,
    min: 0,
    max: 1,
    choices: ["Last click", "First click"],
    help: "Which promoter a purchase is credited to when one visitor clicked several promoters' links to a track inside the window: the latest click, or the first.",
  },
  promoterCodeMaxBps: {
    label: "Promoter code: largest discount",
    unit: "bps",
    env: "PROMOTER_CODE_MAX_BPS",
    default: 1_000,
    min: 0,
    max: MAX_COMMISSION_BPS,
    help: "The most a promoter's personal discount code may take off (it comes out of their own commission, never more than it). 0 turns personal codes off; codes already claimed keep their rate.",
  },
  terminationNoticeDays: {
    label: "Termination notice period",
    unit: "days",
    env: "TERMINATION_NOTICE_DAYS",
    default: 30,
    min: 0,
    max: 365,
    help: "Days after a termination before the promoter's unpaid commissions are forfeited to the artists and a negative balance is written off (PLATFORM_WRITE_OFFS). Counted from the termination.",
  },
  programMode: {
    label: "Program mode",
    unit: "choice",
    env: "PROGRAM_MODE",
    default: 0,
    min: 0,
    max: 1,
    choices: ["Open", "Approval required"],
    help: "Open: anyone signed in gets links at once. Approval required: a new promoter applies (why, where they promote) and an admin approves them first; existing promoters keep their standing.",
  },
  clickDedupeWindowSeconds: {
    label: "Click dedupe window",
    unit: "seconds",
    env: "CLICK_DEDUPE_WINDOW_SECONDS",
    default: 3_600,
    min: 60,
    max: 604_800,
    help: "Repeat visits by one visitor to one link inside this window count as one click.",
  },
  clickIpCapPerHour: {
    label: "Clicks per IP per hour",
    unit: "clicks",
    env: "CLICK_IP_CAP_PER_HOUR",
    default: 5,
    min: 1,
    max: 1_000,
    help: "Counted clicks per link from one IP address (IPv6: one /64) per hour, across browsers: a shared network can still send a few buyers, a bot cannot inflate clicks.",
  },
  fraudReviewThreshold: {
    label: "Fraud review threshold",
    unit: "points",
    env: "FRAUD_REVIEW_THRESHOLD",
    default: 40,
    min: 1,
    max: 101,
    help: "At this fraud score (0–100) or above, a promoter's pending and new commissions are held for review. 101 turns automatic holds off.",
  },
  fraudSuspendThreshold: {
    label: "Fraud auto-suspend threshold",
    unit: "points",
    env: "FRAUD_SUSPEND_THRESHOLD",
    default: 60,
    min: 1,
    max: 101,
    help: "At this fraud score or above, the promoter is suspended pending review. 101 turns automatic suspension off.",
  },
  fraudWeightSelfReferral: {
    label: "Weight: self-referral attempts",
    unit: "points",
    env: "FRAUD_WEIGHT_SELF_REFERRAL",
    default: 30,
    min: 0,
    max: 100,
    help: "Purchases through the promoter's own link that were refused (signed in as the promoter, the promoter's email, their own track). Full weight at 2 in 90 days.",
  },
  fraudWeightSoftSelfReferral: {
    label: "Weight: bought from the promoter's browser",
    unit: "points",
    env: "FRAUD_WEIGHT_SOFT_SELF_REFERRAL",
    default: 15,
    min: 0,
    max: 100,
    help: "Purchases from a browser session or network the promoter was seen on. Full weight at 3 in 90 days.",
  },
  fraudWeightFastReversals: {
    label: "Weight: refunds or disputes within 24 h",
    unit: "points",
    env: "FRAUD_WEIGHT_FAST_REVERSALS",
    default: 25,
    min: 0,
    max: 100,
    help: "The promoter's sales refunded or disputed within a day of purchase. Full weight at 3 in 90 days.",
  },
  fraudWeightSharedVisitor: {
    label: "Weight: one visitor, many buyers",
    unit: "points",
    env: "FRAUD_WEIGHT_SHARED_VISITOR",
    default: 25,
    min: 0,
    max: 100,
    help: "The most distinct buyer emails behind one visitor (IP and browser) on the promoter's links. Counts from 3, full weight at 5.",
  },
  fraudWeightBuyerDomain: {
    label: "Weight: buyers on the promoter's or a disposable domain",
    unit: "points",
    env: "FRAUD_WEIGHT_BUYER_DOMAIN",
    default: 20,
    min: 0,
    max: 100,
    help: "Buyers whose email shares the promoter's own (non-webmail) domain or uses a disposable-email domain. Full weight at 3 in 90 days.",
  },
  fraudWeightClickBurst: {
    label: "Weight: click burst without sales",
    unit: "points",
    env: "FRAUD_WEIGHT_CLICK_BURST",
    default: 15,
    min: 0,
    max: 100,
    help: "Counted clicks in the last 24 hours with no sale in them. Counts from 200, full weight at 1,000.",
  },
  fraudWeightSharedBank: {
    label: "Weight: payout bank shared with another payee",
    unit: "points",
    env: "FRAUD_WEIGHT_SHARED_BANK",
    default: 30,
    min: 0,
    max: 100,
    help: "The promoter's payout bank account (its Stripe fingerprint) is also another promoter's or artist's. Full weight at one other payee.",
  },
  fraudWeightRecruitDuplicate: {
    label: "Weight: recruit looks like the recruiter",
    unit: "points",
    env: "FRAUD_WEIGHT_RECRUIT_DUPLICATE",
    default: 30,
    min: 0,
    max: 100,
    help: "A recruited promoter and their recruiter were seen on the same browser or network while signed in, or are paid to the same bank: one person may be collecting the second-tier share on their own sales. Scored on both accounts; full weight at 2 matches.",
  },
  leaderboardVisibility: {
    label: "Public leaderboard",
    unit: "choice",
    env: "LEADERBOARD_VISIBILITY",
    default: 0,
    min: 0,
    max: 1,
    choices: ["Shown", "Off"],
    help: "Off hides every public board (the leaderboard page, top fans on track pages and artist dashboards, the apps' Leaderboard tab) and each promoter's own position; the rankings are still kept, so turning it back on shows them at once.",
  },
  leaderboardMinClicks: {
    label: "Leaderboard: clicks to rank by conversion",
    unit: "clicks",
    env: "LEADERBOARD_MIN_CLICKS",
    default: 20,
    min: 1,
    max: 100_000,
    help: "Counted clicks a promoter needs in a period before the conversion board ranks them, so 1 sale from 2 clicks does not top it. Applies from the next refresh (within a minute).",
  },
  recruiterShareBps: {
    label: "Recruiter share (second tier)",
    unit: "bps",
    env: "RECRUITER_SHARE_BPS",
    default: 500,
    min: 0,
    max: 5_000,
    help: "Of a recruited promoter's commission, paid to the promoter who recruited them, by the platform from its fee (never more than the fee left after discounts, boosts and tier bonuses). Basis points of the commission, not of the price. 0 turns second-tier commission off.",
  },
  recruiterMonths: {
    label: "Recruiter share: months",
    unit: "months",
    env: "RECRUITER_MONTHS",
    default: 12,
    min: 1,
    max: 120,
    help: "How long after a recruit joins their sales earn the recruiter a share. Each sale keeps what applied when its checkout started.",
  },
  // Issue 15 §1 (seed E18: 100 requests an hour). A tier's `apiRequestsPerHour`, then a key's own
  // limit, override it.
  apiRequestsPerHour: {
    label: "API requests per key per hour",
    unit: "requests",
    env: "API_REQUESTS_PER_HOUR",
    default: 100,
    min: 1,
    max: 1_000_000,
    help: "How many REST API requests (/api/v1/) one API key may make per hour. A promoter tier's own limit, then a limit an admin sets on the key, win over it.",
  },
  // Issue 16 §3: a subscriber downloads the artist's catalog a number of files a day instead of
  // a number per purchase.
  subscriberDownloadsPerDay: {
    label: "Subscriber downloads per day",
    unit: "downloads",
    env: "SUBSCRIBER_DOWNLOADS_PER_DAY",
    default: 20,
    min: 1,
    max: 1_000,
    help: "How many files one catalog subscription may download per UTC day, across the artist's published tracks.",
  },
  // The 1099-NEC reporting threshold per calendar year (issue 11 §4; IRC §6041(a), amended by
  // the One Big Beautiful Bill Act §70433: $600 for payments through 2025, $2,000 for payments
  // made from 2026, indexed for inflation from 2027). See `reportingThresholdCents`.
  taxThreshold2025Cents: {
    label: "1099-NEC threshold, 2025 and earlier",
    unit: "cents",
    env: "TAX_THRESHOLD_2025_CENTS",
    default: 60_000,
    min: 1,
    max: 10_000_000,
    help: "A US promoter paid this much or more in a calendar year up to 2025 needs a W-9 before the payout that reaches it (IRC §6041: $600).",
  },
  taxThreshold2026Cents: {
    label: "1099-NEC threshold, 2026",
    unit: "cents",
    env: "TAX_THRESHOLD_2026_CENTS",
    default: 200_000,
    min: 1,
    max: 10_000_000,
    help: "The same for payments made in 2026: $2,000 (One Big Beautiful Bill Act §70433).",
  },
  taxThreshold2027Cents: {
    label: "1099-NEC threshold, 2027 and later",
    unit: "cents",
    env: "TAX_THRESHOLD_2027_CENTS",
    default: 200_000,
    min: 1,
    max: 10_000_000,
    help: "Indexed for inflation from 2027: enter the IRS's figure when it is published.",
  },
} as const;

/**
 * The 1099-NEC reporting threshold for payments made in calendar `year` (UTC), in cents: the
 * `taxThreshold2025Cents` setting for 2025 and earlier, `taxThreshold2026Cents` for 2026 and
 * `taxThreshold2027Cents` from 2027. Source: IRC §6041(a) as amended by the One Big Beautiful
 * Bill Act §70433 ($600 through 2025; $2,000 from 2026, indexed for inflation after 2026).
 */
export function reportingThresholdCents(
  settings: Pick<
    ProgramSettings,
    "taxThreshold2025Cents" | "taxThreshold2026Cents" | "taxThreshold2027Cents"
  >,
  year: number,
): number {
  if (year <= 2025) return settings.taxThreshold2025Cents;
  if (year === 2026) return settings.taxThreshold2026Cents;
  return settings.taxThreshold2027Cents;
}

export type ProgramSettingKey = keyof typeof PROGRAM_SETTING_DEFS;

/** The attribution models (`attributionModel` setting values). */
export const ATTRIBUTION_MODELS = { LAST_CLICK: 0, FIRST_CLICK: 1 } as const;
/** The public leaderboard's switch (`leaderboardVisibility` setting values). */
export const LEADERBOARD_VISIBILITY = { SHOWN: 0, OFF: 1 } as const;
/** The program modes (`programMode` setting values). */
export const PROGRAM_MODES = { OPEN: 0, APPROVAL_REQUIRED: 1 } as const;

/** The words of a "choice" setting's value (e.g. "First click"), or null for other units. */
export function settingChoice(key: ProgramSettingKey, value: number): string | null {
  const def = PROGRAM_SETTING_DEFS[key];
  return "choices" in def ? (def.choices[value] ?? null) : null;
}
export const PROGRAM_SETTING_KEYS = Object.keys(PROGRAM_SETTING_DEFS) as ProgramSettingKey[];
export type ProgramSettings = Record<ProgramSettingKey, number>;

/** One setting's value: a whole number inside the setting's bounds, said in its own words. */
export function programSettingSchema(key: ProgramSettingKey) {
  const d = PROGRAM_SETTING_DEFS[key];
  if ("choices" in d) {
    const choose = `Choose one ${d.label.toLowerCase()}: ${d.choices.map((c, i) => `${i} (${c})`).join(" or ")}.`;
    return z
      .number({ message: `${d.label} must be a number.` })
      .int(choose)
      .min(0, choose)
      .max(d.choices.length - 1, choose);
  }
  return z
    .number({ message: `${d.label} must be a number.` })
    .int(`${d.label} must be a whole number of ${d.unit}.`)
    .min(d.min, `${d.label} must be at least ${d.min} ${d.unit}.`)
    .max(d.max, `${d.label} must be at most ${d.max.toLocaleString("en-US")} ${d.unit}.`);
}

/**
 * `admin.settings.update`'s input: the settings to change (at least one), each validated by its
 * own schema, and why (kept in the audit log).
 */
export const ZUpdateProgramSettingsInput = z
  .object({
    values: z
      .object(
        Object.fromEntries(
          PROGRAM_SETTING_KEYS.map((k) => [k, programSettingSchema(k).optional()]),
        ) as { [K in ProgramSettingKey]: z.ZodOptional<ReturnType<typeof programSettingSchema>> },
      )
      .strict(),
    reason: z
      .string()
      .trim()
      .min(3, "Say why you change the settings (at least 3 characters).")
      .max(500, "Keep the reason under 500 characters."),
  })
  .refine((v) => Object.values(v.values).some((x) => x !== undefined), {
    message: "Change at least one setting.",
    path: ["values"],
  });
export type UpdateProgramSettingsInput = z.infer<typeof ZUpdateProgramSettingsInput>;

/**
 * The console's settings form: every setting as typed (a whole number in its unit) and the
 * reason. Output: `admin.settings.update`'s input with every setting (the server saves those
 * that differ from what is saved).
 */
export const programSettingsFormSchema = z
  .object({
    values: z.object(
      Object.fromEntries(PROGRAM_SETTING_KEYS.map((k) => [k, z.string()])) as Record<
        ProgramSettingKey,
        z.ZodString
      >,
    ),
    reason: z.string(),
  })
  .transform((v, ctx) => {
    const values: Partial<ProgramSettings> = {};
    for (const key of PROGRAM_SETTING_KEYS) {
      const raw = v.values[key].trim();
      const parsed = programSettingSchema(key).safeParse(raw === "" ? Number.NaN : Number(raw));
      if (!parsed.success)
        ctx.addIssue({
          code: "custom",
          path: ["values", key],
          message: parsed.error.issues[0]?.message ?? "Invalid value.",
        });
      else values[key] = parsed.data;
    }
    const reason = v.reason.trim();
    if (reason.length < 3)
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: "Say why you change the settings (at least 3 characters).",
      });
    return { values, reason };
  });

/** The largest manual adjustment, either way: $10,000.00 (a larger correction is a support case). */
export const MAX_ADJUSTMENT_CENTS = 1_000_000;

/**
 * `admin.adjustBalance`'s input (issue 11 §5): whose payable balance (the payee's account email
 * and whether the artist or the promoter side), the signed amount in cents (positive credits,
 * negative debits), the reason the payee will read, and an idempotency key (a UUID the client
 * makes once per intended adjustment: a retry with it posts nothing more).
 */
export const ZAdjustBalanceInput = z.object({
  payeeEmail: z.string().trim().toLowerCase().email("Enter the payee's account email."),
  payeeType: z.enum(["ARTIST", "PROMOTER", "LABEL"], {
    message: "Choose the artist, promoter or label balance.",
  }),
  amountCents: z
    .number({ message: "Amount must be a number of cents." })
    .int("Amount must be whole cents.")
    .refine((c) => c !== 0, "An adjustment of $0.00 changes nothing.")
    .refine(
      (c) => Math.abs(c) <= MAX_ADJUSTMENT_CENTS,
      "Adjustments are at most $10,000.00 either way.",
    ),
  reason: z
    .string()
    .trim()
    .min(3, "Say why (the payee sees it), at least 3 characters.")
    .max(200, "Keep the reason under 200 characters."),
  idempotencyKey: z.string().uuid("The idempotency key must be a UUID."),
});
export type AdjustBalanceInput = z.infer<typeof ZAdjustBalanceInput>;

/**
 * The console's adjustment form: the amount typed in dollars with a sign ("+12.50" credits,
 * "-3" debits). Output: `admin.adjustBalance`'s input without the idempotency key (the form
 * adds the one it made for this adjustment).
 */
export const adjustFormSchema = z
  .object({
    payeeEmail: z.string(),
    payeeType: z.enum(["ARTIST", "PROMOTER", "LABEL"]),
    amount: z.string(),
    reason: z.string(),
  })
  .transform((v, ctx) => {
    const m = /^\s*([+-])?\s*(.*)$/.exec(v.amount)!;
    const abs = parseDollarsToCents(m[2] ?? "");
    const amountCents = abs == null ? Number.NaN : m[1] === "-" ? -abs : abs;
    const parsed = ZAdjustBalanceInput.omit({ idempotencyKey: true }).safeParse({
      payeeEmail: v.payeeEmail,
      payeeType: v.payeeType,
      amountCents,
      reason: v.reason,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === "amountCents" ? "amount" : String(issue.path[0]);
        ctx.addIssue({
          code: "custom",
          path: [field],
          message:
            field === "amount" && abs == null
              ? "Enter an amount in dollars with its sign, like +12.50 or -3."
              : issue.message,
        });
      }
      return z.NEVER;
    }
    return parsed.data;
  });
