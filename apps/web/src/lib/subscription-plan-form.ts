import { z } from "zod";

import type { SubscriptionPlanOutput } from "@fanfare/validators";
import {
  SUBSCRIPTION_DEFAULT_COMMISSION_BPS,
  SUBSCRIPTION_DEFAULT_COMMISSION_MONTHS,
  ZSaveSubscriptionPlanInput,
} from "@fanfare/validators";
import { parseDollarsToCents } from "@fanfare/validators/money";

/** The API field each form field stands for, to put the server's field errors on the form. */
export const PLAN_FIELD_OF = {
  monthlyPriceCents: "monthly",
  yearlyPriceCents: "yearly",
  commissionBps: "commission",
  commissionMonths: "months",
  active: "active",
} as const;

/** "12.5" (percent) as basis points (1250), exactly; null when not a percentage with ≤ 2 decimals. */
function parsePercentToBps(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(text);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : null;
}

/**
 * The artist's plan form as typed: prices in dollars ("4.99"), the yearly one empty for none, the
 * commission in percent ("20"), its months as a whole number unless `forever`, and `active`.
 * Output: `artist.saveSubscriptionPlan`'s input (cents, basis points, months or null), checked by
 * `ZSaveSubscriptionPlanInput` itself, so the browser refuses what the server would, with the
 * same messages, each on the field that was typed.
 */
export const subscriptionPlanFormSchema = z
  .object({
    monthly: z.string(),
    yearly: z.string(),
    commission: z.string(),
    // Optional: the field is disabled while `forever` is on, and a disabled field has no value.
    months: z.string().optional(),
    forever: z.boolean(),
    active: z.boolean(),
  })
  .transform((v, ctx) => {
    const monthly = parseDollarsToCents(v.monthly);
    const yearly = v.yearly.trim() === "" ? null : parseDollarsToCents(v.yearly);
    const bps = parsePercentToBps(v.commission);
    const typedMonths = v.months ?? "";
    const months = v.forever
      ? null
      : /^\s*\d{1,4}\s*$/.test(typedMonths)
        ? Number(typedMonths)
        : NaN;
    const typed: [boolean, string, string][] = [
      [monthly == null, "monthly", "Enter a monthly price like 5 or 4.99."],
      [
        v.yearly.trim() !== "" && yearly == null,
        "yearly",
        "Enter a yearly price like 50 or 49.99, or leave it empty.",
      ],
      [bps == null, "commission", "Enter a percentage like 20 or 12.5."],
      [Number.isNaN(months), "months", "Enter a whole number of months, or choose forever."],
    ];
    let bad = false;
    for (const [failed, path, message] of typed) {
      if (!failed) continue;
      ctx.addIssue({ code: "custom", path: [path], message });
      bad = true;
    }
    if (bad) return z.NEVER;
    const r = ZSaveSubscriptionPlanInput.safeParse({
      monthlyPriceCents: monthly,
      yearlyPriceCents: yearly,
      commissionBps: bps,
      commissionMonths: months,
      active: v.active,
    });
    if (!r.success) {
      for (const issue of r.error.issues) {
        const key = String(issue.path[0]) as keyof typeof PLAN_FIELD_OF;
        ctx.addIssue({
          code: "custom",
          path: [PLAN_FIELD_OF[key] ?? "monthly"],
          message: issue.message,
        });
      }
      return z.NEVER;
    }
    return r.data;
  });
export type SubscriptionPlanFormValues = z.input<typeof subscriptionPlanFormSchema>;

const dollars = (c: number) =>
  c % 100 === 0 ? String(c / 100) : `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`;

/** The form's values for the saved plan, or the defaults (20 % for 3 months) before the first save. */
export function subscriptionPlanFormValues(
  plan: SubscriptionPlanOutput,
): SubscriptionPlanFormValues {
  const bps = plan?.commissionBps ?? SUBSCRIPTION_DEFAULT_COMMISSION_BPS;
  const months = plan ? plan.commissionMonths : SUBSCRIPTION_DEFAULT_COMMISSION_MONTHS;
  return {
    monthly: plan ? dollars(plan.monthlyPriceCents) : "",
    yearly: plan?.yearlyPriceCents != null ? dollars(plan.yearlyPriceCents) : "",
    commission: bps % 100 === 0 ? String(bps / 100) : (bps / 100).toFixed(2).replace(/0$/, ""),
    months: months == null ? String(SUBSCRIPTION_DEFAULT_COMMISSION_MONTHS) : String(months),
    forever: months == null,
    active: plan?.active ?? true,
  };
}
