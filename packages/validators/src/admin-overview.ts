import { z } from "zod";

import { PROMOTER_STATUSES } from "./promoters";

/** The longest period the program overview covers, in UTC days (a leap year). */
export const OVERVIEW_MAX_DAYS = 366;

/** The period the overview shows when none is given: the last 30 UTC days, today included. */
export const OVERVIEW_DEFAULT_DAYS = 30;

/** The period picker's presets, in UTC days ending today. */
export const OVERVIEW_PRESET_DAYS = [7, 30, 90] as const;

/** Earliest day the overview accepts (nothing in Fanfare is older; keeps dates sane for SQL). */
const FIRST_DAY = "2000-01-01";

const DAY_MS = 86_400_000;

/** A UTC day "YYYY-MM-DD" as the instant of its midnight, in ms since the epoch. */
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The UTC day of an instant, "YYYY-MM-DD". */
export const utcDayOf = (at: Date): string => at.toISOString().slice(0, 10);

/** `day` moved by `n` UTC days (negative: earlier), "YYYY-MM-DD". */
export const addUtcDays = (day: string, n: number): string =>
  new Date(dayMs(day) + n * DAY_MS).toISOString().slice(0, 10);

/** Days from `from` to `to`, both included (1 when they are the same day). */
export const utcDaysBetween = (from: string, to: string): number =>
  Math.round((dayMs(to) - dayMs(from)) / DAY_MS) + 1;

/** A calendar day that exists: "2026-02-30" parses in JavaScript (as March 2), so round-trip it. */
const isRealDay = (day: string) => {
  const ms = dayMs(day);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day;
};

const zOverviewDay = (label: string) =>
  z
    .string({ message: `${label} must be a date like 2026-12-01 (YYYY-MM-DD, UTC).` })
    // Each check stops the next: one message per field, the first that applies.
    .regex(/^\d{4}-\d{2}-\d{2}$/, {
      message: `${label} must be a date like 2026-12-01 (YYYY-MM-DD, UTC).`,
      abort: true,
    })
    .refine(isRealDay, { message: `${label} is not a real date.`, abort: true })
    .refine((d) => d >= FIRST_DAY, `${label} must be on or after ${FIRST_DAY}.`);

/**
 * What is wrong with a period of UTC days `from`..`to` (both included), or null when it is fine:
 * `from` after `to`, or more than OVERVIEW_MAX_DAYS days. Both days must already be valid
 * "YYYY-MM-DD" strings. The one rule the input schema and the service (after filling in the
 * defaults) both apply.
 */
export function overviewRangeProblem(
  from: string,
  to: string,
): { field: "from" | "to"; message: string } | null {
  if (from > to)
    return { field: "from", message: `From (${from}) must be on or before to (${to}).` };
  const days = utcDaysBetween(from, to);
  if (days > OVERVIEW_MAX_DAYS)
    return {
      field: "to",
      message: `Choose a period of at most ${OVERVIEW_MAX_DAYS} days (${from} to ${to} is ${days} days).`,
    };
  return null;
}

/**
 * `admin.overview`: a period of UTC days, `from` and `to` both included ("YYYY-MM-DD"), at most
 * OVERVIEW_MAX_DAYS days. Both are optional: `to` defaults to today (UTC), `from` to the
 * OVERVIEW_DEFAULT_DAYS days ending on `to` (see `resolveOverviewPeriod`).
 */
export const ZProgramOverviewInput = z
  .object({
    from: zOverviewDay("From").optional(),
    to: zOverviewDay("To").optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.from || !v.to) return;
    const problem = overviewRangeProblem(v.from, v.to);
    if (problem) ctx.addIssue({ code: "custom", message: problem.message, path: [problem.field] });
  });
export type ProgramOverviewInput = z.input<typeof ZProgramOverviewInput>;

/** A resolved overview period: UTC days `from`..`to`, both included, `days` long. */
export type OverviewPeriod = { from: string; to: string; days: number };

/**
 * Fills in the defaults of an overview input and checks the result: `to` = today (UTC, from
 * `now`), `from` = the OVERVIEW_DEFAULT_DAYS days ending on `to`. With only `from` given the
 * period runs to today, so a `from` in the future or more than a year back is a problem.
 * @returns the period, or the problem (`overviewRangeProblem`).
 */
export function resolveOverviewPeriod(
  input: { from?: string; to?: string },
  now: Date,
): { ok: true; period: OverviewPeriod } | { ok: false; field: "from" | "to"; message: string } {
  const to = input.to ?? utcDayOf(now);
  const from = input.from ?? addUtcDays(to, -(OVERVIEW_DEFAULT_DAYS - 1));
  const problem = overviewRangeProblem(from, to);
  if (problem) return { ok: false, ...problem };
  return { ok: true, period: { from, to, days: utcDaysBetween(from, to) } };
}

