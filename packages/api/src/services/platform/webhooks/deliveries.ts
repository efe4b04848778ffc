import { randomUUID } from "node:crypto";

import type { Prisma, PrismaClient, WebhookEventType } from "@fanfare/db";
import type {
  WebhookDeliveriesInput,
  WebhookDeliveryOutput,
  WebhookEventName,
} from "@fanfare/validators";

import { AppError } from "../../app-error";
import type { Page } from "../../pagination";
import { paginate } from "../../pagination";
import type { WebhookDeliverDeps } from "./deliver";
import { attemptClaimedDelivery, WEBHOOK_SEND_LEASE_SECONDS } from "./deliver";
import { getOwnEndpointOrThrow, webhooksPaused } from "./endpoints";
import { SAMPLE_EVENT_DATA } from "./payload";

/*
 * The delivery log, replays and test events (issue 15 §3, §4): the caller's own endpoints only.
 */

const DELIVERY_SELECT = {
  id: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  manual: true,
  lastStatus: true,
  lastError: true,
  deliveredAt: true,
  createdAt: true,
  event: { select: { id: true, type: true, subjectKey: true } },
  log: {
    orderBy: { attempt: "asc" },
    select: {
      attempt: true,
      at: true,
      status: true,
      latencyMs: true,
      responseHead: true,
      error: true,
    },
  },
} satisfies Prisma.WebhookDeliverySelect;

type DeliveryRow = {
  id: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date | null;
  manual: boolean;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  event: { id: string; type: string; subjectKey: string };
  log: WebhookDeliveryOutput["log"];
};

const TEST_SUBJECT_PREFIX = "test:";

function toOutput(d: DeliveryRow): WebhookDeliveryOutput {
  return {
    id: d.id,
    eventId: d.event.id,
    eventType: d.event.type as WebhookEventName,
    test: d.event.subjectKey.startsWith(TEST_SUBJECT_PREFIX),
    manual: d.manual,
    status: d.status as WebhookDeliveryOutput["status"],
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    deliveredAt: d.deliveredAt,
    createdAt: d.createdAt,
    log: d.log,
  };
}

/**
 * One page of an endpoint's deliveries, newest first, each with every attempt (13 at most).
 * @throws AppError NOT_FOUND for another user's or an unknown endpoint id.
 */
export async function listWebhookDeliveries(
  input: { userId: string; page: WebhookDeliveriesInput },
  db: PrismaClient,
): Promise<Page<WebhookDeliveryOutput>> {
  const endpoint = await getOwnEndpointOrThrow(input.userId, input.page.endpointId, db);
  const limit = input.page.limit ?? 20;
  const cursor = input.page.cursor ?? null;
  if (cursor) {
    const own = await db.webhookDelivery.findFirst({
      where: { id: cursor, endpointId: endpoint.id },
      select: { id: true },
    });
    if (!own) return { items: [], nextCursor: null };
  }
  const rows = await db.webhookDelivery.findMany({
    where: { endpointId: endpoint.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: DELIVERY_SELECT,
  });
  return paginate(rows, { limit, cursor }, toOutput);
}

/**
 * Refuses sending to an endpoint now: disabled, or its owner's webhooks paused.
 * @throws AppError CONFLICT (disabled) or FORBIDDEN (paused).
 */
async function checkCanSend(
  endpoint: { id: string; userId: string; disabledAt: Date | null },
  db: PrismaClient,
) {
  if (endpoint.disabledAt)
    throw new AppError(
      "CONFLICT",
      `Webhook endpoint ${endpoint.id} is disabled: enable it before sending to it.`,
    );
  if (await webhooksPaused(endpoint.userId, db))
    throw new AppError(
      "FORBIDDEN",
      "Your account is suspended, so its webhooks are paused: nothing can be sent until it is reinstated.",
    );
}

/**
 * Makes a manual delivery of an event to an endpoint, already claimed (one attempt, leased), and
 * sends it at once: a replay or a test event is delivered once, outside the endpoint's failure
 * count. Should this process die mid-send, the lease runs out and the next `webhooks.deliver`
 * run sends it (at least once).
 */
async function deliverManually(
  input: { eventId: string; endpointId: string; now: Date },
  deps: WebhookDeliverDeps,
): Promise<WebhookDeliveryOutput> {
  const delivery = await deps.db.webhookDelivery.create({
    data: {
      eventId: input.eventId,
      endpointId: input.endpointId,
      manual: true,
      attempts: 1,
      nextAttemptAt: new Date(input.now.getTime() + WEBHOOK_SEND_LEASE_SECONDS * 1000),
      createdAt: input.now,
    },
    select: { id: true },
  });
  await attemptClaimedDelivery({ id: delivery.id, attempts: 1 }, deps);
  const row = await deps.db.webhookDelivery.findUniqueOrThrow({
    where: { id: delivery.id },
    select: DELIVERY_SELECT,
  });
  return toOutput(row);
}

/**
 * Replays a delivery: a new manual delivery of the same event (same `webhook-id`, so a receiver
 * that processed it already can tell) to the same endpoint, sent at once.
 * @returns the new delivery with its attempt.
 * @throws AppError NOT_FOUND for another user's or an unknown delivery id; CONFLICT when the
 *   endpoint is disabled; FORBIDDEN when the owner's webhooks are paused.
 */
export async function replayWebhookDelivery(
  input: { userId: string; deliveryId: string },
  deps: WebhookDeliverDeps,
): Promise<WebhookDeliveryOutput> {
  const original = await deps.db.webhookDelivery.findFirst({
    where: { id: input.deliveryId, endpoint: { userId: input.userId } },
    select: { eventId: true, endpoint: { select: { id: true, userId: true, disabledAt: true } } },
  });
  if (!original)
    throw new AppError("NOT_FOUND", `Webhook delivery ${input.deliveryId} was not found.`);
  await checkCanSend(original.endpoint, deps.db);
  return deliverManually(
    { eventId: original.eventId, endpointId: original.endpoint.id, now: deps.now ?? new Date() },
    deps,
  );
}

/**
 * Sends a test event: a synthetic event of `type` (sample data with made-up ids and
 * `"test": true`, payload.ts's SAMPLE_EVENT_DATA) to this endpoint only, at once. The event is
 * stored already dispatched, so no other endpoint receives it.
 * @returns the delivery with its attempt.
 * @throws AppError NOT_FOUND for another user's or an unknown endpoint; BAD_INPUT when the
 *   endpoint does not subscribe to `type`; CONFLICT / FORBIDDEN as `replayWebhookDelivery`.
 */
export async function sendTestWebhook(
  input: { userId: string; endpointId: string; type: WebhookEventType },
  deps: WebhookDeliverDeps,
): Promise<WebhookDeliveryOutput> {
  const endpoint = await getOwnEndpointOrThrow(input.userId, input.endpointId, deps.db);
  if (!endpoint.events.includes(input.type))
    throw new AppError(
      "BAD_INPUT",
      `This endpoint does not subscribe to ${input.type}: add it to its events first.`,
      { field: "type" },
    );
  await checkCanSend(endpoint, deps.db);
  const now = deps.now ?? new Date();
  const event = await deps.db.webhookEvent.create({
    data: {
      userId: input.userId,
      type: input.type,
      subjectKey: `${TEST_SUBJECT_PREFIX}${randomUUID()}`,
      payload: SAMPLE_EVENT_DATA[input.type] as object,
      createdAt: now,
      dispatchedAt: now,
    },
    select: { id: true },
  });
  return deliverManually({ eventId: event.id, endpointId: endpoint.id, now }, deps);
}
