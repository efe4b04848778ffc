import type { PrismaClient } from "@fanfare/db";
import { cents } from "@fanfare/db";
import type { LeaderboardTopInput, LeaderboardTopOutput } from "@fanfare/validators";
import { ZLeaderboardTopInput } from "@fanfare/validators";

import { assertPublicScope, leaderboardSettings } from "./board";
import { periodDays } from "./periods";
import { rankLive } from "./ranking";
import type { Labelled } from "./rows";
import { labelRows, toRow } from "./rows";

/**
 * One public board (`leaderboard.top`, issue 13 §4): the top `limit` (≤ 100) promoters of a
 * period (`periodDays`: today, this ISO week, this calendar month, last calendar month, all
 * time; UTC) by a metric (sales; earnings = commission cents; conversion = sales per counted
 * click in basis points, only promoters with at least the `leaderboardMinClicks` setting's
 * clicks, default 20, and a sale; clicks), value descending, ties by promoter id.
 *
 * - Platform scope: the `LeaderboardSnapshot` the `leaderboard.refresh` job rebuilds every
 *   minute (one index range and the profiles, one statement); ranked on the spot from the same
 *   rollups only when no snapshot was ever built.
 * - Artist and track scopes: ranked on the spot from the links' daily stats (`rankLive`).
 *
 * Counting: a sale and its commission on the UTC day the sale completed, net of later refunds
 * and disputes; a click on the day it was counted. Privacy: display names only of promoters who
 * opted in, initials otherwise (`leaderboardLabel`). The answer is the same for every caller
 * (cacheable). When the admin turned the board off: `disabled: true` and no rows.
 * @throws AppError NOT_FOUND for an unknown artist, or a track that is not on sale.
 */
export async function getLeaderboardTop(
  raw: LeaderboardTopInput,
  db: PrismaClient,
  now = new Date(),
): Promise<LeaderboardTopOutput> {
  const input = ZLeaderboardTopInput.parse(raw);
  const { disabled, minClicks } = await leaderboardSettings(db);
  if (disabled) return { disabled, minClicks, computedAt: null, rows: [] };
  await assertPublicScope(input.scope, db);

  if (input.scope.type === "platform") {
    const snapshot = await db.$queryRaw<
      (Labelled & {
        rank: number;
        promoterId: string;
        clicks: number;
        sales: number;
        commissionCents: bigint;
        computedAt: Date;
      })[]
    >`
      SELECT s."rank", s."promoterId", s."clicks", s."sales", s."commissionCents", s."computedAt",
        p."displayName", p."showOnLeaderboard", u."name", u."email"
      FROM "LeaderboardSnapshot" s
      JOIN "PromoterProfile" p ON p."id" = s."promoterId"
      JOIN "User" u ON u."id" = p."userId"
      WHERE s."period" = ${input.period} AND s."metric" = ${input.metric}
      ORDER BY s."rank" LIMIT ${input.limit}::int`;
    const rows = snapshot.map((r) =>
      toRow({ ...r, commissionCents: cents(r.commissionCents) }, input.metric, r),
    );
    if (snapshot.length > 0)
      return { disabled, minClicks, computedAt: snapshot[0]!.computedAt.toISOString(), rows };
    // An empty set: nobody qualifies yet, unless no snapshot was ever built.
    const built = await db.leaderboardSnapshot.findFirst({
      select: { computedAt: true },
      orderBy: { computedAt: "desc" },
    });
    if (built) return { disabled, minClicks, computedAt: built.computedAt.toISOString(), rows };
  }

  const ranked = await rankLive(
    {
      range: periodDays(input.period, now),
      scope: input.scope,
      metric: input.metric,
      minClicks,
      limit: input.limit,
    },
    db,
  );
  return {
    disabled,
    minClicks,
    computedAt: now.toISOString(),
    rows: await labelRows(ranked, input.metric, db),
  };
}
