import type { PrismaClient } from "@fanfare/db";

/** Deliveries (with their attempts) and events are kept this long, in days. */
export const WEBHOOK_LOG_RETENTION_DAYS = 30;
const DELETE_BATCH = 5000;

/**
 * The `webhooks.prune` job (hourly): deletes finished deliveries (SUCCEEDED or FAILED) created
 * more than 30 days ago with their attempts (cascade), then events older than that which no
 * delivery refers to any more; PENDING deliveries are never deleted. Also fails PENDING
 * deliveries whose endpoint is disabled: a fan-out that raced the disabling may have made some,
 * and they would otherwise wait forever. Deletes in batches of 5,000 rows, each its own statement,
 * so no long transaction holds the tables.
 * @returns rows deleted and deliveries failed.
 */
export async function pruneWebhookLog(
  db: PrismaClient,
  opts: { now?: Date } = {},
): Promise<{ deliveries: number; events: number; orphansFailed: number }> {
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - WEBHOOK_LOG_RETENTION_DAYS * 86_400_000).toISOString();
  const result = { deliveries: 0, events: 0, orphansFailed: 0 };
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
  return result;
}
