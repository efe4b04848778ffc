import type { Prisma, PrismaClient } from "@fanfare/db";
import { cents, Prisma as P } from "@fanfare/db";
import type { LeaderboardMetric, LeaderboardScope } from "@fanfare/validators";
import { conversionBps } from "@fanfare/validators";

import type { DayRange } from "./periods";

type Db = PrismaClient | Prisma.TransactionClient;

/** One promoter's totals over a period and scope: counted clicks, sales, commission (cents). */
export type PromoterTotals = {
  promoterId: string;
  clicks: number;
  sales: number;
  commissionCents: number;
};

/** A ranked promoter: the totals and the value of the metric ranked (see `metricValueSql`). */
export type RankedPromoter = PromoterTotals & { rank: number; value: number };

/**
 * Per promoter, the counted clicks, sales and commission cents of one period (`range`, UTC days)
 * and scope, as SQL with the columns "promoterId", "clicks", "sales", "commissionCents":
 * - platform: `PromoterDailyStats` over the days (an index range on `day`), all time the
 *   `PromoterProfile` totals;
 * - track: its links (`AffiliateLink_trackId_idx`; one per promoter), their `LinkDailyStats`
 *   over the days (primary key range (linkId, day)), all time the links' totals;
 * - artist: the same over every track of the artist (`Track_artistId_idx`), summed per promoter.
 * Every one of them counts a sale and its commission on the UTC day the sale completed, net of
 * later refunds and disputes, and a click on the day it was counted (the daily stats and the
 * totals are written together: settlement's `writeSettlement`, `rollupClicks`).
 */
export function totalsSql(range: DayRange, scope: LeaderboardScope): Prisma.Sql {
  if (scope.type === "platform")
    return range
      ? P.sql`SELECT "promoterId", SUM("clicks")::bigint AS "clicks", SUM("sales")::bigint AS "sales",
          SUM("commissionCents")::bigint AS "commissionCents"
        FROM "PromoterDailyStats" WHERE "day" BETWEEN ${range.from}::date AND ${range.to}::date
        GROUP BY "promoterId"`
      : P.sql`SELECT "id" AS "promoterId", "clickCount"::bigint AS "clicks", "salesCount"::bigint AS "sales",
          "earningsCents"::bigint AS "commissionCents"
        FROM "PromoterProfile"`;
  const links =
    scope.type === "track"
      ? P.sql`SELECT l."id", l."promoterId", l."clickCount", l."salesCount", l."commissionCents"
          FROM "AffiliateLink" l WHERE l."trackId" = ${scope.trackId}`
      : // The artist's track and release links (issue 16 §1).
        P.sql`SELECT l."id", l."promoterId", l."clickCount", l."salesCount", l."commissionCents"
          FROM "Track" t JOIN "AffiliateLink" l ON l."trackId" = t."id" WHERE t."artistId" = ${scope.artistId}
          UNION ALL
          SELECT l."id", l."promoterId", l."clickCount", l."salesCount", l."commissionCents"
          FROM "Release" r JOIN "AffiliateLink" l ON l."releaseId" = r."id" WHERE r."artistId" = ${scope.artistId}`;
  return range
    ? P.sql`SELECT l."promoterId", SUM(d."clicks")::bigint AS "clicks", SUM(d."sales")::bigint AS "sales",
          SUM(d."commissionCents")::bigint AS "commissionCents"
        FROM (${links}) l JOIN "LinkDailyStats" d
          ON d."linkId" = l."id" AND d."day" BETWEEN ${range.from}::date AND ${range.to}::date
        GROUP BY l."promoterId"`
    : P.sql`SELECT l."promoterId", SUM(l."clickCount")::bigint AS "clicks", SUM(l."salesCount")::bigint AS "sales",
          SUM(l."commissionCents")::bigint AS "commissionCents"
        FROM (${links}) l GROUP BY l."promoterId"`;
}

