import type { PrismaClient } from "@fanfare/db";

import { promotersJobRequest } from "../jobs/handlers";
import { sendJobForDb } from "../jobs/runner";

/**
 * Asks for a `tiers.recompute` of some promoters (issue 13 §1: "recomputed ... after each counted
 * sale"): their tier follows within seconds. Never throws: the sale (or whatever changed their
 * results) stands whatever the queue says, and the daily run catches any promoter missed. A no-op
 * when `promoterIds` is empty, or when this process has no runner on `db` (a test, a script).
 */
export async function requestTierRecompute(promoterIds: string[], db: PrismaClient): Promise<void> {
  if (promoterIds.length === 0) return;
  try {
    const job = promotersJobRequest("tiers.recompute", promoterIds);
    await sendJobForDb(db, job.name, job.data, job.options);
  } catch (e: unknown) {
    console.error(`[jobs] tiers.recompute request for ${promoterIds.join(", ")}:`, e);
  }
}
