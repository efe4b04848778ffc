import type { PrismaClient } from "@fanfare/db";
import { createTestDb } from "@fanfare/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { StripeRequestError } from "./errors";
import {
  closeSandboxDispute,
  createSandboxDispute,
  getSandboxDispute,
  getSandboxPayment,
} from "./sandbox-payments";
import {
  completeSandboxCheckout,
  createSandboxCheckoutSession,
  createSandboxProvider,
  getSandboxCheckoutSession,
} from "./sandbox-provider";
import { listSandboxEvents, redeliverSandboxEvent } from "./sandbox-store";
import { startWebhookReceiver } from "./testing/webhook-receiver";
import type { WebhookReceiver } from "./testing/webhook-receiver";
import type {
  PaymentsProvider,
  StripeChargeDisputeClosedEvent,
  StripeChargeDisputeCreatedEvent,
  StripeChargeRefundedEvent,
  StripeEvent,
} from "./types";

const savedEnv = { ...process.env };
let db: PrismaClient;
let close: () => Promise<void>;
let receiver: WebhookReceiver;
let payments: PaymentsProvider;

beforeAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  process.env.APP_URL = "http://localhost:3000";
  ({ db, close } = await createTestDb());
  receiver = await startWebhookReceiver();
  payments = createSandboxProvider(db, { webhookUrl: receiver.url });
});

afterEach(() => {
  receiver.received.length = 0;
});

afterAll(async () => {
  await receiver.close();
  await close();
  process.env = savedEnv;
});

let n = 0;
/** A completed sandbox checkout of `amountCents`; returns its payment intent id. */
async function paidSale(amountCents = 1500) {
  const saleId = `sale_${++n}`;
  const { id } = await createSandboxCheckoutSession(db, {
    saleId,
    amountCents,
    currency: "usd",
    productName: "Night Drive (single)",
    buyerEmail: "buyer@example.com",
    successUrl: "http://localhost:3000/thanks?session_id={CHECKOUT_SESSION_ID}",
    cancelUrl: "http://localhost:3000/t/night-drive",
    metadata: { trackId: "trk_1" },
    idempotencyKey: `checkout:${saleId}`,
  });
  await completeSandboxCheckout(db, { sessionId: id, buyerName: "Ada", webhookUrl: receiver.url });
  receiver.received.length = 0;
  const session = await getSandboxCheckoutSession(db, id);
  if (!session?.payment_intent) throw new Error("completed session has no payment intent");
  return { saleId, sessionId: id, paymentIntentId: session.payment_intent };
}

/** Each received delivery, verified as the webhook route verifies it. */
async function receivedEvents<E extends StripeEvent>(): Promise<E[]> {
  return Promise.all(
    receiver.received.map(
      async (d) => (await payments.constructWebhookEvent(d.body, d.signature)) as E,
    ),
  );
}

async function rejection(promise: Promise<unknown>): Promise<StripeRequestError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StripeRequestError);
  return e as StripeRequestError;
}

describe("sandbox checkout leaves a payment", () => {
  test("completing a checkout stores the session's payment intent and a charge with amount and amount_refunded", async () => {
    const { saleId, paymentIntentId } = await paidSale(1500);
    expect(paymentIntentId).toMatch(/^pi_sandbox_/);
    const payment = await getSandboxPayment(db, paymentIntentId);
    expect(payment?.paymentIntent).toMatchObject({
      id: paymentIntentId,
      object: "payment_intent",
      amount: 1500,
      currency: "usd",
      status: "succeeded",
      metadata: { saleId, trackId: "trk_1" },
    });
    expect(payment?.charge).toMatchObject({
      id: payment?.paymentIntent.latest_charge,
      object: "charge",
      amount: 1500,
      amount_refunded: 0,
      refunded: false,
      disputed: false,
      payment_intent: paymentIntentId,
      billing_details: { email: "buyer@example.com", name: "Ada" },
    });
    expect(payment?.charge.id).toMatch(/^ch_sandbox_/);
  });

  test("the checkout.session.completed event is stored like every sandbox event", async () => {
    const { sessionId } = await paidSale();
    const [latest] = await listSandboxEvents(db, { type: "checkout.session.completed", limit: 1 });
    const delivered = await redeliverSandboxEvent(db, latest!.id, receiver.url);
    expect(delivered.status).toBe(200);
    const [event] = await receivedEvents();
    expect(event).toMatchObject({
      type: "checkout.session.completed",
      data: { object: { id: sessionId } },
    });
  });
});

