import type { Prisma, PrismaClient } from "@fanfare/db";
import { cents, Prisma as P } from "@fanfare/db";

export const LEADERBOARD_PERIODS = ["week", "month", "all"] as const;
export const LEADERBOARD_METRICS = ["earnings", "sales"] as const;
export type LeaderboardPeriod = (typeof LEADERBOARD_PERIODS)[number];
export type LeaderboardMetric = (typeof LEADERBOARD_METRICS)[number];

/** Rows kept per (period, metric): the most any reader may ask for. */
export const LEADERBOARD_SIZE = 100;

/** Days a period spans, today (UTC) included; null = all time. */
const PERIOD_DAYS: Record<LeaderboardPeriod, number | null> = { week: 7, month: 30, all: null };

const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * The first and last UTC day of a period ending today: week = the last 7 UTC days including
 * today, month = the last 30; null for all time.
 */
export function periodDays(
  period: LeaderboardPeriod,
  now: Date,
): { from: string; to: string } | null {
  const n = PERIOD_DAYS[period];
  if (n == null) return null;
  return { from: day(new Date(now.getTime() - (n - 1) * 86_400_000)), to: day(now) };
}

export type RankedPromoter = {
  rank: number;
  promoterId: string;
  /** Commission earned in the period, net of reversals (cents). */
  commissionCents: number;
  /** Sales in the period, net of fully reversed ones. */
  sales: number;
};

/**
 * Ranks promoters for one period and metric, straight from the rollups: week and month sum
 * `PromoterDailyStats` over the period's UTC days (an index range on `day`), all time reads the
 * `PromoterProfile` totals. earnings = commission cents descending, sales = sales descending;
 * ties by promoter id ascending; only promoters with a positive value for the metric.
 * Sales and commission sit on the UTC day the sale completed, net of later refunds and disputes.
 */
export async function rankPromoters(
  input: { period: LeaderboardPeriod; metric: LeaderboardMetric; now: Date; limit: number },
  db: PrismaClient | Prisma.TransactionClient,
): Promise<RankedPromoter[]> {
  const by = input.metric === "sales" ? P.raw(`"sales"`) : P.raw(`"commissionCents"`);
  const rows = await db.$queryRaw<{ promoterId: string; commissionCents: bigint; sales: number }[]>`
    SELECT "promoterId", "commissionCents", "sales" FROM (${periodTotals(input.period, input.now)}) s
    WHERE ${by} > 0 ORDER BY ${by} DESC, "promoterId" LIMIT ${input.limit}::int`;
  return rows.map((r, i) => ({
    rank: i + 1,
    promoterId: r.promoterId,
    commissionCents: cents(r.commissionCents),
    sales: r.sales,
  }));
}

/** Per promoter: commission cents and sales in the period (the SQL `rankPromoters` ranks). */
export function periodTotals(period: LeaderboardPeriod, now: Date): Prisma.Sql {
  const range = periodDays(period, now);
  return range
    ? P.sql`SELECT "promoterId", SUM("commissionCents")::bigint AS "commissionCents", SUM("sales")::int AS "sales"
        FROM "PromoterDailyStats" WHERE "day" BETWEEN ${range.from}::date AND ${range.to}::date
        GROUP BY "promoterId"`
    : P.sql`SELECT "id" AS "promoterId", "earningsCents" AS "commissionCents", "salesCount" AS "sales"
        FROM "PromoterProfile"`;
}

/**
 * Recomputes `LeaderboardSnapshot`: for each period (week, month, all) and metric (earnings,
 * sales), the top 100 promoters as `rankPromoters` ranks them. Replaces every set in one
 * transaction, so readers see the previous snapshot until it commits; concurrent refreshes queue
 * on a transaction-scoped advisory lock. Run by the `leaderboard.refresh` job every minute (and
 * by the seed).
 * @param input.now the clock (UTC) that decides the periods' days; default now.
 * @returns the number of snapshot rows written.
 */
export async function refreshLeaderboards(
  input: { now?: Date },
  db: PrismaClient,
): Promise<{ rows: number }> {
  const now = input.now ?? new Date();
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('fanfare.leaderboard.refresh'))`;
      await tx.$executeRaw`DELETE FROM "LeaderboardSnapshot"`;
      let rows = 0;
      // Per period one statement: the period's totals once, ranked by each metric (as
      // `rankPromoters` ranks), written without a round trip through Node.
      for (const period of LEADERBOARD_PERIODS) {
        rows += await tx.$executeRaw`
          INSERT INTO "LeaderboardSnapshot" ("period", "metric", "rank", "promoterId", "commissionCents", "sales", "computedAt")
          WITH s AS MATERIALIZED (${periodTotals(period, now)})
          SELECT ${period}::text, 'earnings', (row_number() OVER (ORDER BY "commissionCents" DESC, "promoterId"))::int,
            "promoterId", "commissionCents", "sales", ${now.toISOString()}::timestamp(3)
          FROM (SELECT * FROM s WHERE "commissionCents" > 0 ORDER BY "commissionCents" DESC, "promoterId" LIMIT ${LEADERBOARD_SIZE}::int) e
          UNION ALL
          SELECT ${period}::text, 'sales', (row_number() OVER (ORDER BY "sales" DESC, "promoterId"))::int,
            "promoterId", "commissionCents", "sales", ${now.toISOString()}::timestamp(3)
          FROM (SELECT * FROM s WHERE "sales" > 0 ORDER BY "sales" DESC, "promoterId" LIMIT ${LEADERBOARD_SIZE}::int) x`;
      }
      return { rows };
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}
