import { z } from "zod";

import { MAX_API_REQUESTS_PER_HOUR } from "./api-keys";
import { ZEarnedBadge, ZNextBadge } from "./badges";
import { ZMilestoneProgress } from "./milestones";
import { formatHundredths, parseHundredths } from "./hundredths";
import { formatCents } from "./money";
import { zId, zText } from "./text";

/**
 * Promoter tiers (issue 13 §1): the words and limits shared by the API and the forms. A tier's
 * rule is a metric over a trailing window; its bonus is basis points the platform adds on top of
 * the artist's rate; its payout minimum (cents) overrides the program's.
 */
export const TIER_METRICS = ["SALES", "COMMISSION"] as const;
export type TierMetricName = (typeof TIER_METRICS)[number];

/** The largest bonus a tier can pay, basis points (50 %): it is a claim on the platform's fee. */
export const MAX_TIER_BONUS_BPS = 5_000;
/** The most perks one tier lists. */
export const MAX_TIER_PERKS = 10;
/** The longest trailing window a rule may use, days (two years). */
export const MAX_TIER_WINDOW_DAYS = 730;
/** The window a rule uses unless it says otherwise, days (the issue's "e.g. 90 days"). */
export const DEFAULT_TIER_WINDOW_DAYS = 90;

const whole = (label: string, min: number, max: number) =>
  z
    .number({ message: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .min(min, `${label} must be at least ${min.toLocaleString("en-US")}.`)
    .max(max, `${label} must be at most ${max.toLocaleString("en-US")}.`);

/** An http(s) URL, as a perk's link. */
const ZPerkLink = zText("Link")
  .trim()
  .max(500, "Keep the link under 500 characters.")
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === "https:" || u.protocol === "http:";
    } catch {
      return false;
    }
  }, "A link starts with https:// or http://.");

/** One perk of a tier, as stored in `PromoterTier.perks` and shown on the dashboard. */
export const ZTierPerk = z.object({
  /** A short mark shown beside the title: an emoji or a few letters. */
  icon: zText("Icon").trim().min(1, "Icon is required.").max(8, "An icon is at most 8 characters."),
  title: zText("Perk title")
    .trim()
    .min(1, "Perk title is required.")
    .max(60, "Keep the perk title under 60 characters."),
  description: zText("Perk description")
    .trim()
    .max(200, "Keep the perk description under 200 characters.")
    .default(""),
  link: ZPerkLink.optional(),
});
export type TierPerk = z.output<typeof ZTierPerk>;

/** A tier's perks list. */
export const ZTierPerks = z
  .array(ZTierPerk)
  .max(MAX_TIER_PERKS, `A tier has at most ${MAX_TIER_PERKS} perks.`)
  .default([]);

/**
 * A stored perks list (`PromoterTier.perks`, JSON) read back: the perks that parse, in order;
 * anything else is dropped rather than failing a dashboard.
 */
export function readTierPerks(json: unknown): TierPerk[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((p) => {
    const r = ZTierPerk.safeParse(p);
    return r.success ? [r.data] : [];
  });
}

/** A tier as an admin defines it. */
export const ZTierInput = z.object({
  name: zText("Name")
    .trim()
    .min(1, "Name is required.")
    .max(40, "Keep the name under 40 characters."),
  /** The order of the tiers, lowest first; unique. */
  rank: whole("Rank", 0, 100),
  metric: z.enum(TIER_METRICS, { message: "Choose sales or commission." }),
  /** Counted sales (SALES) or commission in cents (COMMISSION) over the window to qualify. */
  threshold: whole("Threshold", 0, 1_000_000_000),
  windowDays: whole("Window", 1, MAX_TIER_WINDOW_DAYS).default(DEFAULT_TIER_WINDOW_DAYS),
  bonusBps: whole("Bonus", 0, MAX_TIER_BONUS_BPS),
  /** Cents; null: the program's payout minimum applies. */
  payoutMinimumCents: whole("Payout minimum", 1, 100_000_000).nullable(),
  perks: ZTierPerks,
  /**
   * REST API requests per hour for the keys of the tier's promoters (issue 15 §1; the column's
   * CHECK allows 1–1,000,000); null: the program's `apiRequestsPerHour`. A key's own limit (an
   * admin's raise) wins over both. Absent: unchanged (none on a new tier), so callers that predate
   * the field do not clear it.
   */
  apiRequestsPerHour: whole("API requests per hour", 1, MAX_API_REQUESTS_PER_HOUR)
    .nullable()
    .optional(),
});
export type TierInput = z.input<typeof ZTierInput>;

/** `admin.tiers.upsert`'s input: a new tier, or the id of the one to replace. */
export const ZUpsertTierInput = ZTierInput.extend({ id: zId("Tier id").optional() });
export type UpsertTierInput = z.input<typeof ZUpsertTierInput>;

