import type { Prisma, PrismaClient } from "@fanfare/db";
import { Prisma as P } from "@fanfare/db";
import type { LeaderboardMetric, LegacyLeaderboardPeriod } from "@fanfare/validators";
import {
  LEADERBOARD_MAX_ROWS,
  LEADERBOARD_METRICS,
  LEADERBOARD_PERIODS,
  LEGACY_LEADERBOARD_METRICS,
} from "@fanfare/validators";

import { invalidatePublicPages, publicTags } from "../cache/public-pages";
import { programSettings } from "../settings/program-settings";
import type { DayRange } from "./periods";
import { legacyPeriodDays, periodDays } from "./periods";
import { metricValueSql, qualifiesSql, totalsSql } from "./ranking";

/** Rows kept per (period, metric): the most any reader may ask for. */
export const LEADERBOARD_SIZE = LEADERBOARD_MAX_ROWS;

/**
 * The snapshot's `period` of each `leaderboard.topPromoters` period: its rolling 7 and 30 days
 * are sets of their own (kept only for the mobile app shipped before issue 13); all time is the
 * same set as `leaderboard.top`'s.
 */
export const LEGACY_SNAPSHOT_PERIOD: Record<LegacyLeaderboardPeriod, string> = {
  week: "rolling7",
  month: "rolling30",
  all: "all",
};

/** One set the snapshot keeps: its `period` key, its days, and the metrics ranked over them. */
type SnapshotSet = { key: string; range: DayRange; metrics: readonly LeaderboardMetric[] };

/** Every set of the snapshot at `now`: `leaderboard.top`'s, then the rolling ones. */
export function snapshotSets(now: Date): SnapshotSet[] {
  return [
    ...LEADERBOARD_PERIODS.map((p) => ({
      key: p,
      range: periodDays(p, now),
      metrics: LEADERBOARD_METRICS,
    })),
    ...(["week", "month"] as const).map((p) => ({
      key: LEGACY_SNAPSHOT_PERIOD[p],
      range: legacyPeriodDays(p, now),
      metrics: LEGACY_LEADERBOARD_METRICS,
    })),
  ];
}

/** A digest of the snapshot's rankings (not of when they were computed). */
async function snapshotDigest(tx: Prisma.TransactionClient): Promise<string> {
  const [row] = await tx.$queryRaw<{ digest: string | null }[]>`
    SELECT md5(string_agg(concat_ws(' ', "period", "metric", "rank", "promoterId", "clicks", "sales", "commissionCents"),
      ',' ORDER BY "period", "metric", "rank")) AS "digest"
    FROM "LeaderboardSnapshot"`;
  return row?.digest ?? "";
}

/**
 * Recomputes `LeaderboardSnapshot`, the platform boards: for each period of `leaderboard.top`
 * (today, week, month, lastMonth, all: `periodDays`) and each metric (sales, earnings,
 * conversion, clicks), the top 100 as `rankLive` ranks them (value descending, ties by promoter
 * id; conversion only for promoters with the `leaderboardMinClicks` setting's clicks); and, for
 * `leaderboard.topPromoters`, the rolling 7 and 30 days by earnings and sales. Per set one
 * statement over the period's totals (materialised once), written without a round trip through
 * Node. Replaces every set in one transaction, so readers see the previous snapshot until it
 * commits; concurrent refreshes queue on a transaction-scoped advisory lock. When the rankings
 * changed, expires the cached public pages that show them (`publicTags.leaderboard`: the
 * leaderboard page, top fans on track pages), after the commit. Run by the `leaderboard.refresh`
 * job every minute (and by the seed).
 * @param input.now the clock (UTC) that decides the periods' days; default now.
 * @returns the number of snapshot rows written and whether any ranking changed.
 */
export async function refreshLeaderboards(
  input: { now?: Date },
  db: PrismaClient,
): Promise<{ rows: number; changed: boolean }> {
  const now = input.now ?? new Date();
  const { leaderboardMinClicks: minClicks } = await programSettings(db);
  const at = now.toISOString();
  const result = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('fanfare.leaderboard.refresh'))`;
      const before = await snapshotDigest(tx);
      await tx.$executeRaw`DELETE FROM "LeaderboardSnapshot"`;
      let rows = 0;
      for (const set of snapshotSets(now)) {
        const ranked = set.metrics.map((metric) => {
          const value = metricValueSql(metric);
          return P.sql`
            SELECT ${set.key}::text, ${metric}::text,
              (row_number() OVER (ORDER BY ${value} DESC, "promoterId"))::int,
              "promoterId", "commissionCents", "sales"::int, "clicks"::int, ${at}::timestamp(3)
            FROM (SELECT * FROM s WHERE ${qualifiesSql(metric, minClicks)}
              ORDER BY ${value} DESC, "promoterId" LIMIT ${LEADERBOARD_SIZE}::int) x`;
        });
        rows += await tx.$executeRaw`
          INSERT INTO "LeaderboardSnapshot" ("period", "metric", "rank", "promoterId", "commissionCents", "sales", "clicks", "computedAt")
          WITH s AS MATERIALIZED (${totalsSql(set.range, { type: "platform" })})
          ${P.join(ranked, " UNION ALL ")}`;
      }
      return { rows, changed: (await snapshotDigest(tx)) !== before };
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
  if (result.changed) invalidatePublicPages([publicTags.leaderboard]);
  return result;
}
