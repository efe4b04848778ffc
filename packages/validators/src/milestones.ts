import { z } from "zod";

import { formatHundredths, parseHundredths } from "./hundredths";
import { zId, zText } from "./text";

/**
 * Milestones (issue 13 §2): one-time bonuses at thresholds ("$5 at 10 sales"), paid by the
 * platform from PLATFORM_PROMOTIONS once per promoter. Only released sales count (commissions
 * past their holding period), so refunds cannot farm a bonus.
 */

/** What a milestone counts (the same names as the tiers' `TierMetric`): released sales or cents. */
export const MILESTONE_METRICS = ["SALES", "COMMISSION"] as const;

/** The largest bonus one milestone pays, cents ($10,000; the database CHECKs the same). */
export const MAX_MILESTONE_BONUS_CENTS = 1_000_000;

const whole = (label: string, min: number, max: number) =>
  z
    .number({ message: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .min(min, `${label} must be at least ${min.toLocaleString("en-US")}.`)
    .max(max, `${label} must be at most ${max.toLocaleString("en-US")}.`);

/** A milestone as an admin defines it. */
export const ZMilestoneInput = z.object({
  name: zText("Name")
    .trim()
    .min(1, "Name is required.")
    .max(60, "Keep the name under 60 characters."),
  description: zText("Description")
    .trim()
    .max(300, "Keep the description under 300 characters.")
    .default(""),
  metric: z.enum(MILESTONE_METRICS, { message: "Choose sales or commission." }),
  /** Released sales (SALES) or released commission in cents (COMMISSION) to reach it. */
  threshold: whole("Threshold", 1, 1_000_000_000),
  bonusCents: whole("Bonus", 1, MAX_MILESTONE_BONUS_CENTS),
  active: z.boolean({ message: "Active is true or false." }).default(true),
});
export type MilestoneInput = z.input<typeof ZMilestoneInput>;

/** `admin.milestones.upsert`'s input: a new milestone, or the id of the one to replace. */
export const ZUpsertMilestoneInput = ZMilestoneInput.extend({
  id: zId("Milestone id").optional(),
});
export type UpsertMilestoneInput = z.input<typeof ZUpsertMilestoneInput>;

/** `admin.milestones.delete`'s input. */
export const ZDeleteMilestoneInput = z.object({ id: zId("Milestone id") });

/** A milestone on the admin page: its rule and how many promoters reached it. */
export const ZAdminMilestoneOutput = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  metric: z.enum(MILESTONE_METRICS),
  threshold: z.number().int(),
  bonusCents: z.number().int(),
  active: z.boolean(),
  awardCount: z.number().int(),
  /** Cents paid out in bonuses for it so far. */
  awardedCents: z.number().int(),
});
export type AdminMilestone = z.output<typeof ZAdminMilestoneOutput>;

/**
 * One milestone on a promoter's dashboard: `released` is what counts now (released sales or
 * commission cents), `clearing` what is still inside its holding period ("2 more clearing").
 */
export const ZMilestoneProgress = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  metric: z.enum(MILESTONE_METRICS),
  threshold: z.number().int(),
  bonusCents: z.number().int(),
  released: z.number().int(),
  clearing: z.number().int(),
  /** When it was reached and paid; null while not yet. */
  awardedAt: z.date().nullable(),
  /** The bonus actually paid (the amount when reached), cents; null while not yet. */
  paidCents: z.number().int().nullable(),
});
export type MilestoneProgress = z.output<typeof ZMilestoneProgress>;

/**
 * "3 more sales" / "$4.20 more commission" / "2 more clearing": what a promoter still needs for a
 * milestone, in words. Empty when reached.
 */
export function milestoneGapText(m: {
  metric: (typeof MILESTONE_METRICS)[number];
  threshold: number;
  released: number;
  clearing: number;
  awardedAt: Date | null;
}): string {
  if (m.awardedAt) return "";
  const missing = Math.max(0, m.threshold - m.released);
  const dollars = (c: number) => `$${(c / 100).toFixed(2).replace(/\.00$/, "")}`;
  const unit =
    m.metric === "SALES"
      ? (n: number) => `${n} more sale${n === 1 ? "" : "s"}`
      : (n: number) => `${dollars(n)} more commission`;
  if (m.clearing >= missing) {
    return m.metric === "SALES" ? `${missing} more clearing` : `${dollars(missing)} clearing`;
  }
  const clearing =
    m.clearing > 0
      ? m.metric === "SALES"
        ? ` (${m.clearing} clearing)`
        : ` (${dollars(m.clearing)} clearing)`
      : "";
  return `${unit(missing)}${clearing}`;
}

/* The milestone form as typed (`milestoneFormSchema`, `milestoneFormValues`). */

/**
 * The milestone form as typed: the threshold as a count (SALES) or dollars (COMMISSION), the
 * bonus in dollars ("5" → 500 cents). Issues land on the typed field. Output:
 * `admin.milestones.upsert`'s input without `id`.
 */
export function milestoneFormSchema() {
  return z
    .object({
      name: z.string(),
      description: z.string(),
      metric: z.enum(MILESTONE_METRICS),
      threshold: z.string().trim(),
      bonus: z.string().trim(),
      active: z.boolean(),
    })
    .transform((v, ctx) => {
      const fail = (path: string, message: string) => {
        ctx.addIssue({ code: "custom", path: [path], message });
        return null;
      };
      const threshold =
        v.metric === "SALES"
          ? /^\d{1,10}$/.test(v.threshold)
            ? Number(v.threshold)
            : fail("threshold", "Enter a number of sales, e.g. 10.")
          : (parseHundredths(v.threshold) ??
            fail("threshold", "Enter an amount of commission like 50 or 12.40."));
      const bonusCents =
        parseHundredths(v.bonus) ?? fail("bonus", "Enter the bonus in dollars, like 5 or 2.50.");
      if (threshold === null || bonusCents === null) return z.NEVER;
      const parsed = ZMilestoneInput.safeParse({
        name: v.name,
        description: v.description,
        metric: v.metric,
        threshold,
        bonusCents,
        active: v.active,
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? "name");
          ctx.addIssue({
            code: "custom",
            path: [field === "bonusCents" ? "bonus" : field],
            message: issue.message,
          });
        }
        return z.NEVER;
      }
      return parsed.data;
    });
}

/** A stored milestone as the form types it (the inverse of `milestoneFormSchema`); empty: new. */
export function milestoneFormValues(
  m: {
    name: string;
    description: string;
    metric: (typeof MILESTONE_METRICS)[number];
    threshold: number;
    bonusCents: number;
    active: boolean;
  } | null,
): z.input<ReturnType<typeof milestoneFormSchema>> {
  if (!m)
    return {
      name: "",
      description: "",
      metric: "SALES",
      threshold: "10",
      bonus: "5",
      active: true,
    };
  return {
    name: m.name,
    description: m.description,
    metric: m.metric,
    threshold: m.metric === "SALES" ? String(m.threshold) : formatHundredths(m.threshold),
    bonus: formatHundredths(m.bonusCents),
    active: m.active,
  };
}

/** "10 released sales" / "$50 released commission": a milestone's rule in words. */
export function describeMilestoneRule(m: {
  metric: (typeof MILESTONE_METRICS)[number];
  threshold: number;
}): string {
  return m.metric === "SALES"
    ? `${m.threshold.toLocaleString("en-US")} released sale${m.threshold === 1 ? "" : "s"}`
    : `$${formatHundredths(m.threshold)} released commission`;
}