/** `admin.tiers.delete`'s input. */
export const ZDeleteTierInput = z.object({ id: zId("Tier id") });

/* The tier form as typed (`tierFormSchema`, `tierFormValues`). */

/** The form field that shows an API field's issue: the form types percent and dollars. */
const FORM_FIELD_OF: Record<string, string> = {
  bonusBps: "bonusPercent",
  payoutMinimumCents: "payoutMinimum",
};

/** One perk row as typed; an empty link is none. */
const ZPerkRow = z.object({
  icon: z.string(),
  title: z.string(),
  description: z.string(),
  link: z.string(),
});
export type TierPerkRow = z.infer<typeof ZPerkRow>;

/**
 * The tier form as typed: name, rank and window as text, the threshold as a count (SALES) or
 * dollars (COMMISSION), the bonus as a percentage ("2.5" → 250 bps), the payout minimum in
 * dollars or empty for the program's, the API requests per hour as a whole number or empty for
 * the program's, perks as rows (fully empty rows dropped). Issues land on the
 * typed field (`perks.1.title` for a perk row). Output: `admin.tiers.upsert`'s input without `id`.
 */
export function tierFormSchema() {
  return z
    .object({
      name: z.string(),
      rank: z.string().trim(),
      metric: z.enum(TIER_METRICS),
      threshold: z.string().trim(),
      windowDays: z.string().trim(),
      bonusPercent: z.string().trim(),
      payoutMinimum: z.string().trim(),
      apiRequestsPerHour: z.string().trim(),
      perks: z.array(ZPerkRow),
    })
    .transform((v, ctx) => {
      const fail = (path: (string | number)[], message: string) => {
        ctx.addIssue({ code: "custom", path, message });
        return null;
      };
      const int = (field: string, text: string, message: string) =>
        /^\d{1,10}$/.test(text) ? Number(text) : fail([field], message);
      const rank = int("rank", v.rank, "Rank is a whole number, e.g. 2.");
      const windowDays = int(
        "windowDays",
        v.windowDays,
        "The window is a number of days, e.g. 90.",
      );
      const threshold =
        v.metric === "SALES"
          ? int("threshold", v.threshold, "Enter a number of sales, e.g. 15.")
          : (parseHundredths(v.threshold) ??
            fail(["threshold"], "Enter an amount of commission like 50 or 12.40."));
      const bonusBps =
        parseHundredths(v.bonusPercent) ??
        fail(["bonusPercent"], "Enter a percentage like 2 or 2.5 (0 for none).");
      const payoutMinimumCents =
        v.payoutMinimum === ""
          ? null
          : (parseHundredths(v.payoutMinimum) ??
            fail(["payoutMinimum"], "Enter an amount like 2 or 2.50, or leave it empty."));
      // Thousands grouped by commas are allowed ("10,000"); the range is ZTierInput's.
      const apiText = /^\d{1,3}(,\d{3})+$/.test(v.apiRequestsPerHour)
        ? v.apiRequestsPerHour.replaceAll(",", "")
        : v.apiRequestsPerHour;
      const apiRequestsPerHour =
        apiText === ""
          ? null
          : /^\d{1,10}$/.test(apiText)
            ? Number(apiText)
            : fail(
                ["apiRequestsPerHour"],
                "Enter a whole number of requests, e.g. 1000, or leave it empty.",
              );
      if (
        rank === null ||
        windowDays === null ||
        threshold === null ||
        bonusBps === null ||
        (v.payoutMinimum !== "" && payoutMinimumCents === null) ||
        (apiText !== "" && apiRequestsPerHour === null)
      )
        return z.NEVER;
      const perks = v.perks
        .filter((r) => [r.icon, r.title, r.description, r.link].some((s) => s.trim() !== ""))
        .map((r) => ({
          icon: r.icon,
          title: r.title,
          description: r.description,
          ...(r.link.trim() === "" ? {} : { link: r.link }),
        }));
      const parsed = ZTierInput.safeParse({
        name: v.name,
        rank,
        metric: v.metric,
        threshold,
        windowDays,
        bonusBps,
        payoutMinimumCents,
        perks,
        apiRequestsPerHour,
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const [head, ...rest] = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
          const field = head === undefined ? "name" : String(head);
          ctx.addIssue({
            code: "custom",
            path: [FORM_FIELD_OF[field] ?? field, ...rest],
            message: issue.message,
          });
        }
        return z.NEVER;
      }
      return parsed.data;
    });
}

/** A new tier's form: the next rank, 90 days, no bonus, one empty perk row. */
export function emptyTierFormValues(rank = 0): z.input<ReturnType<typeof tierFormSchema>> {
  return {
    name: "",
    rank: String(rank),
    metric: "SALES",
    threshold: "0",
    windowDays: String(DEFAULT_TIER_WINDOW_DAYS),
    bonusPercent: "0",
    payoutMinimum: "",
    apiRequestsPerHour: "",
    perks: [],
  };
}

