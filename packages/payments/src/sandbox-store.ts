/**
 * The sandbox's plumbing over `SandboxObject` rows: ids, row locks, Stripe-style idempotency,
 * stored Stripe errors, settings, and webhook events (stored with the change that caused them,
 * delivered after commit, redeliverable). Used by the checkout, Connect and payments sandboxes.
 *
 * Row kinds written here:
 *
 * | kind               | id                               | data                                       |
 * | ------------------ | -------------------------------- | ------------------------------------------ |
 * | "idempotency_key"  | `idempotency_key:<key>`          | endpoint, params hash, the saved outcome   |
 * | "event"            | `evt_sandbox_...`                | type, exact JSON body, delivery attempts   |
 * | "sandbox_setting"  | `sandbox_setting:<name>`         | `{ value }`                                |
 * | "webhook_secret"   | "webhook_secret"                 | `{ secret: "whsec_sandbox_..." }`          |
 *
 * Written by the other sandbox files (each lists its own in its header): "checkout_session"
 * (sandbox-provider.ts); "connect_account", "transfer" (sandbox-connect.ts); "payment_intent",
 * "charge", "dispute" (sandbox-payments.ts); "product", "price", "customer", "subscription",
 * "invoice", "portal_session" (sandbox-billing-records.ts); and, by sandbox-discounts.ts:
 *
 * | kind               | id                               | data                                       |
 * | ------------------ | -------------------------------- | ------------------------------------------ |
 * | "coupon"           | `coupon_sandbox_...`             | `{ coupon }`: Stripe's coupon object       |
 * | "promotion_code"   | `promo_sandbox_...`              | `{ promotionCode }`, with `active`         |
 */
import { createHash, randomInt } from "node:crypto";

import type { Prisma, PrismaClient } from "@fanfare/db";

import { paymentsEnv } from "./env";
import { PaymentsError, StripeRequestError } from "./errors";
import type {
  SandboxDelivery,
  SandboxEvent,
  SandboxEventObject,
  SandboxEventType,
} from "./sandbox-objects";
import { STRIPE_API_VERSION } from "./stripe-provider";
import { signWebhookPayload } from "./webhook-signature";

export type Tx = Prisma.TransactionClient;

/**
 * Interactive transactions wait for a pooled connection and for row locks held by concurrent
 * requests with the same idempotency key or account; Prisma's defaults (2 s, 5 s) are too short
 * for ten concurrent callers on two cores.
 */
export const TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

const ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const WEBHOOK_SECRET_ID = "webhook_secret";
const WEBHOOK_TIMEOUT_MS = 10_000;