/** The period of the same length just before `period` (for "vs previous period"). */
export function previousOverviewPeriod(period: OverviewPeriod): OverviewPeriod {
  return {
    from: addUtcDays(period.from, -period.days),
    to: addUtcDays(period.from, -1),
    days: period.days,
  };
}

const zCents = z.number().int();
const zCount = z.number().int().nonnegative();
const zPeriod = z.object({ from: z.string(), to: z.string(), days: zCount });

/**
 * The program's figures for one UTC day or one period (`admin.overview`). Money in integer cents
 * (the platform's one currency, USD); counts are whole numbers. What each figure counts and
 * where it is read from: `programOverview` (packages/api/src/services/admin/overview.ts).
 */
export const ZOverviewFigures = z.object({
  /** Sales completed (UTC day of completion) and not fully refunded or disputed since. */
  sales: zCount,
  /**
   * GMV: what buyers paid for the sales completed on the day, net of what has gone back to them
   * since: Σ (amount − reversed), reversed = min(amount, refunded + disputed in an open or lost
   * dispute), the reversal settlement applies to the ledger.
   */
  gmvCents: zCents,
  /** The platform's fee on those sales, net of what refunds and disputes took back of it. */
  platformFeeCents: zCents,
  /**
   * Commission earned by promoters on those of the sales attributed to them, net of refunds and
   * disputes; a rejected commission counts 0 (its share went to the artist); held ones count.
   */
  commissionCents: zCents,
  /** Attributed sales completed that day, net of fully reversed ones and rejected commissions. */
  attributedSales: zCount,
  /** Counted clicks (not bots, not repeats within the dedupe window, not over the per-IP cap). */
  clicks: zCount,
  /** attributedSales ÷ clicks in basis points, rounded half up; null without clicks. */
  conversionBps: zCount.nullable(),
  /** Payouts (artists' and promoters') whose transfer was confirmed that day: count and cents. */
  payoutsPaid: zCount,
  payoutsPaidCents: zCents,
  /** Distinct promoters with a counted click or an attributed sale (for a period: distinct over it). */
  activePromoters: zCount,
  /** Promoter profiles created (every user gets one at sign-up), whatever their status now. */
  newPromoters: zCount,
});
export type OverviewFigures = z.infer<typeof ZOverviewFigures>;

/** One UTC day of the overview's series ("YYYY-MM-DD"). */
export const ZOverviewDay = ZOverviewFigures.extend({ day: z.string() });
export type OverviewDay = z.infer<typeof ZOverviewDay>;

/**
 * Buyers who became promoters over a period (issue 14 §7, "share & earn"): `buyers`, the distinct
 * buyer emails of the sales completed in the period (still COMPLETED); `promoters`, how many of
 * those emails belong to a promoter profile that joined through a receipt (`joinedVia`
 * "receipt") created in the period; `shareBps` = promoters ÷ buyers in basis points, rounded
 * half up, null without buyers.
 */
export const ZBuyerPromoterFigures = z.object({
  buyers: zCount,
  promoters: zCount,
  shareBps: zCount.nullable(),
});
export type BuyerPromoterFigures = z.infer<typeof ZBuyerPromoterFigures>;

/** `admin.overview`'s answer: the period's and the previous period's totals, the days, the standing. */
export const ZProgramOverviewOutput = z.object({
  currency: z.literal("usd"),
  /** The period asked for (UTC days, both included) and the one of the same length before it. */
  period: zPeriod,
  previousPeriod: zPeriod,
  totals: ZOverviewFigures,
  previousTotals: ZOverviewFigures,
  /** Every day of `period`, oldest first; a day without activity is a row of zeros. */
  days: z.array(ZOverviewDay),
  /** Where the program stands now, whatever the period. */
  standing: z.object({
    /** Every status, 0 when none. */
    promotersByStatus: z.record(z.enum(PROMOTER_STATUSES), zCount),
    /**
     * Commissions on hold (the fraud review queue, whatever the reason): how many, their cents
     * net of reversals, and how many were held for review rather than by a suspension.
     */
    commissionsOnHold: z.object({ count: zCount, cents: zCents, forReview: zCount }),
    /** Visitors' reports of promoters still open. */
    openReports: zCount,
  }),
  /** Buyers who became promoters (issue 14 §7) in the period and in the previous one. */
  buyersToPromoters: z.object({
    current: ZBuyerPromoterFigures,
    previous: ZBuyerPromoterFigures,
  }),
  /** When the figures were read. */
  generatedAt: z.date(),
});
export type ProgramOverview = z.infer<typeof ZProgramOverviewOutput>;
