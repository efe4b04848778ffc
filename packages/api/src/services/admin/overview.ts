import type { PrismaClient } from "@fanfare/db";
import { cents } from "@fanfare/db";
import type {
  BuyerPromoterFigures,
  OverviewDay,
  OverviewFigures,
  OverviewPeriod,
  ProgramOverview,
  ProgramOverviewInput,
  PromoterStatusName,
} from "@fanfare/validators";
import {
  addUtcDays,
  previousOverviewPeriod,
  PROMOTER_STATUSES,
  resolveOverviewPeriod,
  ZProgramOverviewInput,
} from "@fanfare/validators";

import { AppError } from "../app-error";
import { ledgerAccountId } from "../ledger/post-transaction";

/**
 * Attributed sales per counted click in basis points, rounded half up; null when there were no
 * clicks (a rate of nothing is not 0 %).
 */
export function conversionBps(attributedSales: number, clicks: number): number | null {
  if (clicks <= 0) return null;
  return Math.floor((attributedSales * 10_000 * 2 + clicks) / (2 * clicks));
}

/** One day's row as the series query returns it (sums are bigint). */
type DayRow = {
  day: string;
  sales: number;
  gmvCents: bigint;
  platformFeeCents: bigint;
  commissionCents: bigint;
  attributedSales: bigint;
  clicks: bigint;
  payoutsPaid: number;
  payoutsPaidCents: bigint;
  activePromoters: number;
  newPromoters: number;
};

/**
 * The program overview for the admin console (issue 11 §6): per UTC day of the period, sales,
 * GMV, platform fee, commissions, payouts paid, counted clicks, conversion, active and new
 * promoters; the same figures totalled for the period and for the period of the same length just
 * before it (for "vs previous period"); and the program's standing now (promoters by status,
 * commissions on hold, open reports).
 *
 * What the figures mean (per UTC day; a period sums its days, except as noted):
 * - sales: sales completed that day (`Sale.completedAt`) and not fully reversed since (status
 *   still COMPLETED).
 * - GMV (`gmvCents`): what buyers paid for the sales completed that day, net of what went back to
 *   them since: Σ (`amountCents` − `reversedCents`), where `reversedCents` = min(amount, refunded
 *   + disputed in an open or lost dispute), the reversal settlement applies to the ledger. A full
 *   refund brings a sale's GMV to 0; a won dispute restores it. Gross of fees and commissions.
 * - platform fee: the platform's share of those sales, net of what reversals took back of it
 *   (what PLATFORM_REVENUE holds from them).
 * - commissions: promoters' shares of those of the sales attributed to them, net of reversals; a
 *   rejected commission (fraud review, termination) counts 0, its share went to the artist; held
 *   commissions count (earned, not yet payable). `attributedSales` counts the same sales, net of
 *   fully reversed ones and rejected commissions.
 * - clicks: counted clicks (not bots, not repeats within the dedupe window, not over the per-IP
 *   cap) on the day they happened; conversion = attributedSales ÷ clicks in basis points, rounded
 *   half up, null without clicks (the period's: of its sums). A sale lands on the day it
 *   completed, its click maybe earlier, so a day can exceed 100 %.
 * - payouts paid: payouts (artists' and promoters') whose transfer was confirmed that day
 *   (`Payout.paidAt`), count and cents.
 * - active promoters: distinct promoters with a counted click or an attributed sale that day; a
 *   period's is distinct over the period, not a sum of days.
 * - new promoters: promoter profiles created that day (every user gets one at sign-up), whatever
 *   their status now.
 *
 * Sales, GMV, fee and commissions sit on the day the sale completed and are net of every refund
 * and dispute known now, like the promoters' daily stats and the leaderboards: a refund changes
 * the day the sale was made, not the day of the refund, so a past day can still move while its
 * sales are refundable.
 *
 * Where each figure comes from, each read as an index range over the two periods (never a scan
 * of all sales or clicks; 2 × `days` UTC days):
 * - sales, GMV, fee: the sales whose SALE posting (the ledger transaction settlement posts at the
 *   completion, at the completion's instant) is on BUYER_CLEARING in the range, by
 *   `LedgerEntry_accountId_createdAt_idx`, each joined to its `Sale` row by primary key for its
 *   amount, reversal, fee and `completedAt` (the day). `Sale` has no index on `completedAt`, and
 *   its `createdAt` (checkout start) may be days earlier for delayed payment methods. A sale
 *   refunded or disputed in full before it completed posts nothing then, and has no GMV, fee or
 *   count to add (should that dispute be won later, the sale's first posting is made then, and
 *   the sale is counted only when that posting lies in the range read). The
 *   fee of a partly reversed sale is what PLATFORM_REVENUE holds from it (`LedgerEntry_saleId_idx`,
 *   only for those few sales), so the proportional rounding of `reverseShares` is not repeated.
 * - commissions, attributed sales, clicks, active promoters: `PromoterDailyStats` by
 *   `PromoterDailyStats_day_idx`. Its sales and commission are written by settlement in the
 *   sale's own transaction (exact); its clicks by the `clicks.rollup` job, so today's clicks lag
 *   by seconds. Raw `ClickEvent` rows are never read.
 * - payouts paid: the PAYOUT_PAID postings on PAYOUTS_IN_TRANSIT (posted with `Payout.paidAt`'s
 *   instant), by `LedgerEntry_accountId_createdAt_idx`. A transfer Stripe reverses later stays
 *   counted as paid that day (its money back is a PAYOUT_REVERSED posting of its own).
 * - new promoters: `PromoterProfile_status_createdAt_idx`, one range per status.
 * - standing: promoters by status from the same index (index-only); open reports by
 *   `PromoterReport_status_createdAt_idx`; commissions on hold read `Commission` in full (no index
 *   has `heldAt`; the fraud review queue reads the same rows), which a partial index on
 *   `"heldAt" WHERE "heldAt" IS NOT NULL` would turn into an index scan.
 *
 * @param raw the period: UTC days `from` and `to` ("YYYY-MM-DD", both included, at most 366
 *   days); `to` defaults to today, `from` to the 30 days ending on `to` (ZProgramOverviewInput).
 * @param now the clock that decides "today" (UTC); injectable for tests.
 * @returns ProgramOverview (ZProgramOverviewOutput, @fanfare/validators): the period and the
 *   previous one, their totals, every day of the period, the standing; money in integer cents
 *   (USD), counts as numbers, no bigint.
 * @throws ZodError for a malformed input (a date that is not YYYY-MM-DD or not real, `from`
 *   after `to`, more than 366 days); AppError BAD_INPUT when the period is wrong only once the
 *   defaults are filled in (a `from` alone in the future or more than 366 days before today).
 */