/**
 * The value a board ranks by, over the columns of `totalsSql`: sales, commission cents, counted
 * clicks, or conversion = sales per click in basis points rounded half up (`conversionBps`).
 */
export function metricValueSql(metric: LeaderboardMetric): Prisma.Sql {
  switch (metric) {
    case "sales":
      return P.sql`"sales"`;
    case "earnings":
      return P.sql`"commissionCents"`;
    case "clicks":
      return P.sql`"clicks"`;
    case "conversion":
      return P.sql`CASE WHEN "clicks" > 0 THEN ("sales" * 20000 + "clicks") / (2 * "clicks") ELSE 0 END`;
  }
}

/**
 * Good standing, over a column "promoterId": an ACTIVE profile (a suspended, terminated or not yet
 * approved promoter is not shown publicly, as contests rank only active ones; the daily stats of
 * a deleted profile rank nobody).
 */
const activeSql = P.sql`EXISTS (SELECT 1 FROM "PromoterProfile" pp WHERE pp."id" = "promoterId" AND pp."status" = 'ACTIVE')`;

/**
 * The metric's part of `qualifiesSql`, over the columns of `totalsSql`: a positive value, and for
 * conversion at least `minClicks` counted clicks and a sale.
 */
function metricQualifiesSql(metric: LeaderboardMetric, minClicks: number): Prisma.Sql {
  return metric === "conversion"
    ? P.sql`("clicks" >= ${minClicks}::int AND "sales" > 0)`
    : P.sql`(${metricValueSql(metric)} > 0)`;
}

/**
 * Who a board ranks: promoters in good standing (ACTIVE: a suspended, terminated or not yet
 * approved promoter is not shown publicly, as contests rank only active ones), with a positive
 * value of the metric (nobody with nothing, as before issue 13), and for conversion at least
 * `minClicks` counted clicks in the period (so 1 sale from 2 clicks does not top the board) and
 * at least one sale.
 */
export function qualifiesSql(metric: LeaderboardMetric, minClicks: number): Prisma.Sql {
  return P.sql`(${metricQualifiesSql(metric, minClicks)} AND ${activeSql})`;
}

/** A row of `totalsSql` as numbers (bigint sums, so no account stops at 2^31 cents). */
export function toTotals(r: {
  promoterId: string;
  clicks: bigint | number;
  sales: bigint | number;
  commissionCents: bigint | number;
}): PromoterTotals {
  return {
    promoterId: r.promoterId,
    clicks: Number(r.clicks),
    sales: Number(r.sales),
    commissionCents: cents(r.commissionCents),
  };
}

/** The value of `metric` for one promoter's totals (the same as `metricValueSql`). */
export function metricValue(metric: LeaderboardMetric, t: PromoterTotals): number {
  switch (metric) {
    case "sales":
      return t.sales;
    case "earnings":
      return t.commissionCents;
    case "clicks":
      return t.clicks;
    case "conversion":
      return conversionBps(t.sales, t.clicks);
  }
}

/**
 * Ranks one board on the spot: the promoters `qualifiesSql` admits, by the metric's value
 * descending, ties by promoter id ascending (the column's collation, as every board), the first
 * `limit`. What the snapshot stores for the platform, and what artist and track boards read live.
 */
export async function rankLive(
  input: {
    range: DayRange;
    scope: LeaderboardScope;
    metric: LeaderboardMetric;
    minClicks: number;
    limit: number;
  },
  db: Db,
): Promise<RankedPromoter[]> {
  const value = metricValueSql(input.metric);
  const rows = await db.$queryRaw<
    { promoterId: string; clicks: bigint; sales: bigint; commissionCents: bigint }[]
  >`
    SELECT "promoterId", "clicks", "sales", "commissionCents"
    FROM (${totalsSql(input.range, input.scope)}) s
    WHERE ${qualifiesSql(input.metric, input.minClicks)}
    ORDER BY ${value} DESC, "promoterId" LIMIT ${input.limit}::int`;
  return rows.map((r, i) => {
    const t = toTotals(r);
    return { ...t, rank: i + 1, value: metricValue(input.metric, t) };
  });
}

