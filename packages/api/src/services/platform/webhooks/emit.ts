import { randomUUID } from "node:crypto";

import type { Prisma, PrismaClient, WebhookEventType } from "@fanfare/db";

import { serialiseEventData } from "./payload";

type Tx = Prisma.TransactionClient | PrismaClient;

/** One event to emit: for whom, what, about which subject, with which `data` (see payload.ts). */
export type WebhookEventInput = {
  /** The user whose endpoints receive it (a promoter's or artist's User.id, or an admin's). */
  userId: string;
  type: WebhookEventType;
  /**
   * What the event is about, unique per type: a second emission with the same (type, subjectKey)
   * inserts nothing. Include the recipient when several users get an event about one subject:
   * `sale:<saleId>:<userId>`, `refund:<saleId>:<refundedCents>:<userId>`,
   * `commission:<commissionId>:payable`, `payout:<payoutId>:paid`.
   */
  subjectKey: string;
  /** The body's `data` (payload.ts: cents as integers, ISO UTC times; BigInt allowed). */
  data: Record<string, unknown>;
};

/**
 * Writes webhook events into the outbox (`WebhookEvent`) inside the caller's transaction, so an
 * event exists exactly when what caused it committed (issue 15 §3); the `webhooks.deliver` job
 * fans each out to the user's endpoints and delivers it. One SQL statement whatever the number of
 * events: it inserts only the events whose user has an enabled endpoint subscribed to the type
 * (`WHERE EXISTS`, by the endpoint's user index), so money paths may call it for every sale and
 * it costs users without endpoints one cheap statement; and `ON CONFLICT ("type", "subjectKey")
 * DO NOTHING` makes emission idempotent (a retried job or replayed Stripe event emits nothing
 * twice). Events of suspended or terminated users are still written: a suspended user's
 * deliveries wait (for the 3-day retry window: prune.ts), a terminated user's get none (the
 * fan-out, deliver.ts).
 * @param opts.now the event time (the body's `timestamp`); default the current time.
 * @returns how many events were inserted (0 when none was wanted or all existed).
 * @throws RangeError when `data` holds a BigInt beyond a safe integer; database errors (an
 *   unknown type fails the WebhookEvent_type_check) roll the caller's transaction back.
 */
export async function emitWebhookEvents(
  tx: Tx,
  events: readonly WebhookEventInput[],
  opts: { now?: Date } = {},
): Promise<number> {
  if (events.length === 0) return 0;
  const ids = events.map(() => randomUUID().replaceAll("-", ""));
  const users = events.map((e) => e.userId);
  const types = events.map((e) => e.type);
  const keys = events.map((e) => e.subjectKey);
  const payloads = events.map((e) => serialiseEventData(e.data));
  const at = (opts.now ?? new Date()).toISOString();
  return tx.$executeRaw`
    INSERT INTO "WebhookEvent" ("id", "userId", "type", "subjectKey", "payload", "createdAt")
    SELECT d."id", d."userId", d."type", d."subjectKey", d."payload"::jsonb, ${at}::timestamp(3)
    FROM unnest(${ids}::text[], ${users}::text[], ${types}::text[], ${keys}::text[], ${payloads}::text[])
      AS d("id", "userId", "type", "subjectKey", "payload")
    WHERE EXISTS (
      SELECT 1 FROM "WebhookEndpoint" e
      WHERE e."userId" = d."userId" AND e."disabledAt" IS NULL AND d."type" = ANY (e."events"))
    ON CONFLICT ("type", "subjectKey") DO NOTHING`;
}
