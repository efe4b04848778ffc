import type { PrismaClient } from "@fanfare/db";

import { promotersJobRequest } from "../jobs/handlers";
import { sendJobForDb } from "../jobs/runner";

/**
 * Asks for a `milestones.award` run (issue 13 §2): of some promoters after their sales were
 * released, or of everyone (`null`, after an admin adds or reactivates a milestone). Never throws:
 * the release (or the admin's change) stands whatever the queue says, and the daily run catches
 * anyone missed. A no-op for an empty list, or when this process has no runner on `db` (a test,
 * a script).
 */
export async function requestMilestoneAward(
  promoterIds: string[] | null,
  db: PrismaClient,
): Promise<void> {
  if (promoterIds?.length === 0) return;
  try {
    const job = promotersJobRequest("milestones.award", promoterIds);
    await sendJobForDb(db, job.name, job.data, job.options);
  } catch (e: unknown) {
    console.error(`[jobs] milestones.award request:`, e);
  }
}
