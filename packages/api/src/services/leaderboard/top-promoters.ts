import type { PrismaClient } from "@fanfare/db";
import { cents } from "@fanfare/db";
import { ZLeaderboardInput } from "@fanfare/validators";
import type { z } from "zod";

import { promoterLabel } from "../artist/sales";
import { rankPromoters } from "./refresh";

/**
 * Top promoters over a period (week = the last 7 UTC days including today, month = the last 30,
 * all = all time), by commission earned (cents; `metric` "earnings", the default) or by sales
 * (`metric` "sales"), ties by promoter id. Reads the `LeaderboardSnapshot` the
 * `leaderboard.refresh` job rebuilds every minute (so a sale shows within a minute), `limit` ≤ 100
 * rows by rank; a period whose snapshot was never built is ranked on the spot from the same
 * rollups (`rankPromoters`).
 *
 * Counting (changed with the daily rollups, issue 9): a sale and its commission count on the UTC
 * day the sale completed, net of later refunds and disputes (a fully reversed sale counts 0
 * sales and 0 cents, a partly refunded one its remaining commission), from `PromoterDailyStats`;
 * all time from the `PromoterProfile` totals. It used to sum the gross amount of commissions not
 * CANCELLED by the commission's creation time over a rolling 7 or 30 × 24 hours.
 *
 * Privacy: a promoter shows by display name only when they opted in (`showOnLeaderboard`), by
 * initials otherwise.
 * @returns rows { rank, promoterId, label, earningsCents, salesCount } by rank.
 */
export async function getTopPromoters(
  raw: z.input<typeof ZLeaderboardInput>,
  db: PrismaClient,
  now = new Date(),
) {
  const input = ZLeaderboardInput.parse(raw);
  const snapshot = await db.leaderboardSnapshot.findMany({
    where: { period: input.period, metric: input.metric },
    orderBy: { rank: "asc" },
    take: input.limit,
    select: { rank: true, promoterId: true, commissionCents: true, sales: true },
  });
  const built =
    snapshot.length > 0 ||
    (await db.leaderboardSnapshot.findFirst({
      where: { period: input.period },
      select: { rank: true },
    })) != null;
  const rows = built
    ? snapshot
    : await rankPromoters(
        { period: input.period, metric: input.metric, now, limit: input.limit },
        db,
      );
  const profiles = await db.promoterProfile.findMany({
    where: { id: { in: rows.map((r) => r.promoterId) } },
    select: {
      id: true,
      displayName: true,
      showOnLeaderboard: true,
      user: { select: { name: true, email: true } },
    },
  });
  const byId = new Map(profiles.map((p) => [p.id, p]));
  return rows.flatMap((r) => {
    const p = byId.get(r.promoterId);
    if (!p) return []; // deleted since the snapshot was taken
    const label = p.showOnLeaderboard
      ? promoterLabel(p)
      : promoterLabel({
          displayName: null,
          user: { name: p.displayName ?? p.user.name, email: p.user.email },
        });
    return [
      {
        rank: r.rank,
        promoterId: r.promoterId,
        label,
        earningsCents: cents(r.commissionCents),
        salesCount: r.sales,
      },
    ];
  });
}
