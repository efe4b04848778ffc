import type { PrismaClient } from "@fanfare/db";
import { ZLeaderboardInput } from "@fanfare/validators";
import type { z } from "zod";

import { getLeaderboardTopRows } from "./legacy";

/**
 * `leaderboard.topPromoters`, kept unchanged for the mobile app shipped before issue 13 (new
 * clients call `leaderboard.top`): top promoters over the last 7 UTC days including today
 * (`week`), the last 30 (`month`) or all time, by commission earned (cents; `metric` "earnings",
 * the default) or by sales, ties by promoter id, `limit` ≤ 100 rows. Read from the snapshot's
 * rolling sets (`LEGACY_SNAPSHOT_PERIOD`) that `leaderboard.refresh` rebuilds every minute;
 * ranked on the spot only when no snapshot was ever built. Counting and privacy as
 * `leaderboard.top`; when the admin turned the leaderboard off, no rows.
 * @returns rows { rank, promoterId, label, earningsCents, salesCount } by rank.
 */
export async function getTopPromoters(
  raw: z.input<typeof ZLeaderboardInput>,
  db: PrismaClient,
  now = new Date(),
) {
  const input = ZLeaderboardInput.parse(raw);
  const rows = await getLeaderboardTopRows(input, db, now);
  return rows.map((r) => ({
    rank: r.rank,
    promoterId: r.promoterId,
    label: r.label,
    earningsCents: r.earningsCents,
    salesCount: r.sales,
  }));
}
