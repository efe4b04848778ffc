import type { PrismaClient } from "@fanfare/db";
import { cents } from "@fanfare/db";
import type {
  LeaderboardRow,
  LegacyLeaderboardMetric,
  LegacyLeaderboardPeriod,
} from "@fanfare/validators";

import { leaderboardSettings } from "./board";
import { legacyPeriodDays } from "./periods";
import { positionOnBoard, rankLive } from "./ranking";
import { LEGACY_SNAPSHOT_PERIOD } from "./refresh";
import { labelRows } from "./rows";

/**
 * The rows of a `leaderboard.topPromoters` board (rolling periods; see top-promoters.ts), in
 * `leaderboard.top`'s row shape: the snapshot's rolling set, or ranked live when no snapshot
 * was ever built. None when the admin turned the leaderboard off.
 */
export async function getLeaderboardTopRows(
  input: { period: LegacyLeaderboardPeriod; metric: LegacyLeaderboardMetric; limit: number },
  db: PrismaClient,
  now: Date,
): Promise<LeaderboardRow[]> {
  const { disabled, minClicks } = await leaderboardSettings(db);
  if (disabled) return [];
  const snapshot = await db.leaderboardSnapshot.findMany({
    where: { period: LEGACY_SNAPSHOT_PERIOD[input.period], metric: input.metric },
    orderBy: { rank: "asc" },
    take: input.limit,
    select: { rank: true, promoterId: true, commissionCents: true, sales: true, clicks: true },
  });
  const built =
    snapshot.length > 0 || (await db.leaderboardSnapshot.findFirst({ select: { rank: true } }));
  const ranked = built
    ? snapshot.map((r) => ({ ...r, commissionCents: cents(r.commissionCents) }))
    : await rankLive(
        {
          range: legacyPeriodDays(input.period, now),
          scope: { type: "platform" },
          metric: input.metric,
          minClicks,
          limit: input.limit,
        },
        db,
      );
  return labelRows(ranked, input.metric, db);
}

/**
 * `leaderboard.myPosition` (see my-position.ts) on `positionOnBoard`: the caller's place on a
 * rolling board, in the shape the shipped app reads.
 */
export async function legacyPosition(
  input: { period: LegacyLeaderboardPeriod; metric: LegacyLeaderboardMetric },
  userId: string,
  db: PrismaClient,
  now: Date,
) {
  const { disabled, minClicks } = await leaderboardSettings(db);
  const profile = await db.promoterProfile.findUnique({
    where: { userId },
    select: { id: true, showOnLeaderboard: true },
  });
  const showOnLeaderboard = profile?.showOnLeaderboard ?? false;
  if (disabled) return { ranked: false as const, showOnLeaderboard, promotersRanked: 0 };
  const pos = await positionOnBoard(
    {
      range: legacyPeriodDays(input.period, now),
      scope: { type: "platform" },
      metric: input.metric,
      minClicks,
      promoterId: profile?.id ?? "",
    },
    db,
  );
  const value = input.metric === "sales" ? pos.totals.sales : pos.totals.commissionCents;
  if (!profile || !pos.ranked)
    return { ranked: false as const, showOnLeaderboard, promotersRanked: pos.total };
  return {
    ranked: true as const,
    showOnLeaderboard,
    promotersRanked: pos.total,
    rank: pos.rank,
    value,
    ahead: pos.ahead
      ? { rank: pos.rank - 1, toPass: pos.ahead.value - value + (pos.ahead.winsTie ? 1 : 0) }
      : null,
  };
}
