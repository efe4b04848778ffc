/**
 * The offline payments sandbox: Stripe's behaviour without Stripe, for development and tests.
 * State lives in `SandboxObject` rows so it survives restarts and is shared by processes. This
 * file holds Checkout and the provider; Connect and transfers are in sandbox-connect.ts, payment
 * intents, charges, refunds and disputes in sandbox-payments.ts, discount codes' coupons and
 * promotion codes in sandbox-discounts.ts, subscriptions (Stripe Billing) in sandbox-billing.ts,
 * sandbox-invoices.ts and sandbox-clock.ts, idempotency and events in sandbox-store.ts.
 *
 * | kind               | id                           | data                                  |
 * | ------------------ | ---------------------------- | ------------------------------------- |
 * | "checkout_session" | `cs_test_sandbox_...`        | the session, its line items, events   |
 * | "idempotency_key"  | `idempotency_key:<key>`      | session id + hash of the parameters   |
 *
 * Sessions and events have Stripe's JSON shapes, and events are signed as Stripe signs them, so
 * the webhook route runs the same code against the sandbox and against Stripe.
 */
import type { PrismaClient } from "@fanfare/db";

import {
  buildCheckoutSessionParams,
  CHECKOUT_MAX_LIFETIME_SECONDS,
  CHECKOUT_MIN_LIFETIME_SECONDS,
  parseCheckoutInput,
} from "./checkout-params";
import { paymentsEnv } from "./env";
import { PaymentsError } from "./errors";
import {
  createSandboxPortalSession,
  createSandboxSubscriptionCheckout,
  ensureSandboxSubscriptionPrice,
  getSandboxSubscriptionState,
  startSandboxSubscription,
} from "./sandbox-billing";
import { cancelSandboxSubscription } from "./sandbox-clock";
import {
  completeSandboxOnboarding,
  createSandboxConnectAccount,
  createSandboxLoginLink,
  createSandboxOnboardingLink,
  createSandboxTransfer,
  findSandboxTransferByGroup,
  getSandboxConnectAccountStatus,
  reverseSandboxTransfer,
} from "./sandbox-connect";
import { createSandboxDiscountCoupon, setSandboxPromotionCodeActive } from "./sandbox-discounts";
import { getSandboxSubscriptionInvoice, refundSandboxInvoice } from "./sandbox-invoices";
import type { SandboxDelivery } from "./sandbox-objects";
import { createSandboxRefund, paymentRowsForSession } from "./sandbox-payments";
import type { StoredEvent } from "./sandbox-store";
import {
  buildEvent,
  deliverEvent,
  deliverEvents,
  eventRow,
  fromJson,
  getWebhookSecret,
  idempotencyRowId,
  nowSeconds,
  randomToken,
  sha256,
  toJson,
  TX_OPTIONS,
} from "./sandbox-store";
import type { CheckoutSession, CreateCheckoutSessionInput, PaymentsProvider } from "./types";
import { constructWebhookEventWithSecret } from "./webhook-signature";

export type {
  SandboxAccount,
  SandboxCharge,
  SandboxDelivery,
  SandboxDispute,
  SandboxEvent,
  SandboxEventType,
  SandboxPaymentIntent,
  SandboxRefund,
  SandboxTransfer,
  SandboxTransferReversal,
} from "./sandbox-objects";
export { completeSandboxOnboarding, getWebhookSecret };

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
  /** Subscription mode: the `cus_...` made on completion; null before, and in payment mode. */
  customer: string | null;
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
  mode: "payment" | "subscription";
  /** Payment mode: set on completion. Subscription mode: always null (invoices have them). */
  payment_intent: string | null;
  payment_method_types: string[];
  payment_status: "unpaid" | "paid";
  status: "open" | "complete" | "expired";
  /** Subscription mode: the `sub_...` made on completion; null otherwise. */
  subscription: string | null;
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
    /** Subscription mode: the Price's billing interval. */
    recurring?: { interval: "month" | "year"; interval_count: 1 };
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

type CheckoutEventType = "checkout.session.completed" | "checkout.session.expired";

/** A `checkout_session` row; subscription-mode sessions are written by sandbox-billing.ts. */
export type SessionRecord = {
  session: SandboxCheckoutSession;
  lineItems: SandboxLineItem[];
  idempotencyKey: string;
  /**
   * One event per type, kept so that a repeated completion redelivers it, as Stripe does. Kept as
   * the serialized body: jsonb reorders keys, and a redelivery must carry the same bytes.
   */
  events: Partial<Record<CheckoutEventType, StoredEvent>>;
  /** Subscription mode: the Price and coupon the subscription starts with. */
  subscription?: { priceId: string; couponId: string | null };
  /**
   * Subscription mode: the events of the subscription's start (`customer.subscription.created`,
   * `invoice.paid`), sent after `checkout.session.completed` and redelivered with it.
   */
  startEvents?: StoredEvent[];
};

