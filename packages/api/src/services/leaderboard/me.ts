import type { PrismaClient } from "@fanfare/db";
import type { LeaderboardMeInput, LeaderboardMeOutput } from "@fanfare/validators";
import { ZLeaderboardMeInput } from "@fanfare/validators";

import { assertPublicScope, leaderboardSettings } from "./board";
import { periodDays } from "./periods";
import { metricValue, positionOnBoard } from "./ranking";

/**
 * The signed-in user's place on one board (`leaderboard.me`, issue 13 §4: "Your position: #N of
 * M"), ranked exactly as `leaderboard.top` ranks (`rankLive`), but live and beyond the top 100.
 * The public platform board is the snapshot of up to a minute ago, so for up to a minute after
 * a sale the two may differ by that sale. Only ever about the caller: the promoter comes from
 * the session, never from the input.
 *
 * @returns `ranked` (on the board: qualifies and a positive value), `rank` (#N, null when not
 *   ranked), `value` (the caller's sales, commission cents, conversion bps or clicks in the
 *   period), `total` (M, how many the board ranks), `gap` (how much more of the metric passes
 *   the promoter at #N-1: their value minus the caller's, plus one when the id tie-break
 *   favours them; null at #1 or when not ranked), `qualifies` and `clicksToQualify` (conversion
 *   ranks only promoters with `minClicks` counted clicks in the period), `showOnLeaderboard`.
 *   When the admin turned the leaderboard off: `disabled: true` and nothing else.
 * @throws AppError NOT_FOUND for an unknown artist, or a track that is not on sale.
 */
export async function getLeaderboardMe(
  raw: LeaderboardMeInput,
  userId: string,
  db: PrismaClient,
  now = new Date(),
): Promise<LeaderboardMeOutput> {
  const input = ZLeaderboardMeInput.parse(raw);
  const { disabled, minClicks } = await leaderboardSettings(db);
  const profile = await db.promoterProfile.findUnique({
    where: { userId },
    select: { id: true, showOnLeaderboard: true },
  });
  const showOnLeaderboard = profile?.showOnLeaderboard ?? false;
  const off = {
    disabled,
    ranked: false,
    rank: null,
    value: 0,
    total: 0,
    gap: null,
    qualifies: false,
    clicksToQualify: 0,
    minClicks,
    showOnLeaderboard,
  };
  if (disabled) return off;
  await assertPublicScope(input.scope, db);

  const pos = await positionOnBoard(
    {
      range: periodDays(input.period, now),
      scope: input.scope,
      metric: input.metric,
      minClicks,
      // No profile: nobody's id, so only the board's size is answered.
      promoterId: profile?.id ?? "",
    },
    db,
  );
  const value = metricValue(input.metric, pos.totals);
  const conversion = input.metric === "conversion";
  const clicksToQualify = conversion ? Math.max(0, minClicks - pos.totals.clicks) : 0;
  const base = {
    ...off,
    value,
    total: pos.total,
    qualifies: clicksToQualify === 0,
    clicksToQualify,
  };
  if (!profile || !pos.ranked) return base;
  return {
    ...base,
    ranked: true,
    rank: pos.rank,
    gap: pos.ahead ? pos.ahead.value - value + (pos.ahead.winsTie ? 1 : 0) : null,
  };
}
