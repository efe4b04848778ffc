import type { PrismaClient } from "@fanfare/db";
import { cents, Prisma as P } from "@fanfare/db";
import { ZLeaderboardPositionInput } from "@fanfare/validators";
import type { z } from "zod";

import { periodTotals } from "./refresh";

/**
 * Where the signed-in user stands on one leaderboard (`period` week, month or all; `metric`
 * earnings or sales), ranked exactly as `rankPromoters` ranks (value descending, ties by promoter
 * id; only positive values are ranked) but live and beyond the top 100 the public board lists.
 * The public list is the `LeaderboardSnapshot` of up to a minute ago, so for up to a minute after
 * a sale the two may differ by that sale.
 *
 * @returns `{ ranked: false, ... }` when the user has no promoter profile or no positive value on
 *   this board; otherwise `rank` (1 = first), `value` (commission cents for earnings, sales for
 *   sales), `ranked` (how many promoters the board ranks), and `ahead`: the promoter one place
 *   up (`rank`, and `toPass`: how much more of the metric the user needs to overtake them:
 *   their value minus the user's, plus one when the tie-break favours them), null at #1.
 *   `showOnLeaderboard` says whether the board shows the user's name or initials.
 */
export async function getMyLeaderboardPosition(
  raw: z.input<typeof ZLeaderboardPositionInput>,
  userId: string,
  db: PrismaClient,
  now = new Date(),
) {
  const input = ZLeaderboardPositionInput.parse(raw);
  const profile = await db.promoterProfile.findUnique({
    where: { userId },
    select: { id: true, showOnLeaderboard: true },
  });
  const showOnLeaderboard = profile?.showOnLeaderboard ?? false;
  const by = P.raw(input.metric === "sales" ? `"sales"` : `"commissionCents"`);
  const [row] = profile
    ? await db.$queryRaw<
        {
          value: bigint | null;
          rank: bigint;
          ranked: bigint;
          aheadValue: bigint | null;
          aheadWinsTie: boolean | null;
        }[]
      >`
    WITH s AS MATERIALIZED (${periodTotals(input.period, now)}),
    me AS (SELECT ${by}::bigint AS "value" FROM s WHERE "promoterId" = ${profile.id}),
    above AS (
      SELECT s."promoterId", ${by}::bigint AS "value" FROM s, me
      WHERE ${by} > 0 AND (${by} > me."value" OR (${by} = me."value" AND s."promoterId" < ${profile.id}))
    )
    SELECT (SELECT "value" FROM me) AS "value",
      (SELECT COUNT(*) FROM above) + 1 AS "rank",
      (SELECT COUNT(*) FROM s WHERE ${by} > 0) AS "ranked",
      a."value" AS "aheadValue", a."promoterId" < ${profile.id} AS "aheadWinsTie"
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT * FROM above ORDER BY "value", "promoterId" DESC LIMIT 1) a ON true`
    : [];
  const value = row?.value != null ? cents(row.value) : 0;
  const ranked = row ? Number(row.ranked) : 0;
  if (!profile || !row || value <= 0)
    return { ranked: false as const, showOnLeaderboard, promotersRanked: ranked };
  const rank = Number(row.rank);
  const ahead =
    row.aheadValue != null
      ? {
          rank: rank - 1,
          // The tie-break compares ids in SQL (the column's collation), as the ranking does.
          toPass: cents(row.aheadValue) - value + (row.aheadWinsTie ? 1 : 0),
        }
      : null;
  return {
    ranked: true as const,
    showOnLeaderboard,
    promotersRanked: ranked,
    rank,
    value,
    ahead,
  };
}
