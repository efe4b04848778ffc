/**
 * The sandbox's payments after checkout: the PaymentIntent and Charge a completed checkout
 * leaves, refunds against them, and disputes (docs.stripe.com/api/refunds/create,
 * docs.stripe.com/disputes).
 *
 * | kind             | id                  | data                                  |
 * | ---------------- | ------------------- | ------------------------------------- |
 * | "payment_intent" | `pi_sandbox_...`    | the PaymentIntent                     |
 * | "charge"         | `ch_sandbox_...`    | the charge with its refunds           |
 * | "dispute"        | `dp_sandbox_...`    | the dispute and its two events        |
 */
import type { PrismaClient } from "@fanfare/db";

import { PaymentsError } from "./errors";
import { parseRefundInput } from "./provider-input";
import type {
  SandboxCharge,
  SandboxDelivery,
  SandboxDispute,
  SandboxPaymentIntent,
  SandboxRefund,
} from "./sandbox-objects";
import type { SandboxCheckoutSession } from "./sandbox-provider";
import type { StoredEvent, Tx } from "./sandbox-store";
import {
  deliverEvent,
  deliverEvents,
  fromJson,
  lockRow,
  noSuchResource,
  nowSeconds,
  randomToken,
  runIdempotent,
  storeEvent,
  toJson,
  toStripeRequestError,
  TX_OPTIONS,
} from "./sandbox-store";
import type { CreatedRefund, CreateRefundInput } from "./types";

type PaymentIntentRecord = { paymentIntent: SandboxPaymentIntent };
type ChargeRecord = { charge: SandboxCharge };
type DisputeRecord = {
  dispute: SandboxDispute;
  createdEvent: StoredEvent;
  closedEvent?: StoredEvent;
};

/** Amount as Stripe words it in refund errors: "$12.50" for usd, "1250 eur cents" otherwise. */
function formatForMessage(cents: number, currency: string): string {
  return currency === "usd" ? `$${(cents / 100).toFixed(2)}` : `${cents} ${currency} cents`;
}

/**
 * The PaymentIntent and Charge rows a paid checkout session leaves behind, to insert in the
 * transaction that completes the session. The intent carries the session's metadata (the session
 * sets `payment_intent_data.metadata` to it).
 */
export function paymentRowsForSession(
  session: SandboxCheckoutSession,
  paymentIntentId: string,
  buyerName: string | null,
) {
  return paymentRows({
    paymentIntentId,
    amountCents: session.amount_total,
    currency: session.currency,
    email: session.customer_email,
    name: buyerName,
    metadata: session.metadata,
  });
}

/**
 * The rows of one succeeded payment: a `pi_sandbox_...` PaymentIntent of `amountCents` and its
 * `ch_sandbox_...` Charge (nothing refunded), which refunds and disputes find by the intent's id.
 * A subscription invoice's payment has empty metadata, as Stripe's invoice PaymentIntents do.
 */
export function paymentRows(opts: {
  paymentIntentId: string;
  amountCents: number;
  currency: string;
  email: string;
  name: string | null;
  metadata: Record<string, string>;
}) {
  const created = nowSeconds();
  const chargeId = `ch_sandbox_${randomToken(24)}`;
  const amount = opts.amountCents;
  const { paymentIntentId, metadata } = opts;
  const paymentIntent: SandboxPaymentIntent = {
    id: paymentIntentId,
    object: "payment_intent",
    amount,
    amount_received: amount,
    created,
    currency: opts.currency,
    latest_charge: chargeId,
    livemode: false,
    metadata,
    status: "succeeded",
  };
  const charge: SandboxCharge = {
    id: chargeId,
    object: "charge",
    amount,
    amount_captured: amount,
    amount_refunded: 0,
    balance_transaction: null,
    billing_details: { email: opts.email, name: opts.name },
    captured: true,
    created,
    currency: opts.currency,
    disputed: false,
    livemode: false,
    metadata,
    paid: true,
    payment_intent: paymentIntentId,
    receipt_email: opts.email,
    refunded: false,
    refunds: {
      object: "list",
      data: [],
      has_more: false,
      total_count: 0,
      url: `/v1/charges/${chargeId}/refunds`,
    },
    status: "succeeded",
    transfer_group: null,
  };
  return [
    {
      id: paymentIntentId,
      kind: "payment_intent",
      data: toJson({ paymentIntent } satisfies PaymentIntentRecord),
    },
    { id: chargeId, kind: "charge", data: toJson({ charge } satisfies ChargeRecord) },
  ];
}

async function readPaymentIntent(db: PrismaClient | Tx, id: string) {
  const row = await db.sandboxObject.findUnique({ where: { id } });
  return row?.kind === "payment_intent"
    ? fromJson<PaymentIntentRecord>(row.data).paymentIntent
    : null;
}

/**
 * A stored sandbox PaymentIntent with its charge (refunds included), or null: what a completed
 * sandbox checkout paid.
 */