/** A key first used for a checkout session; other endpoints' keys carry `endpoint` instead. */
type IdempotencyRecord = { sessionId?: string; endpoint?: string; paramsHash: string };

const asSessionRecord = fromJson<SessionRecord>;

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
  const paramsHash = sha256(JSON.stringify(params));
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
    subscription: null,
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
          data: toJson({ sessionId: id, paramsHash } satisfies IdempotencyRecord),
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
    const first = fromJson<IdempotencyRecord>(keyRow.data);
    if (!first.sessionId || first.paramsHash !== paramsHash) {
      const firstUse = first.sessionId ? `session ${first.sessionId}` : `${first.endpoint}`;
      throw new PaymentsError(
        "IDEMPOTENCY_KEY_REUSED",
        `Cannot create checkout session for sale ${valid.saleId}: idempotency key "${valid.idempotencyKey}" was first used with different parameters (${firstUse}); Stripe answers such a request with idempotency_error.`,
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

/**
 * Moves an open session to its next state, compare-and-set on `status` so that of two concurrent
 * calls exactly one makes the transition; the rows the transition creates (its event, the payment
 * it leaves) are inserted in the same transaction. Returns false if it was no longer open.
 */
async function transitionOpenSession(
  db: PrismaClient,
  record: SessionRecord,
  next: SessionRecord,
  rows: { id: string; kind: string; data: ReturnType<typeof toJson> }[],
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.sandboxObject.updateMany({
      where: {
        id: record.session.id,
        kind: "checkout_session",
        data: { path: ["session", "status"], equals: "open" },
      },
      data: { data: toJson(next) },
    });
    if (count !== 1) return false;
    await tx.sandboxObject.createMany({ data: rows });
    return true;
  }, TX_OPTIONS);
}

/**
 * Pays an open sandbox session, as if the buyer paid on Stripe's page: the session becomes
 * `complete`/`paid` with the buyer's details and a `pi_sandbox_...` PaymentIntent, stored with its
 * `ch_sandbox_...` Charge (amount, `amount_refunded` 0) for refunds and disputes to find
 * (`getSandboxPayment`), and a `checkout.session.completed` event is signed and POSTed to
 * `webhookUrl`. Completing a complete session redelivers the same event (same id and body), as
 * Stripe's retries do. A session in `subscription` mode instead starts the subscription
 * (`startSandboxSubscription`: customer, subscription, paid first invoice) and then also POSTs
 * `customer.subscription.created` and `invoice.paid`, redelivered likewise.
 *
 * @returns the receiver's HTTP status (0 and `deliveryError` when unreachable), the event id, and
 *   the success URL with `{CHECKOUT_SESSION_ID}` replaced; in subscription mode, the deliveries
 *   of the subscription's start events as `startDeliveries`.
 * @throws PaymentsError CHECKOUT_SESSION_NOT_FOUND; CHECKOUT_SESSION_EXPIRED when the session was
 *   expired or is past `expires_at`.
 */
export async function completeSandboxCheckout(
  db: PrismaClient,
  opts: { sessionId: string; buyerName?: string; webhookUrl: string },
): Promise<SandboxDelivery & { successUrl: string; startDeliveries?: SandboxDelivery[] }> {
  const record = await getSessionRecordOrThrow(db, opts.sessionId, "complete");
  const { session } = record;
  let event: StoredEvent | undefined;
  let startEvents: StoredEvent[] = [];
  switch (session.status) {
    case "complete":
      event = record.events["checkout.session.completed"];
      startEvents = record.startEvents ?? [];
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
      const buyerName = opts.buyerName?.trim() || null;
      const paid: SandboxCheckoutSession = {
        ...session,
        status: "complete",
        payment_status: "paid",
        customer_details: {
          email: session.customer_email,
          name: buyerName,
          address: null,
          phone: null,
          tax_exempt: "none",
          tax_ids: [],
        },
        url: null,
      };
      const outcome = await paySession(db, record, paid, buyerName);
      const created = buildEvent("checkout.session.completed", outcome.session);
      const next: SessionRecord = {
        ...record,
        session: outcome.session,
        events: { ...record.events, "checkout.session.completed": created },
        ...(outcome.events.length > 0 ? { startEvents: outcome.events } : {}),
      };
      const rows = [eventRow(created, "checkout.session.completed"), ...outcome.rows];
      // Lost the race to a concurrent completion or expiry: answer from the state it left.
      if (!(await transitionOpenSession(db, record, next, rows)))
        return completeSandboxCheckout(db, opts);
      event = created;
      startEvents = outcome.events;
      event = created;
      break;
    }
  }
  if (!event)
    throw new Error(`Sandbox session ${session.id} is complete but has no completed event stored.`);
  const delivery = await deliverEvent(db, event, opts.webhookUrl);
  const startDeliveries = await deliverEvents(db, startEvents, opts.webhookUrl);
  return {
    ...delivery,
    successUrl: session.success_url.replaceAll("{CHECKOUT_SESSION_ID}", session.id),
    ...(startDeliveries.length > 0 ? { startDeliveries } : {}),
  };
}

