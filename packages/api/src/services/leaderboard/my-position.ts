import type { PrismaClient } from "@fanfare/db";
import { ZLeaderboardPositionInput } from "@fanfare/validators";
import type { z } from "zod";

import { legacyPosition } from "./legacy";

/**
 * `leaderboard.myPosition`, kept unchanged for the mobile app shipped before issue 13 (new
 * clients call `leaderboard.me`): where the signed-in user stands on one rolling board (`period`
 * week = the last 7 UTC days, month = the last 30, or all; `metric` earnings or sales), ranked
 * as `topPromoters` ranks (value descending, ties by promoter id; only positive values) but live
 * and beyond the top 100.
 *
 * @returns `{ ranked: false, showOnLeaderboard, promotersRanked }` when the user has no promoter
 *   profile or no positive value on this board (or the admin turned the leaderboard off:
 *   `promotersRanked` 0); otherwise also `rank` (1 = first), `value` (commission cents or
 *   sales) and `ahead`: the promoter one place up (`rank`, and `toPass`: how much more of the
 *   metric the user needs to overtake them: their value minus the user's, plus one when the
 *   tie-break favours them), null at #1.
 */
export function getMyLeaderboardPosition(
  raw: z.input<typeof ZLeaderboardPositionInput>,
  userId: string,
  db: PrismaClient,
  now = new Date(),
) {
  return legacyPosition(ZLeaderboardPositionInput.parse(raw), userId, db, now);
}