export async function programOverview(
  raw: ProgramOverviewInput,
  db: PrismaClient,
  now: Date = new Date(),
): Promise<ProgramOverview> {
  const input = ZProgramOverviewInput.parse(raw);
  const resolved = resolveOverviewPeriod(input, now);
  if (!resolved.ok) throw new AppError("BAD_INPUT", resolved.message, { field: resolved.field });
  const period = resolved.period;
  const previousPeriod = previousOverviewPeriod(period);

  const [rows, active, standing, buyersNow, buyersBefore] = await Promise.all([
    readDays({ from: previousPeriod.from, to: period.to }, db),
    readActivePromoters(previousPeriod, period, db),
    readStanding(db),
    readBuyersToPromoters(period, db),
    readBuyersToPromoters(previousPeriod, db),
  ]);
  const series: OverviewDay[] = rows.map((r) => {
    const attributedSales = Number(r.attributedSales);
    const clicks = Number(r.clicks);
    return {
      day: r.day,
      sales: r.sales,
      gmvCents: cents(r.gmvCents),
      platformFeeCents: cents(r.platformFeeCents),
      commissionCents: cents(r.commissionCents),
      attributedSales,
      clicks,
      conversionBps: conversionBps(attributedSales, clicks),
      payoutsPaid: r.payoutsPaid,
      payoutsPaidCents: cents(r.payoutsPaidCents),
      activePromoters: r.activePromoters,
      newPromoters: r.newPromoters,
    };
  });
  const days = series.filter((d) => d.day >= period.from);
  return {
    currency: "usd",
    period,
    previousPeriod,
    totals: totalOf(days, active.current),
    previousTotals: totalOf(
      series.filter((d) => d.day < period.from),
      active.previous,
    ),
    days,
    standing,
    buyersToPromoters: { current: buyersNow, previous: buyersBefore },
    generatedAt: now,
  };
}

/**
 * Buyers who became promoters in a period (issue 14 §7, "share & earn"; `ZBuyerPromoterFigures`):
 * the distinct buyer emails of the sales completed in the period and still COMPLETED (found like
 * the `sold` figures of `readDays`: the SALE postings on BUYER_CLEARING in the range, by
 * `LedgerEntry_accountId_createdAt_idx`, each joined to its sale by primary key), and how many
 * of them are the email of a user whose promoter profile joined through a receipt (`joinedVia`
 * "receipt") and was created in the period (`PromoterProfile_status_createdAt_idx`, every status
 * listed). Emails are compared as stored: both are lower-cased on the way in (`ZEmail`, the
 * share & earn flow's `normalizeMagicLinkEmail`).
 */