/** Where one promoter stands on a board (`positionOnBoard`). */
export type BoardPosition = {
  totals: PromoterTotals;
  /** Admitted by `qualifiesSql` (then `rank` is theirs). */
  ranked: boolean;
  /** 1 + how many ranked promoters are ahead (value higher, or equal with a smaller id). */
  rank: number;
  /** How many promoters the board ranks. */
  total: number;
  /** The promoter one place up: their value and whether the id tie-break favours them. */
  ahead: { value: number; winsTie: boolean } | null;
};

/**
 * The rows of a platform period's daily stats that can move `metric`: the others add nothing to
 * its value and cannot qualify anyone (`metricQualifiesSql` asks for a positive value, or for
 * conversion clicks and a sale), so the aggregate skips them. `<> 0`, not `> 0`: a row is summed
 * whatever its sign, as `totalsSql` sums it.
 */
function movesMetricSql(metric: LeaderboardMetric): Prisma.Sql {
  switch (metric) {
    case "sales":
      return P.sql`"sales" <> 0`;
    case "earnings":
      return P.sql`"commissionCents" <> 0`;
    case "clicks":
      return P.sql`"clicks" <> 0`;
    case "conversion":
      return P.sql`("clicks" <> 0 OR "sales" <> 0)`;
  }
}

/**
 * Every promoter a board ranks, as SQL with the columns "promoterId" and "value": the same set and
 * values as `rankLive` ranks before its LIMIT (`totalsSql` admitted by `qualifiesSql`), by the
 * cheapest route to them:
 * - platform, all time: the ACTIVE profiles' own totals (one pass over `PromoterProfile`; being
 *   ACTIVE is the good-standing rule of `qualifiesSql` for the profile's own row);
 * - platform, one day (today; a week or month on its first day): that day's `PromoterDailyStats`
 *   rows as they are, one per promoter (primary key (promoterId, day)), no aggregate;
 * - platform, several days: the sum per promoter of only the rows that move the metric
 *   (`movesMetricSql`), then the good-standing check on the sums (a semi-join);
 * - artist and track: `totalsSql` over the scope's links, as `rankLive`.
 */
function rankedValuesSql(input: {
  range: DayRange;
  scope: LeaderboardScope;
  metric: LeaderboardMetric;
  minClicks: number;
}): Prisma.Sql {
  const { range, scope, metric, minClicks } = input;
  const value = metricValueSql(metric);
  if (scope.type !== "platform")
    return P.sql`SELECT "promoterId", ${value} AS "value" FROM (${totalsSql(range, scope)}) t
      WHERE ${qualifiesSql(metric, minClicks)}`;
  if (!range)
    return P.sql`SELECT "promoterId", ${value} AS "value" FROM (
        SELECT "id" AS "promoterId", "clickCount"::bigint AS "clicks", "salesCount"::bigint AS "sales",
          "earningsCents"::bigint AS "commissionCents"
        FROM "PromoterProfile" WHERE "status" = 'ACTIVE'
      ) t WHERE ${metricQualifiesSql(metric, minClicks)}`;
  const days =
    range.from === range.to
      ? P.sql`SELECT "promoterId", "clicks"::bigint AS "clicks", "sales"::bigint AS "sales",
          "commissionCents"::bigint AS "commissionCents"
        FROM "PromoterDailyStats" WHERE "day" = ${range.from}::date AND ${movesMetricSql(metric)}`
      : P.sql`SELECT "promoterId", SUM("clicks")::bigint AS "clicks", SUM("sales")::bigint AS "sales",
          SUM("commissionCents")::bigint AS "commissionCents"
        FROM "PromoterDailyStats"
        WHERE "day" BETWEEN ${range.from}::date AND ${range.to}::date AND ${movesMetricSql(metric)}
        GROUP BY "promoterId"`;
  return P.sql`SELECT "promoterId", ${value} AS "value" FROM (${days}) t
    WHERE ${qualifiesSql(metric, minClicks)}`;
}

