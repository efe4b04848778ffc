/**
 * The offline payments sandbox: Stripe Checkout's behaviour without Stripe, for development and
 * tests. State lives in `SandboxObject` rows so it survives restarts and is shared by processes:
 *
 * | kind               | id                           | data                                  |
 * | ------------------ | ---------------------------- | ------------------------------------- |
 * | "checkout_session" | `cs_test_sandbox_...`        | the session, its line items, events   |
 * | "idempotency_key"  | `idempotency_key:<key>`      | session id + hash of the parameters   |
 * | "webhook_secret"   | "webhook_secret"             | `{ secret: "whsec_sandbox_..." }`     |
 *
 * Sessions and events have Stripe's JSON shapes, and events are signed as Stripe signs them, so
 * the webhook route runs the same code against the sandbox and against Stripe.
 */
import { createHash, randomInt } from "node:crypto";

import type { Prisma, PrismaClient } from "@fanfare/db";

import {
  buildCheckoutSessionParams,
  CHECKOUT_MAX_LIFETIME_SECONDS,
  CHECKOUT_MIN_LIFETIME_SECONDS,
  parseCheckoutInput,
} from "./checkout-params";
import { paymentsEnv } from "./env";
import { PaymentsError } from "./errors";
import { STRIPE_API_VERSION } from "./stripe-provider";
import type { CheckoutSession, CreateCheckoutSessionInput, PaymentsProvider } from "./types";
import { constructWebhookEventWithSecret, signWebhookPayload } from "./webhook-signature";

/** A sandbox Checkout Session: the fields of Stripe's `checkout.session` object that we set. */
export type SandboxCheckoutSession = {
  id: string;
  object: "checkout.session";
  /** Cents. */
  amount_subtotal: number;
  /** Cents. */
  amount_total: number;
  cancel_url: string;
  client_reference_id: string;
  /** Unix seconds. */
  created: number;
  currency: string;
  customer: null;
  customer_details: {
    email: string;
    name: string | null;
    address: null;
    phone: null;
    tax_exempt: "none";
    tax_ids: never[];
  } | null;
  customer_email: string;
  /** Unix seconds. */
  expires_at: number;
  livemode: false;
  metadata: Record<string, string>;
  mode: "payment";
  payment_intent: string | null;
  payment_method_types: string[];
  payment_status: "unpaid" | "paid";
  status: "open" | "complete" | "expired";
  /** As given: may still contain `{CHECKOUT_SESSION_ID}`. */
  success_url: string;
  /** The sandbox checkout page while the session is open; null afterwards, as in Stripe. */
  url: string | null;
};

/** A line item as `expand: ["line_items.data.price.product"]` returns it. Amounts in cents. */
export type SandboxLineItem = {
  id: string;
  object: "item";
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  description: string;
  quantity: number;
  price: {
    id: string;
    object: "price";
    currency: string;
    unit_amount: number;
    product: {
      id: string;
      object: "product";
      name: string;
      description: string | null;
      images: string[];
    };
  };
};

export type SandboxCheckoutSessionWithLineItems = SandboxCheckoutSession & {
  line_items: { object: "list"; data: SandboxLineItem[]; has_more: false; url: string };
};

export type SandboxEventType = "checkout.session.completed" | "checkout.session.expired";

/** An event in Stripe's shape (docs.stripe.com/api/events/object). */
export type SandboxEvent = {
  id: string;
  object: "event";
  api_version: string;
  /** Unix seconds. */
  created: number;
  data: { object: SandboxCheckoutSession };
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  type: SandboxEventType;
};

/** The outcome of one webhook delivery. `status` is the receiver's HTTP status, 0 if unreachable. */
export type SandboxDelivery = { status: number; eventId: string; deliveryError?: string };

type SessionRecord = {
  session: SandboxCheckoutSession;
  lineItems: SandboxLineItem[];
  idempotencyKey: string;
  /**
   * One event per type, kept so that a repeated completion redelivers it, as Stripe does. Kept as
   * the serialized body: jsonb reorders keys, and a redelivery must carry the same bytes.
   */
  events: Partial<Record<SandboxEventType, StoredEvent>>;
};

type StoredEvent = { id: string; payload: string };

type IdempotencyRecord = { sessionId: string; paramsHash: string };