async function readBuyersToPromoters(
  period: OverviewPeriod,
  db: PrismaClient,
): Promise<BuyerPromoterFigures> {
  const end = addUtcDays(period.to, 1);
  const clearing = ledgerAccountId("BUYER_CLEARING");
  const [row] = await db.$queryRaw<{ buyers: number; promoters: number }[]>`
    WITH buyers AS (
      SELECT DISTINCT s."buyerEmail" AS "email"
      FROM "LedgerEntry" e JOIN "Sale" s ON s."id" = e."saleId"
      WHERE e."accountId" = ${clearing}::text AND e."kind" = 'SALE'
        AND e."createdAt" >= ${period.from}::date AND e."createdAt" < ${end}::date
        AND s."completedAt" >= ${period.from}::date AND s."completedAt" < ${end}::date
        AND s."status" = 'COMPLETED'
    ), joined AS (
      SELECT u."email"
      FROM "PromoterProfile" p JOIN "User" u ON u."id" = p."userId"
      WHERE p."status" = ANY(CAST(${[...PROMOTER_STATUSES]}::text[] AS "PromoterStatus"[]))
        AND p."createdAt" >= ${period.from}::date AND p."createdAt" < ${end}::date
        AND p."joinedVia" = 'receipt'
    )
    SELECT (SELECT COUNT(*) FROM buyers)::int AS "buyers",
      (SELECT COUNT(*) FROM buyers b WHERE b."email" IN (SELECT "email" FROM joined))::int AS "promoters"`;
  const buyers = row?.buyers ?? 0;
  const promoters = row?.promoters ?? 0;
  return { buyers, promoters, shareBps: conversionBps(promoters, buyers) };
}

/** The period's figures: the days' sums, conversion of the sums, distinct active promoters. */
function totalOf(days: OverviewDay[], activePromoters: number): OverviewFigures {
  const sum = (key: keyof Omit<OverviewFigures, "conversionBps" | "activePromoters">) =>
    days.reduce((t, d) => t + d[key], 0);
  const attributedSales = sum("attributedSales");
  const clicks = sum("clicks");
  return {
    sales: sum("sales"),
    gmvCents: sum("gmvCents"),
    platformFeeCents: sum("platformFeeCents"),
    commissionCents: sum("commissionCents"),
    attributedSales,
    clicks,
    conversionBps: conversionBps(attributedSales, clicks),
    payoutsPaid: sum("payoutsPaid"),
    payoutsPaidCents: sum("payoutsPaidCents"),
    activePromoters,
    newPromoters: sum("newPromoters"),
  };
}

/**
 * One row per UTC day from `from` to `to` (both included; `generate_series`, so days without
 * activity are rows of zeros), each aggregate an index range over the days (see
 * `programOverview`). Date bounds go in as `date`s compared with the timestamp(3) UTC columns.
 */