/**
 * One promoter's place on a board, ranked exactly as `rankLive` ranks (value descending, ties by
 * promoter id ascending, only promoters `qualifiesSql` admits) but over every promoter, beyond
 * the top 100 too, and live (the rollups as they are now, not the minutely snapshot). One
 * statement: the promoter's own totals by key (`totalsSql` filtered to them: a primary key
 * range), then one pass over the board's ranked values (`rankedValuesSql`, materialised once)
 * counting them and those ahead (value higher, or equal with a smaller id), and the nearest of
 * those. Cost: the platform's all-time board reads the profiles, a one-day board that day's
 * rows; a longer period sums every row of its days that moves the metric (there is no stored
 * per-period total to count against); artist and track boards read the scope's links.
 * JIT compilation is off for the statement (its transaction): compiling cost more than this plain
 * arithmetic saves.
 * @param input.promoterId the promoter's profile id ("" for nobody: only `total` is meaningful).
 * @returns a `BoardPosition`: the promoter's totals (zeros when they have none in the period),
 *   whether they are ranked, their rank (meaningful only when ranked), the board's size and the
 *   promoter one place up (null at #1 or when nobody is ahead).
 */
export async function positionOnBoard(
  input: {
    range: DayRange;
    scope: LeaderboardScope;
    metric: LeaderboardMetric;
    minClicks: number;
    promoterId: string;
  },
  db: PrismaClient,
): Promise<BoardPosition> {
  const value = metricValueSql(input.metric);
  const id = input.promoterId;
  const beats = P.sql`(s."value" > (SELECT "value" FROM me)
    OR (s."value" = (SELECT "value" FROM me) AND s."promoterId" < ${id}))`;
  const [, rows] = await db.$transaction([
    db.$executeRaw`SET LOCAL jit = off`,
    db.$queryRaw<
      {
        clicks: bigint | null;
        sales: bigint | null;
        commissionCents: bigint | null;
        qualifies: boolean | null;
        rank: bigint;
        total: bigint;
        aheadValue: bigint | null;
        aheadWinsTie: boolean | null;
      }[]
    >`
      WITH me AS MATERIALIZED (
        SELECT "clicks", "sales", "commissionCents", ${value} AS "value",
          ${qualifiesSql(input.metric, input.minClicks)} AS "q"
        FROM (${totalsSql(input.range, input.scope)}) t WHERE "promoterId" = ${id}
      ),
      s AS MATERIALIZED (${rankedValuesSql(input)}),
      n AS (SELECT COUNT(*) AS "total", COUNT(*) FILTER (WHERE ${beats}) AS "above" FROM s)
      SELECT me."clicks", me."sales", me."commissionCents", me."q" AS "qualifies",
        n."above" + 1 AS "rank", n."total",
        a."value" AS "aheadValue", a."promoterId" < ${id} AS "aheadWinsTie"
      FROM n
      LEFT JOIN me ON true
      LEFT JOIN LATERAL (
        SELECT s."promoterId", s."value" FROM s WHERE ${beats} ORDER BY s."value", s."promoterId" DESC LIMIT 1
      ) a ON true`,
  ]);
  const row = rows[0];
  const totals = toTotals({
    promoterId: id,
    clicks: row?.clicks ?? 0,
    sales: row?.sales ?? 0,
    commissionCents: row?.commissionCents ?? 0,
  });
  return {
    totals,
    ranked: row?.qualifies === true,
    rank: Number(row?.rank ?? 1),
    total: Number(row?.total ?? 0),
    ahead:
      row?.aheadValue != null
        ? { value: Number(row.aheadValue), winsTie: row.aheadWinsTie === true }
        : null,
  };
}
