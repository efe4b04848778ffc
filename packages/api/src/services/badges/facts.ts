import type { Prisma, PrismaClient } from "@fanfare/db";

import type { BadgeFacts } from "./rules";

type Db = PrismaClient | Prisma.TransactionClient;

/** Completed calendar months the daily run looks back over for "Top 10 of the month". */
export const TOP_TEN_LOOKBACK_MONTHS = 12;

/** The first instant (UTC) of the month `monthsBack` months before `now`'s month. */
export function monthStart(now: Date, monthsBack = 0): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 1));
}

/**
 * The top `maxRank` (10: `BADGE_THRESHOLDS.TOP_RANK`) by commission earned of each completed UTC calendar month in the `lookbackMonths`
 * before `now`'s month (issue 13 §3, "top 10 of a month"), from the leaderboard's rollups
 * (`PromoterDailyStats`: commission net of reversals, on the day the sale completed), ranked as
 * the leaderboard ranks (commission descending, ties by promoter id; only a positive total
 * ranks). The month in progress is never ranked: a badge for it waits until the month is over.
 * One statement over the months' rows (the `day` index), so it belongs to the daily run, not to
 * the runs after each sale.
 * @returns promoter id → the months ("YYYY-MM") they finished in the top `maxRank`, with their place.
 */
export async function loadTopTenMonths(
  input: { now: Date; maxRank: number; lookbackMonths?: number },
  db: Db,
): Promise<Map<string, { month: string; rank: number }[]>> {
  const from = monthStart(input.now, input.lookbackMonths ?? TOP_TEN_LOOKBACK_MONTHS);
  const to = monthStart(input.now);
  const rows = await db.$queryRaw<{ promoterId: string; month: string; rank: number }[]>`
    WITH m AS (
      SELECT "promoterId", to_char("day", 'YYYY-MM') AS "month", SUM("commissionCents")::bigint AS "cents"
      FROM "PromoterDailyStats"
      WHERE "day" >= ${from.toISOString().slice(0, 10)}::date AND "day" < ${to.toISOString().slice(0, 10)}::date
      GROUP BY 1, 2
    ), r AS (
      SELECT "promoterId", "month", (row_number() OVER (PARTITION BY "month" ORDER BY "cents" DESC, "promoterId"))::int AS "rank"
      FROM m WHERE "cents" > 0
    )
    SELECT "promoterId", "month", "rank" FROM r WHERE "rank" <= ${input.maxRank}::int
    ORDER BY "month", "rank"`;
  const byPromoter = new Map<string, { month: string; rank: number }[]>();
  for (const r of rows) {
    const list = byPromoter.get(r.promoterId) ?? [];
    list.push({ month: r.month, rank: r.rank });
    byPromoter.set(r.promoterId, list);
  }
  return byPromoter;
}

/**
 * What the badge rules read about each promoter (`BadgeFacts`, rules.ts), in two statements: the
 * profile's counters, PAID payouts and months with counted sales; and their contest places.
 * `topTenMonths` comes from the caller (`loadTopTenMonths`, which ranks every promoter of a month
 * and so is loaded once per run, not per batch); without it none is seen.
 * @returns promoter id → their user id and facts; unknown ids are left out.
 */
export async function loadBadgeFacts(
  input: {
    promoterIds: string[];
    topTenMonths?: Map<string, { month: string; rank: number }[]>;
  },
  db: Db,
): Promise<Map<string, BadgeFacts & { userId: string }>> {
  if (input.promoterIds.length === 0) return new Map();
  const rows = await db.$queryRaw<
    {
      promoterId: string;
      userId: string;
      clickCount: number;
      salesCount: number;
      paidPayouts: number;
      activeMonths: string[];
    }[]
  >`
    SELECT p."id" AS "promoterId", p."userId", p."clickCount", p."salesCount",
      (SELECT COUNT(*)::int FROM "Payout" po
        WHERE po."payeeType" = 'PROMOTER' AND po."payeeId" = p."id" AND po."status" = 'PAID') AS "paidPayouts",
      COALESCE((SELECT array_agg(DISTINCT to_char(d."day", 'YYYY-MM') ORDER BY to_char(d."day", 'YYYY-MM'))
        FROM "PromoterDailyStats" d WHERE d."promoterId" = p."id" AND d."sales" > 0), ARRAY[]::text[]) AS "activeMonths"
    FROM "PromoterProfile" p
    WHERE p."id" = ANY(${input.promoterIds}::text[])`;
  const wins = await db.$queryRaw<
    { promoterId: string; contestId: string; contestName: string; place: number }[]
  >`
    SELECT w."promoterId", w."contestId", c."name" AS "contestName", w."place"
    FROM "ContestWinner" w JOIN "Contest" c ON c."id" = w."contestId"
    WHERE w."promoterId" = ANY(${input.promoterIds}::text[])
    ORDER BY w."contestId"`;
  const facts = new Map<string, BadgeFacts & { userId: string }>();
  for (const r of rows)
    facts.set(r.promoterId, {
      userId: r.userId,
      clickCount: r.clickCount,
      salesCount: r.salesCount,
      paidPayouts: r.paidPayouts,
      activeMonths: r.activeMonths,
      topTenMonths: input.topTenMonths?.get(r.promoterId) ?? [],
      contestWins: [],
    });
  for (const w of wins)
    facts
      .get(w.promoterId)
      ?.contestWins.push({ contestId: w.contestId, contestName: w.contestName, place: w.place });
  return facts;
}