/**
 * What paying the session leaves, by mode: a PaymentIntent and Charge (payment), or a Customer,
 * Subscription and paid first invoice with their events (subscription, `startSandboxSubscription`).
 */
async function paySession(
  db: PrismaClient,
  record: SessionRecord,
  paid: SandboxCheckoutSession,
  buyerName: string | null,
): Promise<{
  session: SandboxCheckoutSession;
  rows: { id: string; kind: string; data: ReturnType<typeof toJson> }[];
  events: StoredEvent[];
}> {
  switch (paid.mode) {
    case "payment": {
      const paymentIntentId = `pi_sandbox_${randomToken(24)}`;
      const session = { ...paid, payment_intent: paymentIntentId };
      return {
        session,
        rows: paymentRowsForSession(session, paymentIntentId, buyerName),
        events: [],
      };
    }
    case "subscription":
      return startSandboxSubscription(db, record, paid, buyerName);
  }
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
      const rows = [eventRow(created, "checkout.session.expired")];
      if (!(await transitionOpenSession(db, record, next, rows)))
        return expireSandboxCheckout(db, sessionId, webhookUrl);
      event = created;
      break;
    }
  }
  if (!event)
    throw new Error(`Sandbox session ${session.id} is expired but has no expired event stored.`);
  return deliverEvent(db, event, webhookUrl);
}

/** Where the sandbox POSTs events by default: the web app's Stripe webhook route. */
export const defaultSandboxWebhookUrl = () => `${paymentsEnv().APP_URL}/api/webhooks/stripe`;

/**
 * The offline provider: every PaymentsProvider method against `SandboxObject` rows, with Stripe's
 * rules, ids of Stripe's shape (`..._sandbox_...`) and its errors; webhooks verified with
 * `getWebhookSecret(db)`.
 *
 * @param opts.webhookUrl where events caused by API calls (`charge.refunded`,
 *   `customer.subscription.updated|deleted` of a cancellation) are POSTed, signed; default
 *   `${APP_URL}/api/webhooks/stripe`.
 */
export function createSandboxProvider(
  db: PrismaClient,
  opts: { webhookUrl?: string } = {},
): PaymentsProvider {
  const webhookUrl = () => opts.webhookUrl ?? defaultSandboxWebhookUrl();
  return {
    mode: "sandbox",
    createCheckoutSession: (input) => createSandboxCheckoutSession(db, input),
    async constructWebhookEvent(rawBody, signatureHeader) {
      return constructWebhookEventWithSecret(rawBody, signatureHeader, await getWebhookSecret(db));
    },
    createConnectAccount: (input) => createSandboxConnectAccount(db, input),
    createAccountOnboardingLink: (input) => createSandboxOnboardingLink(db, input),
    getConnectAccountStatus: (accountId) => getSandboxConnectAccountStatus(db, accountId),
    createConnectLoginLink: (accountId) => createSandboxLoginLink(db, accountId),
    createTransfer: (input) => createSandboxTransfer(db, input),
    findTransferByGroup: (transferGroup) => findSandboxTransferByGroup(db, transferGroup),
    reverseTransfer: (input) => reverseSandboxTransfer(db, input),
    createRefund: (input) => createSandboxRefund(db, input, webhookUrl()),
    upsertDiscountCoupon: (input) => createSandboxDiscountCoupon(db, input),
    setPromotionCodeActive: (input) => setSandboxPromotionCodeActive(db, input),
    ensureSubscriptionPrice: (input) => ensureSandboxSubscriptionPrice(db, input),
    createSubscriptionCheckout: (input) => createSandboxSubscriptionCheckout(db, input),
    getSubscription: (subscriptionId) => getSandboxSubscriptionState(db, subscriptionId),
    cancelSubscription: (input) => cancelSandboxSubscription(db, input, webhookUrl()),
    createPortalSession: (input) => createSandboxPortalSession(db, input),
    getInvoice: (invoiceId) => getSandboxSubscriptionInvoice(db, invoiceId),
    refundInvoice: (input) => refundSandboxInvoice(db, input, webhookUrl()),
  };
}
