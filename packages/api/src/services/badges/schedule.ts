import type { PrismaClient } from "@fanfare/db";

import { promotersJobRequest } from "../jobs/handlers";
import { sendJobForDb } from "../jobs/runner";

/**
 * Asks for a `badges.award` run of some promoters (issue 13 §3): after a counted sale (first
 * sale, 10 and 100 sales, months with sales) and after a paid payout (first payout), so the badge
 * follows within seconds. Never throws: the sale or payout stands whatever the queue says, and
 * the daily run catches anyone missed. A no-op for an empty list, or when this process has no
 * runner on `db` (a test, a script).
 */
export async function requestBadgeAward(promoterIds: string[], db: PrismaClient): Promise<void> {
  if (promoterIds.length === 0) return;
  try {
    const job = promotersJobRequest("badges.award", promoterIds);
    await sendJobForDb(db, job.name, job.data, job.options);
  } catch (e: unknown) {
    console.error(`[jobs] badges.award request for ${promoterIds.join(", ")}:`, e);
  }
}