const WEBHOOK_SECRET_ID = "webhook_secret";
const WEBHOOK_TIMEOUT_MS = 10_000;
const ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function randomToken(length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return s;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const idempotencyRowId = (key: string) => `idempotency_key:${key}`;

// Json columns come back untyped; only this module writes these rows, in these shapes.
const asSessionRecord = (data: Prisma.JsonValue) => data as unknown as SessionRecord;
const toJson = (value: SessionRecord | IdempotencyRecord | { secret: string }) =>
  value as unknown as Prisma.InputJsonValue;

function toCheckoutSession(session: SandboxCheckoutSession): CheckoutSession {
  return {
    id: session.id,
    url: `${paymentsEnv().APP_URL}/sandbox/checkout/${session.id}`,
    expiresAt: new Date(session.expires_at * 1000),
  };
}

/**
 * Creates a sandbox Checkout Session from the same parameters Stripe would receive, idempotent on
 * `input.idempotencyKey` like Stripe (docs.stripe.com/api/idempotent_requests): the same key with
 * the same parameters returns the first session, even once it is complete or expired; with
 * different parameters it is refused. Keys never expire in the sandbox (Stripe keeps them at
 * least 24 h). Safe under concurrent calls with one key: one session is created.
 *
 * @returns id, the sandbox checkout page URL (`${APP_URL}/sandbox/checkout/<id>`), expiry.
 * @throws PaymentsError INVALID_CHECKOUT_INPUT, IDEMPOTENCY_KEY_REUSED.
 */
export async function createSandboxCheckoutSession(
  db: PrismaClient,
  input: CreateCheckoutSessionInput,
): Promise<CheckoutSession> {
  const valid = parseCheckoutInput(input);
  const params = buildCheckoutSessionParams(valid, new Date());
  const paramsHash = createHash("sha256").update(JSON.stringify(params)).digest("hex");
  const id = `cs_test_sandbox_${randomToken(24)}`;
  const productId = `prod_sandbox_${randomToken(14)}`;
  const created = nowSeconds();
  const metadata = params.metadata as Record<string, string>;

  const session: SandboxCheckoutSession = {
    id,
    object: "checkout.session",
    amount_subtotal: valid.amountCents,
    amount_total: valid.amountCents,
    cancel_url: valid.cancelUrl,
    client_reference_id: valid.saleId,
    created,
    currency: valid.currency,
    customer: null,
    customer_details: null,
    customer_email: valid.buyerEmail,
    expires_at: params.expires_at as number,
    livemode: false,
    metadata,
    mode: "payment",
    payment_intent: null,
    payment_method_types: ["card"],
    payment_status: "unpaid",
    status: "open",
    success_url: valid.successUrl,
    url: `${paymentsEnv().APP_URL}/sandbox/checkout/${id}`,
  };
  const lineItems: SandboxLineItem[] = [
    {
      id: `li_sandbox_${randomToken(14)}`,
      object: "item",
      amount_subtotal: valid.amountCents,
      amount_total: valid.amountCents,
      currency: valid.currency,
      description: valid.productName,
      quantity: 1,
      price: {
        id: `price_sandbox_${randomToken(14)}`,
        object: "price",
        currency: valid.currency,
        unit_amount: valid.amountCents,
        product: {
          id: productId,
          object: "product",
          name: valid.productName,
          description: valid.productDescription ?? null,
          images: valid.imageUrl ? [valid.imageUrl] : [],
        },
      },
    },
  ];

  const stored = await db.$transaction(async (tx) => {
    // The key row is the lock: a concurrent creator with the same key waits on this insert,
    // then finds the row and returns the session committed with it.
    const claimed = await tx.sandboxObject.createMany({
      data: [
        {
          id: idempotencyRowId(valid.idempotencyKey),
          kind: "idempotency_key",
          data: toJson({ sessionId: id, paramsHash }),
        },
      ],
      skipDuplicates: true,
    });
    if (claimed.count === 1) {
      // Checked for new sessions only: a replay returns the first response, as Stripe does.
      const lifetime = session.expires_at - created;
      if (lifetime < CHECKOUT_MIN_LIFETIME_SECONDS || lifetime > CHECKOUT_MAX_LIFETIME_SECONDS) {
        throw new PaymentsError(
          "INVALID_CHECKOUT_INPUT",
          `Cannot create checkout session for sale ${valid.saleId}: expiresAt is ${lifetime} s away; Stripe requires 30 minutes to 24 hours.`,
        );
      }
      const record: SessionRecord = {
        session,
        lineItems,
        idempotencyKey: valid.idempotencyKey,
        events: {},
      };
      await tx.sandboxObject.create({
        data: { id, kind: "checkout_session", data: toJson(record) },
      });
      return session;
    }
    const keyRow = await tx.sandboxObject.findUniqueOrThrow({
      where: { id: idempotencyRowId(valid.idempotencyKey) },
    });
    const first = keyRow.data as unknown as IdempotencyRecord;
    if (first.paramsHash !== paramsHash) {
      throw new PaymentsError(
        "IDEMPOTENCY_KEY_REUSED",
        `Cannot create checkout session for sale ${valid.saleId}: idempotency key "${valid.idempotencyKey}" was first used with different parameters (session ${first.sessionId}); Stripe answers such a request with idempotency_error.`,
      );
    }
    const sessionRow = await tx.sandboxObject.findUniqueOrThrow({ where: { id: first.sessionId } });
    return asSessionRecord(sessionRow.data).session;
  });
  return toCheckoutSession(stored);
}

/**
 * The stored sandbox session with its line items expanded, as
 * `stripe.checkout.sessions.retrieve(id, { expand: ["line_items.data.price.product"] })` returns
 * it; null for an unknown id. For the sandbox checkout page.
 */
export async function getSandboxCheckoutSession(
  db: PrismaClient,
  id: string,
): Promise<SandboxCheckoutSessionWithLineItems | null> {
  const row = await db.sandboxObject.findUnique({ where: { id } });
  if (!row || row.kind !== "checkout_session") return null;
  const record = asSessionRecord(row.data);
  return {
    ...record.session,
    line_items: {
      object: "list",
      data: record.lineItems,
      has_more: false,
      url: `/v1/checkout/sessions/${id}/line_items`,
    },
  };
}

async function getSessionRecordOrThrow(
  db: PrismaClient,
  sessionId: string,
  action: string,
): Promise<SessionRecord> {
  const row = await db.sandboxObject.findUnique({ where: { id: sessionId } });
  if (!row || row.kind !== "checkout_session") {
    throw new PaymentsError(
      "CHECKOUT_SESSION_NOT_FOUND",
      `Cannot ${action} sandbox checkout session ${sessionId}: no such session.`,
    );
  }
  return asSessionRecord(row.data);
}

/** A new event, serialized as Stripe sends it (pretty-printed JSON). */
function buildEvent(type: SandboxEventType, session: SandboxCheckoutSession): StoredEvent {
  const event: SandboxEvent = {
    id: `evt_sandbox_${randomToken(24)}`,
    object: "event",
    api_version: STRIPE_API_VERSION,
    created: nowSeconds(),
    data: { object: session },
    livemode: false,
    pending_webhooks: 1,
    // Events caused by the buyer (not by an API call of ours) carry no request, as in Stripe.
    request: { id: null, idempotency_key: null },
    type,
  };
  return { id: event.id, payload: JSON.stringify(event, null, 2) };
}

/**
 * Moves an open session to its next state with its event, compare-and-set on `status` so that
 * of two concurrent calls exactly one makes the transition. Returns false if it was no longer open.
 */
async function transitionOpenSession(
  db: PrismaClient,
  record: SessionRecord,
  next: SessionRecord,
): Promise<boolean> {
  const { count } = await db.sandboxObject.updateMany({
    where: {
      id: record.session.id,
      kind: "checkout_session",
      data: { path: ["session", "status"], equals: "open" },
    },
    data: { data: toJson(next) },
  });
  return count === 1;
}

/**
 * POSTs one event to a webhook endpoint as Stripe does: the stored JSON body, signed at delivery
 * time in the `stripe-signature` header (docs.stripe.com/webhooks/signature). Never throws on a
 * delivery failure: the payment has happened whatever the receiver answers, and calling again
 * redelivers the same event.
 */
async function deliverEvent(
  db: PrismaClient,
  event: StoredEvent,
  webhookUrl: string,
): Promise<SandboxDelivery> {
  const { payload } = event;
  const signature = signWebhookPayload({ payload, secret: await getWebhookSecret(db) });
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
    return { status: res.status, eventId: event.id };
  } catch (e) {
    return {
      status: 0,
      eventId: event.id,
      deliveryError: `POST ${webhookUrl} failed: ${String(e)}`,
    };
  }
}

