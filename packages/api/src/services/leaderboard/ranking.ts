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
      : P.sql`SELECT l."id", l."promoterId", l."clickCount", l."salesCount", l."commissionCents"
          FROM "Track" t JOIN "AffiliateLink" l ON l."trackId" = t."id" WHERE t."artistId" = ${scope.artistId}`;
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
 * Who a board ranks: promoters in good standing (ACTIVE: a suspended, terminated or not yet
 * approved promoter is not shown publicly, as contests rank only active ones), with a positive
 * value of the metric (nobody with nothing, as before issue 13), and for conversion at least
 * `minClicks` counted clicks in the period (so 1 sale from 2 clicks does not top the board) and
 * at least one sale.
 */
export function qualifiesSql(metric: LeaderboardMetric, minClicks: number): Prisma.Sql {
  const active = P.sql`EXISTS (SELECT 1 FROM "PromoterProfile" pp WHERE pp."id" = "promoterId" AND pp."status" = 'ACTIVE')`;
  return metric === "conversion"
    ? P.sql`("clicks" >= ${minClicks}::int AND "sales" > 0 AND ${active})`
    : P.sql`(${metricValueSql(metric)} > 0 AND ${active})`;
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
 * One promoter's place on a board, ranked exactly as `rankLive` ranks but over every promoter
 * (beyond the top 100 too): one statement over the period's totals (materialised once).
 */
export async function positionOnBoard(
  input: {
    range: DayRange;
    scope: LeaderboardScope;
    metric: LeaderboardMetric;
    minClicks: number;
    promoterId: string;
  },
  db: Db,
): Promise<BoardPosition> {
  const value = metricValueSql(input.metric);
  const id = input.promoterId;
  const [row] = await db.$queryRaw<
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
    WITH s AS MATERIALIZED (
      SELECT "promoterId", "clicks", "sales", "commissionCents", ${value} AS "value",
        ${qualifiesSql(input.metric, input.minClicks)} AS "q"
      FROM (${totalsSql(input.range, input.scope)}) t
    ),
    me AS (SELECT * FROM s WHERE "promoterId" = ${id}),
    above AS (
      SELECT s."promoterId", s."value" FROM s, me
      WHERE s."q" AND (s."value" > me."value" OR (s."value" = me."value" AND s."promoterId" < ${id}))
    )
    SELECT (SELECT "clicks" FROM me) AS "clicks", (SELECT "sales" FROM me) AS "sales",
      (SELECT "commissionCents" FROM me) AS "commissionCents", (SELECT "q" FROM me) AS "qualifies",
      (SELECT COUNT(*) FROM above) + 1 AS "rank",
      (SELECT COUNT(*) FROM s WHERE "q") AS "total",
      a."value" AS "aheadValue", a."promoterId" < ${id} AS "aheadWinsTie"
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT * FROM above ORDER BY "value", "promoterId" DESC LIMIT 1) a ON true`;
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