export async function getSandboxPayment(
  db: PrismaClient,
  paymentIntentId: string,
): Promise<{ paymentIntent: SandboxPaymentIntent; charge: SandboxCharge } | null> {
  const paymentIntent = await readPaymentIntent(db, paymentIntentId);
  if (!paymentIntent) return null;
  const row = await db.sandboxObject.findUnique({ where: { id: paymentIntent.latest_charge } });
  if (row?.kind !== "charge") return null;
  return { paymentIntent, charge: fromJson<ChargeRecord>(row.data).charge };
}

/**
 * A sandbox refund (`re_sandbox_...`), like `POST /v1/refunds` with `payment_intent`,
 * idempotent on `input.idempotencyKey`: raises the charge's cumulative `amount_refunded` (and
 * sets `refunded` once it reaches `amount`), stores a `charge.refunded` event (data.object: the
 * charge with its refunds) in the same transaction, then POSTs it to `webhookUrl`. A failed
 * delivery loses nothing: the refund is returned and the event stays stored for
 * `redeliverSandboxEvent`. A replayed key returns the first refund and sends no second event.
 *
 * Refused as Stripe refuses (non-retryable, saved under the key): `charge_already_refunded`,
 * `amount_too_large` (more than the unrefunded amount), `charge_disputed`.
 * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError (`resource_missing` for an
 *   unknown payment intent, `idempotency_error`, and the refusals above).
 */
export async function createSandboxRefund(
  db: PrismaClient,
  input: CreateRefundInput,
  webhookUrl: string,
): Promise<CreatedRefund> {
  const v = parseRefundInput(input);
  const action = `Cannot refund ${v.amountCents} cents of payment ${v.paymentIntentId}`;
  const { value, events } = await runIdempotent<CreatedRefund>(
    db,
    {
      key: v.idempotencyKey,
      endpoint: "/v1/refunds",
      params: {
        payment_intent: v.paymentIntentId,
        amount: v.amountCents,
        metadata: v.metadata,
        expand: ["charge"],
      },
      action,
    },
    async (tx) => {
      const paymentIntent = await readPaymentIntent(tx, v.paymentIntentId);
      if (!paymentIntent) {
        throw toStripeRequestError(
          action,
          noSuchResource("payment_intent", v.paymentIntentId, "payment_intent"),
        );
      }
      const row = await lockRow(tx, paymentIntent.latest_charge, "charge");
      if (!row) throw new Error(`Sandbox charge ${paymentIntent.latest_charge} is missing.`);
      const { charge } = fromJson<ChargeRecord>(row.data);
      const refusal = (code: string, message: string) =>
        ({
          ok: false,
          error: { statusCode: 400, type: "invalid_request_error", code, message },
        }) as const;
      if (charge.disputed) {
        return refusal(
          "charge_disputed",
          `Charge ${charge.id} has been charged back; cannot issue a refund.`,
        );
      }
      if (charge.refunded) {
        return refusal("charge_already_refunded", `Charge ${charge.id} has already been refunded.`);
      }
      const unrefunded = charge.amount - charge.amount_refunded;
      if (v.amountCents > unrefunded) {
        return refusal(
          "amount_too_large",
          `Refund amount (${formatForMessage(v.amountCents, charge.currency)}) is greater than unrefunded amount on charge (${formatForMessage(unrefunded, charge.currency)})`,
        );
      }
      const refund: SandboxRefund = {
        id: `re_sandbox_${randomToken(24)}`,
        object: "refund",
        amount: v.amountCents,
        balance_transaction: null,
        charge: charge.id,
        created: nowSeconds(),
        currency: charge.currency,
        metadata: v.metadata,
        payment_intent: paymentIntent.id,
        reason: null,
        status: "succeeded",
      };
      const amountRefunded = charge.amount_refunded + v.amountCents;
      const next: SandboxCharge = {
        ...charge,
        amount_refunded: amountRefunded,
        refunded: amountRefunded === charge.amount,
        refunds: {
          ...charge.refunds,
          data: [refund, ...charge.refunds.data],
          total_count: charge.refunds.total_count + 1,
        },
      };
      await tx.sandboxObject.update({
        where: { id: charge.id },
        data: { data: toJson({ charge: next } satisfies ChargeRecord) },
      });
      const event = await storeEvent(tx, "charge.refunded", next, {
        idempotencyKey: v.idempotencyKey,
        previousAttributes: {
          amount_refunded: charge.amount_refunded,
          ...(next.refunded !== charge.refunded ? { refunded: charge.refunded } : {}),
        },
      });
      return {
        ok: true,
        value: {
          refundId: refund.id,
          amountCents: refund.amount,
          status: refund.status,
          chargeAmountRefundedCents: amountRefunded,
        },
        events: [event],
      };
    },
  );
  await deliverEvents(db, events, webhookUrl);
  return value;
}

/**
 * Opens a dispute on a sandbox payment, as a buyer's bank does: a `dp_sandbox_...` dispute with
 * status "needs_response" and reason "fraudulent" for `amountCents` (default: the whole charge),
 * marks the charge disputed (no more refunds), and POSTs a signed `charge.dispute.created` event
 * to `webhookUrl`.
 * @returns the dispute id with the delivery (status 0 and `deliveryError` when unreachable).
 * @throws PaymentsError PAYMENT_INTENT_NOT_FOUND; CHARGE_ALREADY_DISPUTED (one dispute per charge,
 *   as in Stripe); INVALID_PAYMENTS_INPUT for an amount outside 1..charge amount.
 */