/**
 * Pays an open sandbox session, as if the buyer paid on Stripe's page: the session becomes
 * `complete`/`paid` with a `pi_sandbox_...` PaymentIntent and the buyer's details, and a
 * `checkout.session.completed` event is signed and POSTed to `webhookUrl`. Completing a complete
 * session redelivers the same event (same id and body), as Stripe's retries do.
 *
 * @returns the receiver's HTTP status (0 and `deliveryError` when unreachable), the event id, and
 *   the success URL with `{CHECKOUT_SESSION_ID}` replaced.
 * @throws PaymentsError CHECKOUT_SESSION_NOT_FOUND; CHECKOUT_SESSION_EXPIRED when the session was
 *   expired or is past `expires_at`.
 */
export async function completeSandboxCheckout(
  db: PrismaClient,
  opts: { sessionId: string; buyerName?: string; webhookUrl: string },
): Promise<SandboxDelivery & { successUrl: string }> {
  const record = await getSessionRecordOrThrow(db, opts.sessionId, "complete");
  const { session } = record;
  let event: StoredEvent | undefined;
  switch (session.status) {
    case "complete":
      event = record.events["checkout.session.completed"];
      break;
    case "expired":
      throw new PaymentsError(
        "CHECKOUT_SESSION_EXPIRED",
        `Cannot complete sandbox checkout session ${session.id}: it was expired.`,
      );
    case "open": {
      if (nowSeconds() >= session.expires_at) {
        throw new PaymentsError(
          "CHECKOUT_SESSION_EXPIRED",
          `Cannot complete sandbox checkout session ${session.id}: it expired at ${new Date(session.expires_at * 1000).toISOString()}.`,
        );
      }
      const completed: SandboxCheckoutSession = {
        ...session,
        status: "complete",
        payment_status: "paid",
        payment_intent: `pi_sandbox_${randomToken(24)}`,
        customer_details: {
          email: session.customer_email,
          name: opts.buyerName?.trim() || null,
          address: null,
          phone: null,
          tax_exempt: "none",
          tax_ids: [],
        },
        url: null,
      };
      const created = buildEvent("checkout.session.completed", completed);
      const next: SessionRecord = {
        ...record,
        session: completed,
        events: { ...record.events, "checkout.session.completed": created },
      };
      // Lost the race to a concurrent completion or expiry: answer from the state it left.
      if (!(await transitionOpenSession(db, record, next)))
        return completeSandboxCheckout(db, opts);
      event = created;
      break;
    }
  }
  if (!event)
    throw new Error(`Sandbox session ${session.id} is complete but has no completed event stored.`);
  const delivery = await deliverEvent(db, event, opts.webhookUrl);
  return {
    ...delivery,
    successUrl: session.success_url.replaceAll("{CHECKOUT_SESSION_ID}", session.id),
  };
}