export function randomToken(length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return s;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
export const idempotencyRowId = (key: string) => `idempotency_key:${key}`;

// Json columns come back untyped; only this package writes these rows, in these shapes.
export const toJson = (value: unknown) => value as Prisma.InputJsonValue;
export const fromJson = <T>(data: Prisma.JsonValue) => data as unknown as T;

/** JSON with object keys sorted, so that equal parameters hash equally whatever their order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * Locks one row until the transaction ends (`SELECT ... FOR UPDATE`) and returns it, or null.
 * Every money-moving change locks the row it checks (account balance, charge, dispute) so that
 * two concurrent requests cannot both pass the same check.
 */
export async function lockRow(tx: Tx, id: string, kind: string) {
  await tx.$queryRaw`SELECT id FROM "SandboxObject" WHERE id = ${id} FOR UPDATE`;
  const row = await tx.sandboxObject.findUnique({ where: { id } });
  return row?.kind === kind ? row : null;
}

// ---------------------------------------------------------------------------------------------
// Stripe errors

/** A Stripe error response, as the sandbox saves it for replay. */
export type SandboxStripeError = {
  statusCode: number;
  type: string;
  code?: string;
  param?: string;
  message: string;
};

/** Our StripeRequestError for a sandbox answer, worded as the Stripe provider words Stripe's. */
export function toStripeRequestError(action: string, e: SandboxStripeError): StripeRequestError {
  return new StripeRequestError(
    `${action}: Stripe (sandbox) answered ${e.statusCode} ${e.type}${e.code ? ` (${e.code})` : ""}: ${e.message}`,
    {
      stripeType: e.type,
      stripeCode: e.code,
      statusCode: e.statusCode,
      requestId: `req_sandbox_${randomToken(14)}`,
    },
  );
}

/** Stripe's answer for an id that does not exist (`resource_missing`, 404). */
export const noSuchResource = (what: string, id: string, param?: string): SandboxStripeError => ({
  statusCode: 404,
  type: "invalid_request_error",
  code: "resource_missing",
  ...(param ? { param } : {}),
  message: `No such ${what}: '${id}'`,
});

/** Stripe's answer for a connected account the platform cannot reach (`account_invalid`). */
export const accountInvalid = (accountId: string): SandboxStripeError => ({
  statusCode: 403,
  type: "invalid_request_error",
  code: "account_invalid",
  message: `The provided key 'sk_test_********sandbox' does not have access to account '${accountId}' (or that account does not exist). Application access may have been revoked.`,
});

// ---------------------------------------------------------------------------------------------
// Idempotency

/** What a request did: saved under its idempotency key and replayed for the same key. */
export type Outcome<T> =
  { ok: true; value: T; events?: StoredEvent[] } | { ok: false; error: SandboxStripeError };

type SavedOutcome<T> = { ok: true; value: T } | { ok: false; error: SandboxStripeError };

type IdempotencyRecord<T = unknown> = {
  /** Absent on keys written by checkout sessions (the first endpoint that had keys). */
  endpoint?: string;
  paramsHash: string;
  outcome?: SavedOutcome<T>;
};

const CHECKOUT_ENDPOINT = "/v1/checkout/sessions";

/**
 * Runs one API request as Stripe's idempotency layer does (docs.stripe.com/api/
 * idempotent_requests): the first request with a key executes and its outcome, success or
 * refusal, is saved; a later request with the same key and the same parameters gets that outcome
 * again without executing; with other parameters or another endpoint it is refused with
 * `idempotency_error` (400). An `execute` that throws (validation, unknown ids) saves nothing, as
 * Stripe saves results only once an endpoint has begun executing. Keys never expire here.
 *
 * Concurrent requests with one key: the key row is inserted first in the transaction, so the
 * others wait on it and then replay the committed outcome; exactly one executes.
 *
 * @returns the value, and the events `execute` stored (empty on a replay: Stripe sends no second
 *   event for a replayed request).
 * @throws StripeRequestError for a saved refusal (replayed or not) and for idempotency_error.
 */
export async function runIdempotent<T>(
  db: PrismaClient,
  request: { key: string; endpoint: string; params: unknown; action: string },
  execute: (tx: Tx) => Promise<Outcome<T>>,
): Promise<{ value: T; events: StoredEvent[]; replayed: boolean }> {
  const paramsHash = sha256(canonicalJson(request.params));
  const rowId = idempotencyRowId(request.key);
  const result = await db.$transaction(async (tx) => {
    const claimed = await tx.sandboxObject.createMany({
      data: [
        {
          id: rowId,
          kind: "idempotency_key",
          data: toJson({ endpoint: request.endpoint, paramsHash } satisfies IdempotencyRecord),
        },
      ],
      skipDuplicates: true,
    });
    if (claimed.count === 1) {
      const outcome = await execute(tx);
      const saved: SavedOutcome<T> = outcome.ok
        ? { ok: true, value: outcome.value }
        : { ok: false, error: outcome.error };
      await tx.sandboxObject.update({
        where: { id: rowId },
        data: {
          data: toJson({
            endpoint: request.endpoint,
            paramsHash,
            outcome: saved,
          } satisfies IdempotencyRecord<T>),
        },
      });
      return { saved, events: outcome.ok ? (outcome.events ?? []) : [], replayed: false };
    }
    const row = await tx.sandboxObject.findUniqueOrThrow({ where: { id: rowId } });
    const first = fromJson<IdempotencyRecord<T>>(row.data);
    const firstEndpoint = first.endpoint ?? CHECKOUT_ENDPOINT;
    const retryHint = `Try using a key other than '${request.key}' if you meant to execute a different request.`;
    if (firstEndpoint !== request.endpoint) {
      throw toStripeRequestError(request.action, {
        statusCode: 400,
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${firstEndpoint}' vs '${request.endpoint}'). ${retryHint}`,
      });
    }
    if (first.paramsHash !== paramsHash) {
      throw toStripeRequestError(request.action, {
        statusCode: 400,
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. ${retryHint}`,
      });
    }
    if (!first.outcome) {
      throw new Error(`Sandbox idempotency key ${request.key} is committed without an outcome.`);
    }
    return { saved: first.outcome, events: [], replayed: true };
  }, TX_OPTIONS);
  if (!result.saved.ok) throw toStripeRequestError(request.action, result.saved.error);
  return { value: result.saved.value, events: result.events, replayed: result.replayed };
}

// ---------------------------------------------------------------------------------------------
// Settings

/** A sandbox setting, or `fallback` when never set. */
export async function readSetting<T>(db: Tx | PrismaClient, name: string, fallback: T): Promise<T> {
  const row = await db.sandboxObject.findUnique({ where: { id: `sandbox_setting:${name}` } });
  return row ? fromJson<{ value: T }>(row.data).value : fallback;
}

export async function writeSetting(db: PrismaClient, name: string, value: unknown): Promise<void> {
  const id = `sandbox_setting:${name}`;
  await db.sandboxObject.upsert({
    where: { id },
    create: { id, kind: "sandbox_setting", data: toJson({ value }) },
    update: { data: toJson({ value }) },
  });
}

// ---------------------------------------------------------------------------------------------
// Webhook secret and events

/**
 * The webhook signing secret: `STRIPE_WEBHOOK_SECRET` when set, otherwise the sandbox's own
 * `whsec_sandbox_...`, generated on first use and kept in `SandboxObject` "webhook_secret".
 * Concurrent first calls agree on one secret (insert-if-absent, then read).
 */
export async function getWebhookSecret(db: PrismaClient): Promise<string> {
  const fromEnv = paymentsEnv().STRIPE_WEBHOOK_SECRET;
  if (fromEnv) return fromEnv;
  const read = async () => {
    const row = await db.sandboxObject.findUnique({ where: { id: WEBHOOK_SECRET_ID } });
    return row ? fromJson<{ secret: string }>(row.data).secret : undefined;
  };
  const existing = await read();
  if (existing) return existing;
  await db.sandboxObject.createMany({
    data: [
      {
        id: WEBHOOK_SECRET_ID,
        kind: "webhook_secret",
        data: toJson({ secret: `whsec_sandbox_${randomToken(32)}` }),
      },
    ],
    skipDuplicates: true,
  });
  const secret = await read();
  if (!secret) throw new Error("Sandbox webhook secret vanished right after it was stored.");
  return secret;
}

/**
 * An event as stored: its id and the exact JSON body. Kept serialized because jsonb reorders
 * keys, and a redelivery must carry the same bytes.
 */
export type StoredEvent = { id: string; payload: string };

type EventRecord = {
  type: SandboxEventType;
  payload: string;
  created: number;
  deliveries: number;
  lastDelivery: { status: number; at: number; error?: string } | null;
};

/** A new event, serialized as Stripe sends it (pretty-printed JSON). */
export function buildEvent(
  type: SandboxEventType,
  object: SandboxEventObject,
  opts: {
    account?: string;
    previousAttributes?: Record<string, unknown>;
    /** The idempotency key of the API request that caused it; null for user or bank actions. */
    idempotencyKey?: string | null;
  } = {},
): StoredEvent {
  const event: SandboxEvent = {
    id: `evt_sandbox_${randomToken(24)}`,
    object: "event",
    ...(opts.account ? { account: opts.account } : {}),
    api_version: STRIPE_API_VERSION,
    created: nowSeconds(),
    data: {
      object,
      ...(opts.previousAttributes ? { previous_attributes: opts.previousAttributes } : {}),
    },
    livemode: false,
    pending_webhooks: 1,
    request: opts.idempotencyKey
      ? { id: `req_sandbox_${randomToken(14)}`, idempotency_key: opts.idempotencyKey }
      : { id: null, idempotency_key: null },
    type,
  };
  return { id: event.id, payload: JSON.stringify(event, null, 2) };
}

/** The row that keeps an event for redelivery; insert it with the change that caused it. */
export function eventRow(event: StoredEvent, type: SandboxEventType) {
  const record: EventRecord = {
    type,
    payload: event.payload,
    created: nowSeconds(),
    deliveries: 0,
    lastDelivery: null,
  };
  return { id: event.id, kind: "event", data: toJson(record) };
}

/** Stores an event in the transaction that makes the change it reports. */
export async function storeEvent(
  tx: Tx,
  type: SandboxEventType,
  object: SandboxEventObject,
  opts: Parameters<typeof buildEvent>[2] = {},
): Promise<StoredEvent> {
  const event = buildEvent(type, object, opts);
  await tx.sandboxObject.create({ data: eventRow(event, type) });
  return event;
}

/**
 * POSTs one event to a webhook endpoint as Stripe does: the stored JSON body, signed at delivery
 * time in the `stripe-signature` header (docs.stripe.com/webhooks/signature). Never throws on a
 * delivery failure: the change has happened whatever the receiver answers, and the event stays
 * stored for `redeliverSandboxEvent`. The attempt is counted on the event row.
 */
export async function deliverEvent(
  db: PrismaClient,
  event: StoredEvent,
  webhookUrl: string,
): Promise<SandboxDelivery> {
  const { payload } = event;
  const signature = signWebhookPayload({ payload, secret: await getWebhookSecret(db) });
  let delivery: SandboxDelivery;
  try {
    const res = await fetch(webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        "stripe-signature": signature,
        "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks) fanfare-sandbox",
      },
      body: payload,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    delivery = { status: res.status, eventId: event.id };
  } catch (e) {
    delivery = {
      status: 0,
      eventId: event.id,
      deliveryError: `POST ${webhookUrl} failed: ${String(e)}`,
    };
  }
  await recordDelivery(db, delivery).catch(() => undefined);
  return delivery;
}

async function recordDelivery(db: PrismaClient, delivery: SandboxDelivery): Promise<void> {
  const row = await db.sandboxObject.findUnique({ where: { id: delivery.eventId } });
  if (row?.kind !== "event") return;
  const record = fromJson<EventRecord>(row.data);
  const next: EventRecord = {
    ...record,
    deliveries: record.deliveries + 1,
    lastDelivery: {
      status: delivery.status,
      at: nowSeconds(),
      ...(delivery.deliveryError ? { error: delivery.deliveryError } : {}),
    },
  };
  await db.sandboxObject.update({ where: { id: row.id }, data: { data: toJson(next) } });
}

/** Delivers stored events in order, one after the other; returns one delivery per event. */
export async function deliverEvents(
  db: PrismaClient,
  events: StoredEvent[],
  webhookUrl: string,
): Promise<SandboxDelivery[]> {
  const deliveries: SandboxDelivery[] = [];
  for (const event of events) deliveries.push(await deliverEvent(db, event, webhookUrl));
  return deliveries;
}

/**
 * POSTs a stored sandbox event again, same id and same body, freshly signed, as Stripe's retries
 * and the Dashboard's "Resend" do. For events whose delivery failed (see `listSandboxEvents`).
 * @returns the receiver's status (0 and `deliveryError` when unreachable).
 * @throws PaymentsError SANDBOX_EVENT_NOT_FOUND for an unknown id.
 */
export async function redeliverSandboxEvent(
  db: PrismaClient,
  eventId: string,
  webhookUrl: string,
): Promise<SandboxDelivery> {
  const row = await db.sandboxObject.findUnique({ where: { id: eventId } });
  if (row?.kind !== "event") {
    throw new PaymentsError(
      "SANDBOX_EVENT_NOT_FOUND",
      `Cannot redeliver sandbox event ${eventId}: no such event.`,
    );
  }
  const record = fromJson<EventRecord>(row.data);
  return deliverEvent(db, { id: row.id, payload: record.payload }, webhookUrl);
}

export type SandboxEventSummary = {
  id: string;
  type: SandboxEventType;
  /** Unix seconds. */
  created: number;
  deliveries: number;
  /** The receiver's status at the last attempt (0: unreachable); null if never delivered. */
  lastDeliveryStatus: number | null;
};

/**
 * Stored sandbox events, newest first, optionally of one type; for a sandbox events page and for
 * finding events to redeliver (`lastDeliveryStatus` not 2xx).
 */
export async function listSandboxEvents(
  db: PrismaClient,
  opts: { type?: SandboxEventType; limit?: number } = {},
): Promise<SandboxEventSummary[]> {
  const rows = await db.sandboxObject.findMany({
    where: {
      kind: "event",
      ...(opts.type ? { data: { path: ["type"], equals: opts.type } } : {}),
    },
    orderBy: { createdAt: "desc" },
    take: opts.limit ?? 100,
  });
  return rows.map((row) => {
    const record = fromJson<EventRecord>(row.data);
    return {
      id: row.id,
      type: record.type,
      created: record.created,
      deliveries: record.deliveries,
      lastDeliveryStatus: record.lastDelivery?.status ?? null,
    };
  });
}