/** A stored tier as the form types it, the inverse of `tierFormSchema`. */
export function tierFormValues(tier: {
  name: string;
  rank: number;
  metric: TierMetricName;
  threshold: number;
  windowDays: number;
  bonusBps: number;
  payoutMinimumCents: number | null;
  apiRequestsPerHour?: number | null;
  perks: unknown;
}): z.input<ReturnType<typeof tierFormSchema>> {
  return {
    name: tier.name,
    rank: String(tier.rank),
    metric: tier.metric,
    threshold: tier.metric === "SALES" ? String(tier.threshold) : formatHundredths(tier.threshold),
    windowDays: String(tier.windowDays),
    bonusPercent: formatHundredths(tier.bonusBps),
    payoutMinimum:
      tier.payoutMinimumCents === null ? "" : formatHundredths(tier.payoutMinimumCents),
    apiRequestsPerHour: tier.apiRequestsPerHour == null ? "" : String(tier.apiRequestsPerHour),
    perks: readTierPerks(tier.perks).map((p) => ({
      icon: p.icon,
      title: p.title,
      description: p.description,
      link: p.link ?? "",
    })),
  };
}

/* What the tier procedures return (they carry bps and cents: declared, as money is). */

const ZTierOutputBase = z.object({
  id: z.string(),
  name: z.string(),
  rank: z.number().int(),
  bonusBps: z.number().int(),
  payoutMinimumCents: z.number().int().nullable(),
  perks: z.array(ZTierPerk),
});

/** `admin.tiers.list`'s rows (and `admin.tiers.upsert`'s answer). */
export const ZAdminTierOutput = ZTierOutputBase.extend({
  metric: z.enum(TIER_METRICS),
  threshold: z.number().int(),
  windowDays: z.number().int(),
  /** API requests per hour of its promoters' keys; null: the program's. */
  apiRequestsPerHour: z.number().int().nullable(),
  /** Promoters holding the tier now (as last recomputed). */
  promoterCount: z.number().int(),
});

/**
 * `promoter.progress`'s answer: the tier the promoter qualifies for now, the next one with what is
 * missing (sales, or cents of commission), their result over the next tier's rule (the current
 * tier's at the top), every tier's unlock state, and room for milestones and badges (later).
 */
export const ZPromoterProgressOutput = z.object({
  tier: ZTierOutputBase.nullable(),
  next: z
    .object({
      name: z.string(),
      metric: z.enum(TIER_METRICS),
      threshold: z.number().int(),
      windowDays: z.number().int(),
      /** The promoter's result over the window: sales, or cents of commission. */
      value: z.number().int(),
      /** What is missing to reach `threshold`, ≥ 1, in the same unit. */
      missing: z.number().int(),
      bonusBps: z.number().int(),
      perks: z.array(ZTierPerk),
    })
    .nullable(),
  value: z
    .object({
      metric: z.enum(TIER_METRICS),
      windowDays: z.number().int(),
      value: z.number().int(),
    })
    .nullable(),
  tiers: z.array(
    z.object({
      name: z.string(),
      rank: z.number().int(),
      bonusBps: z.number().int(),
      unlocked: z.boolean(),
    }),
  ),
  milestones: z.array(ZMilestoneProgress),
  /** Badges earned (issue 13 §3), newest first. */
  badges: z.array(ZEarnedBadge),
  /** Badges not earned yet, with what each takes, in catalogue order. */
  nextBadges: z.array(ZNextBadge),
});
export type PromoterProgress = z.output<typeof ZPromoterProgressOutput>;

/* Words for the UI (formatting at the edge: rules and progress as people read them). */

/** A rule as read: "15 sales in 90 days", "$50.00 commission in 30 days", "1 sale in 1 day". */
export function describeTierRule(rule: {
  metric: TierMetricName;
  threshold: number;
  windowDays: number;
}): string {
  const days = `${rule.windowDays} day${rule.windowDays === 1 ? "" : "s"}`;
  return rule.metric === "SALES"
    ? `${rule.threshold} sale${rule.threshold === 1 ? "" : "s"} in ${days}`
    : `${formatCents(rule.threshold)} commission in ${days}`;
}

/**
 * What is missing to the next tier as read: "3 more sales to Gold", "1 more sale to Silver",
 * "$12.40 more commission to Gold" (`missing` in sales, or cents of commission).
 */
export function describeTierMissing(next: {
  name: string;
  metric: TierMetricName;
  missing: number;
}): string {
  return next.metric === "SALES"
    ? `${next.missing} more sale${next.missing === 1 ? "" : "s"} to ${next.name}`
    : `${formatCents(next.missing)} more commission to ${next.name}`;
}