describe("sandbox refunds", () => {
  test("a partial then the remaining refund give the charge's cumulative amount_refunded and signed charge.refunded events", async () => {
    const { paymentIntentId, saleId } = await paidSale(1500);
    const first = await payments.createRefund({
      paymentIntentId,
      amountCents: 500,
      idempotencyKey: `refund:${saleId}:1`,
      metadata: { saleId },
    });
    expect(first).toEqual({
      refundId: expect.stringMatching(/^re_sandbox_/),
      amountCents: 500,
      status: "succeeded",
      chargeAmountRefundedCents: 500,
    });
    const second = await payments.createRefund({
      paymentIntentId,
      amountCents: 1000,
      idempotencyKey: `refund:${saleId}:2`,
      metadata: { saleId },
    });
    expect(second.chargeAmountRefundedCents).toBe(1500);

    const events = await receivedEvents<StripeChargeRefundedEvent>();
    expect(events.map((e) => e.type)).toEqual(["charge.refunded", "charge.refunded"]);
    const [partial, full] = events;
    expect(partial!.data.object).toMatchObject({
      object: "charge",
      amount: 1500,
      amount_refunded: 500,
      refunded: false,
      payment_intent: paymentIntentId,
      currency: "usd",
    });
    expect(partial!.data.object.refunds?.data.map((r) => r.id)).toEqual([first.refundId]);
    expect(partial!.data.previous_attributes).toEqual({ amount_refunded: 0 });
    expect(partial!.request).toMatchObject({ idempotency_key: `refund:${saleId}:1` });
    expect(full!.data.object).toMatchObject({ amount_refunded: 1500, refunded: true });
    expect(full!.data.object.refunds?.data.map((r) => r.id)).toEqual([
      second.refundId,
      first.refundId,
    ]);
    expect(full!.data.previous_attributes).toEqual({ amount_refunded: 500, refunded: false });
  });

  test("refunding more than the charge is refused with amount_too_large, not retryable", async () => {
    const { paymentIntentId } = await paidSale(1500);
    const e = await rejection(
      payments.createRefund({
        paymentIntentId,
        amountCents: 1501,
        idempotencyKey: `refund:${n}:too-much`,
        metadata: {},
      }),
    );
    expect(e).toMatchObject({
      stripeType: "invalid_request_error",
      stripeCode: "amount_too_large",
      statusCode: 400,
      retryable: false,
    });
    expect(e.message).toContain(
      "Refund amount ($15.01) is greater than unrefunded amount on charge ($15.00)",
    );
    expect((await getSandboxPayment(db, paymentIntentId))?.charge.amount_refunded).toBe(0);
    expect(receiver.received).toHaveLength(0);
  });

  test("after a partial refund, refunding more than what is left is refused; a fully refunded charge is charge_already_refunded", async () => {
    const { paymentIntentId } = await paidSale(1500);
    const refund = (amountCents: number, key: string) =>
      payments.createRefund({ paymentIntentId, amountCents, idempotencyKey: key, metadata: {} });
    await refund(1000, `r:${n}:1`);
    expect((await rejection(refund(600, `r:${n}:2`))).stripeCode).toBe("amount_too_large");
    await refund(500, `r:${n}:3`);
    expect((await rejection(refund(1, `r:${n}:4`))).stripeCode).toBe("charge_already_refunded");
  });

  test("a replayed refund key returns the first refund and sends no second event", async () => {
    const { paymentIntentId } = await paidSale(1500);
    const input = {
      paymentIntentId,
      amountCents: 300,
      idempotencyKey: `refund:${n}`,
      metadata: {},
    };
    const first = await payments.createRefund(input);
    expect(await payments.createRefund({ ...input })).toEqual(first);
    expect(receiver.received).toHaveLength(1);
    expect((await getSandboxPayment(db, paymentIntentId))?.charge.amount_refunded).toBe(300);
  });

  test("ten concurrent refunds with one key refund once", async () => {
    const { paymentIntentId } = await paidSale(1500);
    const input = {
      paymentIntentId,
      amountCents: 700,
      idempotencyKey: `refund:${n}`,
      metadata: {},
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => payments.createRefund(input)),
    );
    expect(new Set(results.map((r) => r.refundId)).size).toBe(1);
    const charge = (await getSandboxPayment(db, paymentIntentId))?.charge;
    expect(charge).toMatchObject({ amount_refunded: 700, refunds: { total_count: 1 } });
  });

  test("a failed webhook delivery does not lose the refund; the stored event can be redelivered", async () => {
    const { paymentIntentId } = await paidSale(1500);
    const down = await startWebhookReceiver();
    await down.close();
    const offline = createSandboxProvider(db, { webhookUrl: down.url });
    const refund = await offline.createRefund({
      paymentIntentId,
      amountCents: 1500,
      idempotencyKey: `refund:${n}`,
      metadata: {},
    });
    expect(refund.chargeAmountRefundedCents).toBe(1500);
    expect((await getSandboxPayment(db, paymentIntentId))?.charge.refunded).toBe(true);

    const [latest] = await listSandboxEvents(db, { type: "charge.refunded", limit: 1 });
    expect(latest).toMatchObject({ deliveries: 1, lastDeliveryStatus: 0 });
    const redelivered = await redeliverSandboxEvent(db, latest!.id, receiver.url);
    expect(redelivered).toEqual({ status: 200, eventId: latest!.id });
    const [event] = await receivedEvents<StripeChargeRefundedEvent>();
    expect(event).toMatchObject({ id: latest!.id, data: { object: { amount_refunded: 1500 } } });
    expect((await listSandboxEvents(db, { type: "charge.refunded", limit: 1 }))[0]).toMatchObject({
      deliveries: 2,
      lastDeliveryStatus: 200,
    });
  });

  test("refunding an unknown payment intent is resource_missing; redelivering an unknown event is refused", async () => {
    expect(
      await rejection(
        payments.createRefund({
          paymentIntentId: "pi_sandbox_missing",
          amountCents: 100,
          idempotencyKey: "refund:missing",
          metadata: {},
        }),
      ),
    ).toMatchObject({ stripeCode: "resource_missing", statusCode: 404 });
    await expect(
      redeliverSandboxEvent(db, "evt_sandbox_missing", receiver.url),
    ).rejects.toMatchObject({ code: "SANDBOX_EVENT_NOT_FOUND" });
  });

  test("invalid refund input is refused before anything is stored", async () => {
    const { paymentIntentId } = await paidSale();
    await expect(
      payments.createRefund({
        paymentIntentId,
        amountCents: 0,
        idempotencyKey: "r:0",
        metadata: {},
      }),
    ).rejects.toMatchObject({ code: "INVALID_PAYMENTS_INPUT" });
  });
});

