import type { PrismaClient } from "@fanfare/db";
import type { LeaderboardMetric, LeaderboardRow } from "@fanfare/validators";
import { conversionBps } from "@fanfare/validators";

import { leaderboardLabel } from "./label";
import type { PromoterTotals } from "./ranking";
import { metricValue } from "./ranking";

/** What a row's label is made of (`leaderboardLabel`). */
export type Labelled = {
  displayName: string | null;
  showOnLeaderboard: boolean;
  name: string | null;
  email: string;
};

/** A ranked promoter as a public row: the label, the metric's value and every figure. */
export function toRow(
  r: PromoterTotals & { rank: number },
  metric: LeaderboardMetric,
  p: Labelled,
): LeaderboardRow {
  return {
    rank: r.rank,
    promoterId: r.promoterId,
    label: leaderboardLabel({
      displayName: p.displayName,
      showOnLeaderboard: p.showOnLeaderboard,
      user: { name: p.name, email: p.email },
    }),
    value: metricValue(metric, r),
    sales: r.sales,
    clicks: r.clicks,
    earningsCents: r.commissionCents,
    conversionBps: conversionBps(r.sales, r.clicks),
  };
}

/** Rows with their public labels; promoters deleted since they were ranked are left out. */
export async function labelRows(
  ranked: (PromoterTotals & { rank: number })[],
  metric: LeaderboardMetric,
  db: PrismaClient,
): Promise<LeaderboardRow[]> {
  if (ranked.length === 0) return [];
  const profiles = await db.promoterProfile.findMany({
    where: { id: { in: ranked.map((r) => r.promoterId) } },
    select: {
      id: true,
      displayName: true,
      showOnLeaderboard: true,
      user: { select: { name: true, email: true } },
    },
  });
  const byId = new Map(profiles.map((p) => [p.id, p]));
  return ranked.flatMap((r) => {
    const p = byId.get(r.promoterId);
    return p ? [toRow(r, metric, { ...p, ...p.user })] : [];
  });
}