async function readDays(range: { from: string; to: string }, db: PrismaClient): Promise<DayRow[]> {
  const first = range.from;
  const end = addUtcDays(range.to, 1);
  const clearing = ledgerAccountId("BUYER_CLEARING");
  const revenue = ledgerAccountId("PLATFORM_REVENUE");
  const inTransit = ledgerAccountId("PAYOUTS_IN_TRANSIT");
  return db.$queryRaw<DayRow[]>`
    WITH days AS (
      SELECT g::date AS "day" FROM generate_series(${first}::date, ${range.to}::date, interval '1 day') AS g
    ), sold AS (
      SELECT s."completedAt"::date AS "day",
        COUNT(*) FILTER (WHERE s."status" = 'COMPLETED') AS "sales",
        SUM(s."amountCents" - s."reversedCents") AS "gmv",
        SUM(CASE
          WHEN s."reversedCents" = 0 THEN s."platformFeeCents"
          WHEN s."reversedCents" >= s."amountCents" THEN 0
          ELSE (SELECT SUM(r."amountCents") FROM "LedgerEntry" r
                WHERE r."saleId" = s."id" AND r."accountId" = ${revenue}::text)
        END) AS "fee"
      FROM "LedgerEntry" e JOIN "Sale" s ON s."id" = e."saleId"
      WHERE e."accountId" = ${clearing}::text AND e."kind" = 'SALE'
        AND e."createdAt" >= ${first}::date AND e."createdAt" < ${end}::date
        AND s."completedAt" >= ${first}::date AND s."completedAt" < ${end}::date
      GROUP BY 1
    ), promoted AS (
      SELECT "day", SUM("commissionCents") AS "commission", SUM("sales") AS "sales", SUM("clicks") AS "clicks",
        COUNT(*) FILTER (WHERE "clicks" > 0 OR "sales" > 0) AS "active"
      FROM "PromoterDailyStats"
      WHERE "day" >= ${first}::date AND "day" < ${end}::date
      GROUP BY 1
    ), paid AS (
      SELECT "createdAt"::date AS "day", COUNT(*) AS "n", -SUM("amountCents") AS "cents"
      FROM "LedgerEntry"
      WHERE "accountId" = ${inTransit}::text AND "kind" = 'PAYOUT_PAID'
        AND "createdAt" >= ${first}::date AND "createdAt" < ${end}::date
      GROUP BY 1
    ), joined AS (
      -- Every status listed, so the (status, createdAt) index serves the range.
      SELECT "createdAt"::date AS "day", COUNT(*) AS "n"
      FROM "PromoterProfile"
      WHERE "status" = ANY(CAST(${[...PROMOTER_STATUSES]}::text[] AS "PromoterStatus"[]))
        AND "createdAt" >= ${first}::date AND "createdAt" < ${end}::date
      GROUP BY 1
    )
    SELECT to_char(d."day", 'YYYY-MM-DD') AS "day",
      COALESCE(sold."sales", 0)::int AS "sales",
      COALESCE(sold."gmv", 0)::bigint AS "gmvCents",
      COALESCE(sold."fee", 0)::bigint AS "platformFeeCents",
      COALESCE(promoted."commission", 0)::bigint AS "commissionCents",
      COALESCE(promoted."sales", 0)::bigint AS "attributedSales",
      COALESCE(promoted."clicks", 0)::bigint AS "clicks",
      COALESCE(paid."n", 0)::int AS "payoutsPaid",
      COALESCE(paid."cents", 0)::bigint AS "payoutsPaidCents",
      COALESCE(promoted."active", 0)::int AS "activePromoters",
      COALESCE(joined."n", 0)::int AS "newPromoters"
    FROM days d
    LEFT JOIN sold ON sold."day" = d."day"
    LEFT JOIN promoted ON promoted."day" = d."day"
    LEFT JOIN paid ON paid."day" = d."day"
    LEFT JOIN joined ON joined."day" = d."day"
    ORDER BY d."day"`;
}

/** Distinct promoters with a counted click or an attributed sale in each period. */
async function readActivePromoters(
  previous: OverviewPeriod,
  current: OverviewPeriod,
  db: PrismaClient,
): Promise<{ current: number; previous: number }> {
  const [row] = await db.$queryRaw<{ current: number; previous: number }[]>`
    SELECT COUNT(DISTINCT "promoterId") FILTER (WHERE "day" >= ${current.from}::date)::int AS "current",
      COUNT(DISTINCT "promoterId") FILTER (WHERE "day" < ${current.from}::date)::int AS "previous"
    FROM "PromoterDailyStats"
    WHERE "day" >= ${previous.from}::date AND "day" <= ${current.to}::date
      AND ("clicks" > 0 OR "sales" > 0)`;
  return { current: row?.current ?? 0, previous: row?.previous ?? 0 };
}

/** Where the program stands now: promoters by status, commissions on hold, open reports. */
async function readStanding(db: PrismaClient): Promise<ProgramOverview["standing"]> {
  const [byStatus, [held], openReports] = await Promise.all([
    db.promoterProfile.groupBy({ by: ["status"], _count: { _all: true } }),
    db.$queryRaw<{ count: number; cents: bigint; forReview: number }[]>`
      SELECT COUNT(*)::int AS "count", COALESCE(SUM("amountCents" - "reversedCents"), 0)::bigint AS "cents",
        COUNT(*) FILTER (WHERE "holdReason" = 'REVIEW')::int AS "forReview"
      FROM "Commission" WHERE "heldAt" IS NOT NULL`,
    db.promoterReport.count({ where: { status: "OPEN" } }),
  ]);
  const promotersByStatus = Object.fromEntries(PROMOTER_STATUSES.map((s) => [s, 0])) as Record<
    PromoterStatusName,
    number
  >;
  for (const g of byStatus) promotersByStatus[g.status] = g._count._all;
  return {
    promotersByStatus,
    commissionsOnHold: {
      count: held?.count ?? 0,
      cents: cents(held?.cents ?? 0),
      forReview: held?.forReview ?? 0,
    },
    openReports,
  };
}