describe("sandbox disputes", () => {
  test("a dispute posts a signed charge.dispute.created; closing it posts charge.dispute.closed with the outcome", async () => {
    const { paymentIntentId } = await paidSale(1500);
    const opened = await createSandboxDispute(db, { paymentIntentId, webhookUrl: receiver.url });
    expect(opened).toMatchObject({ status: 200, disputeId: expect.stringMatching(/^dp_sandbox_/) });
    const closed = await closeSandboxDispute(db, {
      disputeId: opened.disputeId,
      outcome: "lost",
      webhookUrl: receiver.url,
    });
    expect(closed.status).toBe(200);

    const [created, closedEvent] = await receivedEvents<
      StripeChargeDisputeCreatedEvent | StripeChargeDisputeClosedEvent
    >();
    const chargeId = (await getSandboxPayment(db, paymentIntentId))?.charge.id;
    expect(created).toMatchObject({
      id: opened.eventId,
      type: "charge.dispute.created",
      data: {
        object: {
          id: opened.disputeId,
          object: "dispute",
          amount: 1500,
          charge: chargeId,
          payment_intent: paymentIntentId,
          status: "needs_response",
          reason: "fraudulent",
        },
      },
    });
    expect(closedEvent).toMatchObject({
      id: closed.eventId,
      type: "charge.dispute.closed",
      data: {
        object: { id: opened.disputeId, status: "lost" },
        previous_attributes: { status: "needs_response" },
      },
    });
    expect((await getSandboxDispute(db, opened.disputeId))?.status).toBe("lost");
  });

  test("a dispute may be for part of the charge and can be won", async () => {
    const { paymentIntentId } = await paidSale(1500);
    const opened = await createSandboxDispute(db, {
      paymentIntentId,
      amountCents: 900,
      webhookUrl: receiver.url,
    });
    await closeSandboxDispute(db, {
      disputeId: opened.disputeId,
      outcome: "won",
      webhookUrl: receiver.url,
    });
    const events = await receivedEvents<StripeChargeDisputeClosedEvent>();
    expect(events.map((e) => [e.type, e.data.object.amount, e.data.object.status])).toEqual([
      ["charge.dispute.created", 900, "needs_response"],
      ["charge.dispute.closed", 900, "won"],
    ]);
  });

  test("a disputed charge cannot be refunded or disputed again", async () => {
    const { paymentIntentId } = await paidSale(1500);
    await createSandboxDispute(db, { paymentIntentId, webhookUrl: receiver.url });
    expect(
      await rejection(
        payments.createRefund({
          paymentIntentId,
          amountCents: 100,
          idempotencyKey: `r:${n}`,
          metadata: {},
        }),
      ),
    ).toMatchObject({ stripeCode: "charge_disputed", retryable: false });
    await expect(
      createSandboxDispute(db, { paymentIntentId, webhookUrl: receiver.url }),
    ).rejects.toMatchObject({ code: "CHARGE_ALREADY_DISPUTED" });
  });

  test("closing again with the same outcome redelivers the same event; with the other outcome it is refused", async () => {
    const { paymentIntentId } = await paidSale(1500);
    const { disputeId } = await createSandboxDispute(db, {
      paymentIntentId,
      webhookUrl: receiver.url,
    });
    const first = await closeSandboxDispute(db, {
      disputeId,
      outcome: "won",
      webhookUrl: receiver.url,
    });
    const again = await closeSandboxDispute(db, {
      disputeId,
      outcome: "won",
      webhookUrl: receiver.url,
    });
    expect(again.eventId).toBe(first.eventId);
    await expect(
      closeSandboxDispute(db, { disputeId, outcome: "lost", webhookUrl: receiver.url }),
    ).rejects.toMatchObject({ code: "DISPUTE_ALREADY_CLOSED" });
  });

  test("disputes on unknown payments or ids are refused", async () => {
    await expect(
      createSandboxDispute(db, { paymentIntentId: "pi_sandbox_missing", webhookUrl: receiver.url }),
    ).rejects.toMatchObject({ code: "PAYMENT_INTENT_NOT_FOUND" });
    await expect(
      closeSandboxDispute(db, {
        disputeId: "dp_sandbox_missing",
        outcome: "won",
        webhookUrl: receiver.url,
      }),
    ).rejects.toMatchObject({ code: "DISPUTE_NOT_FOUND" });
  });
});
