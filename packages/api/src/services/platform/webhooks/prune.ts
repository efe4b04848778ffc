import type { PrismaClient } from "@fanfare/db";

import { WEBHOOK_RETRY_WINDOW_SECONDS } from "./retry-schedule";

/** Deliveries (with their attempts) and events are kept this long, in days. */
export const WEBHOOK_LOG_RETENTION_DAYS = 30;
const DELETE_BATCH = 5000;
/** Why a paused owner's old delivery was given up (`lastError`, shown in the delivery log). */
export const PAUSED_OWNER_ERROR = "The owner's account was paused for more than 3 days.";

/**
 * The `webhooks.prune` job (hourly): deletes finished deliveries (SUCCEEDED or FAILED) created
 * more than 30 days ago with their attempts (cascade), then events older than that which no
 * delivery refers to any more; PENDING deliveries are never deleted. Also fails (FAILED, so the
 * 30-day retention deletes them later) PENDING deliveries that would otherwise wait forever:
 * - those whose endpoint is disabled ("Endpoint disabled."): a fan-out that raced the disabling
 *   may have made some;
 * - those created more than 3 days ago (the retry window, `WEBHOOK_RETRY_WINDOW_SECONDS`) whose
 *   endpoint's owner is paused (promoter profile SUSPENDED or TERMINATED; `PAUSED_OWNER_ERROR`):
 *   the claim skips them while the owner is paused, and a delivery is not kept past the window
 *   an automatic delivery is tried for.
 * Deletes in batches of 5,000 rows, each its own statement, so no long transaction holds the
 * tables.
 * @returns rows deleted, deliveries failed for a disabled endpoint (`orphansFailed`) and for a
 *   paused owner (`pausedFailed`).
 */
export async function pruneWebhookLog(
  db: PrismaClient,
  opts: { now?: Date } = {},
): Promise<{ deliveries: number; events: number; orphansFailed: number; pausedFailed: number }> {
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - WEBHOOK_LOG_RETENTION_DAYS * 86_400_000).toISOString();
  const pausedCutoff = new Date(now.getTime() - WEBHOOK_RETRY_WINDOW_SECONDS * 1000).toISOString();
  const result = { deliveries: 0, events: 0, orphansFailed: 0, pausedFailed: 0 };
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM "WebhookDelivery" WHERE "id" IN (
        SELECT "id" FROM "WebhookDelivery"
        WHERE "status" <> 'PENDING' AND "createdAt" < ${cutoff}::timestamp(3)
        LIMIT ${DELETE_BATCH}::int)`;
    result.deliveries += n;
    if (n < DELETE_BATCH) break;
  }
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM "WebhookEvent" WHERE "id" IN (
        SELECT w."id" FROM "WebhookEvent" w
        WHERE w."createdAt" < ${cutoff}::timestamp(3) AND w."dispatchedAt" IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM "WebhookDelivery" d WHERE d."eventId" = w."id")
        LIMIT ${DELETE_BATCH}::int)`;
    result.events += n;
    if (n < DELETE_BATCH) break;
  }
  result.orphansFailed = await db.$executeRaw`
    UPDATE "WebhookDelivery" d SET "status" = 'FAILED', "nextAttemptAt" = NULL, "lastError" = 'Endpoint disabled.'
    FROM "WebhookEndpoint" e
    WHERE d."endpointId" = e."id" AND d."status" = 'PENDING' AND e."disabledAt" IS NOT NULL`;
  result.pausedFailed = await db.$executeRaw`
    UPDATE "WebhookDelivery" d SET "status" = 'FAILED', "nextAttemptAt" = NULL, "lastError" = ${PAUSED_OWNER_ERROR}
    FROM "WebhookEndpoint" e
    JOIN "PromoterProfile" p ON p."userId" = e."userId"
    WHERE d."endpointId" = e."id" AND d."status" = 'PENDING'
      AND d."createdAt" < ${pausedCutoff}::timestamp(3)
      AND p."status" IN ('SUSPENDED', 'TERMINATED')`;
  return result;
}
