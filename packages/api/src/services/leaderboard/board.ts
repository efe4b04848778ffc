import type { PrismaClient } from "@fanfare/db";
import type { LeaderboardScope } from "@fanfare/validators";
import { LEADERBOARD_VISIBILITY } from "@fanfare/validators";

import { AppError } from "../app-error";
import { programSettings } from "../settings/program-settings";

/**
 * The leaderboard's program settings: whether the admin turned the public boards off
 * (`leaderboardVisibility`) and the clicks the conversion board asks for (`leaderboardMinClicks`).
 */
export async function leaderboardSettings(
  db: PrismaClient,
): Promise<{ disabled: boolean; minClicks: number }> {
  const s = await programSettings(db);
  return {
    disabled: s.leaderboardVisibility === LEADERBOARD_VISIBILITY.OFF,
    minClicks: s.leaderboardMinClicks,
  };
}

/**
 * Checks that a board's scope names something public: any artist; a track only while it is
 * published and not deleted (a draft's or a deleted track's promoters are nobody's business).
 * @throws AppError NOT_FOUND naming the artist or track id.
 */
export async function assertPublicScope(scope: LeaderboardScope, db: PrismaClient): Promise<void> {
  if (scope.type === "artist") {
    const artist = await db.artistProfile.findUnique({
      where: { id: scope.artistId },
      select: { id: true },
    });
    if (!artist) throw new AppError("NOT_FOUND", `Artist ${scope.artistId} does not exist.`);
  } else if (scope.type === "track") {
    const track = await db.track.findFirst({
      where: { id: scope.trackId, published: true, deletedAt: null },
      select: { id: true },
    });
    if (!track)
      throw new AppError("NOT_FOUND", `Track ${scope.trackId} does not exist or is not on sale.`);
  }
}