export async function createSandboxDispute(
  db: PrismaClient,
  opts: { paymentIntentId: string; amountCents?: number; webhookUrl: string },
): Promise<SandboxDelivery & { disputeId: string }> {
  const { dispute, event } = await db.$transaction(async (tx) => {
    const paymentIntent = await readPaymentIntent(tx, opts.paymentIntentId);
    if (!paymentIntent) {
      throw new PaymentsError(
        "PAYMENT_INTENT_NOT_FOUND",
        `Cannot open a sandbox dispute on ${opts.paymentIntentId}: no such payment intent.`,
      );
    }
    const row = await lockRow(tx, paymentIntent.latest_charge, "charge");
    if (!row) throw new Error(`Sandbox charge ${paymentIntent.latest_charge} is missing.`);
    const { charge } = fromJson<ChargeRecord>(row.data);
    if (charge.disputed) {
      throw new PaymentsError(
        "CHARGE_ALREADY_DISPUTED",
        `Cannot open a sandbox dispute on ${opts.paymentIntentId}: charge ${charge.id} is already disputed.`,
      );
    }
    const amount = opts.amountCents ?? charge.amount;
    if (!Number.isInteger(amount) || amount < 1 || amount > charge.amount) {
      throw new PaymentsError(
        "INVALID_PAYMENTS_INPUT",
        `Cannot open a sandbox dispute of ${amount} cents on ${opts.paymentIntentId}: it must be 1 to ${charge.amount} cents.`,
      );
    }
    const dispute: SandboxDispute = {
      id: `dp_sandbox_${randomToken(24)}`,
      object: "dispute",
      amount,
      balance_transactions: [],
      charge: charge.id,
      created: nowSeconds(),
      currency: charge.currency,
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      payment_intent: paymentIntent.id,
      reason: "fraudulent",
      status: "needs_response",
    };
    await tx.sandboxObject.update({
      where: { id: charge.id },
      data: { data: toJson({ charge: { ...charge, disputed: true } } satisfies ChargeRecord) },
    });
    const createdEvent = await storeEvent(tx, "charge.dispute.created", dispute);
    await tx.sandboxObject.create({
      data: {
        id: dispute.id,
        kind: "dispute",
        data: toJson({ dispute, createdEvent } satisfies DisputeRecord),
      },
    });
    return { dispute, event: createdEvent };
  }, TX_OPTIONS);
  const delivery = await deliverEvent(db, event, opts.webhookUrl);
  return { ...delivery, disputeId: dispute.id };
}

/**
 * Closes an open sandbox dispute as the bank decides it: status "won" (funds come back) or
 * "lost", and POSTs a signed `charge.dispute.closed` event to `webhookUrl`. Closing again with
 * the same outcome redelivers the same event.
 * @throws PaymentsError DISPUTE_NOT_FOUND; DISPUTE_ALREADY_CLOSED when it was closed with the
 *   other outcome.
 */
export async function closeSandboxDispute(
  db: PrismaClient,
  opts: { disputeId: string; outcome: "won" | "lost"; webhookUrl: string },
): Promise<SandboxDelivery> {
  const event = await db.$transaction(async (tx) => {
    const row = await lockRow(tx, opts.disputeId, "dispute");
    if (!row) {
      throw new PaymentsError(
        "DISPUTE_NOT_FOUND",
        `Cannot close sandbox dispute ${opts.disputeId}: no such dispute.`,
      );
    }
    const record = fromJson<DisputeRecord>(row.data);
    const { dispute } = record;
    switch (dispute.status) {
      case "won":
      case "lost":
        if (dispute.status !== opts.outcome || !record.closedEvent) {
          throw new PaymentsError(
            "DISPUTE_ALREADY_CLOSED",
            `Cannot close sandbox dispute ${dispute.id} as ${opts.outcome}: it was already closed as ${dispute.status}.`,
          );
        }
        return record.closedEvent;
      case "needs_response": {
        const closed: SandboxDispute = { ...dispute, status: opts.outcome };
        const closedEvent = await storeEvent(tx, "charge.dispute.closed", closed, {
          previousAttributes: { status: dispute.status },
        });
        const next: DisputeRecord = { ...record, dispute: closed, closedEvent };
        await tx.sandboxObject.update({ where: { id: row.id }, data: { data: toJson(next) } });
        return closedEvent;
      }
    }
  }, TX_OPTIONS);
  return deliverEvent(db, event, opts.webhookUrl);
}

/** The stored sandbox dispute, or null. */
export async function getSandboxDispute(
  db: PrismaClient,
  disputeId: string,
): Promise<SandboxDispute | null> {
  const row = await db.sandboxObject.findUnique({ where: { id: disputeId } });
  return row?.kind === "dispute" ? fromJson<DisputeRecord>(row.data).dispute : null;
}