/**
 * Expires an open sandbox session, as `POST /v1/checkout/sessions/:id/expire` or the expiry time
 * does in Stripe, and POSTs a signed `checkout.session.expired` event to `webhookUrl`. Expiring
 * an expired session redelivers the same event.
 *
 * @throws PaymentsError CHECKOUT_SESSION_NOT_FOUND; CHECKOUT_SESSION_NOT_OPEN for a complete one
 *   (Stripe only expires open sessions).
 */
export async function expireSandboxCheckout(
  db: PrismaClient,
  sessionId: string,
  webhookUrl: string,
): Promise<SandboxDelivery> {
  const record = await getSessionRecordOrThrow(db, sessionId, "expire");
  const { session } = record;
  let event: StoredEvent | undefined;
  switch (session.status) {
    case "expired":
      event = record.events["checkout.session.expired"];
      break;
    case "complete":
      throw new PaymentsError(
        "CHECKOUT_SESSION_NOT_OPEN",
        `Cannot expire sandbox checkout session ${session.id}: it is complete; only open sessions expire.`,
      );
    case "open": {
      const expired: SandboxCheckoutSession = { ...session, status: "expired", url: null };
      const created = buildEvent("checkout.session.expired", expired);
      const next: SessionRecord = {
        ...record,
        session: expired,
        events: { ...record.events, "checkout.session.expired": created },
      };
      if (!(await transitionOpenSession(db, record, next)))
        return expireSandboxCheckout(db, sessionId, webhookUrl);
      event = created;
      break;
    }
  }
  if (!event)
    throw new Error(`Sandbox session ${session.id} is expired but has no expired event stored.`);
  return deliverEvent(db, event, webhookUrl);
}

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
    return row ? (row.data as { secret: string }).secret : undefined;
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

/** The offline provider: sandbox sessions, webhooks verified with `getWebhookSecret(db)`. */
export function createSandboxProvider(db: PrismaClient): PaymentsProvider {
  return {
    mode: "sandbox",
    createCheckoutSession: (input) => createSandboxCheckoutSession(db, input),
    async constructWebhookEvent(rawBody, signatureHeader) {
      return constructWebhookEventWithSecret(rawBody, signatureHeader, await getWebhookSecret(db));
    },
  };
}
