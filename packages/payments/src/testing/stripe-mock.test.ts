import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { createStripeMock, parseStripeForm, STRIPE_API_BASE } from "./stripe-mock";

/** A Stripe response body: an object, or `{ error: { type, code, message } }`. */
type Body = { id: string; error: { type: string; code?: string; message: string } };

const stripe = createStripeMock();
const server = setupServer(...stripe.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => stripe.reset());
afterAll(() => server.close());

async function post(path: string, body: Record<string, string>, idempotencyKey?: string) {
  const res = await fetch(`${STRIPE_API_BASE}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
    },
    body: new URLSearchParams(body),
  });
  return {
    status: res.status,
    headers: res.headers,
    json: (await res.json()) as Body,
  };
}

async function onboardedAccount() {
  const { json } = await post("/accounts", {
    "controller[stripe_dashboard][type]": "express",
    "capabilities[transfers][requested]": "true",
  });
  stripe.completeOnboarding(json.id);
  return json.id as string;
}

const transferBody = (destination: string, amount = "1000") => ({
  amount,
  currency: "usd",
  destination,
  transfer_group: "payout:1",
});

describe("Stripe mock: idempotency as Stripe keeps it", () => {
  test("the same key and body replay the original response with Idempotent-Replayed: true", async () => {
    const destination = await onboardedAccount();
    const first = await post("/transfers", transferBody(destination), "k1");
    const again = await post("/transfers", transferBody(destination), "k1");
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.json).toEqual(first.json);
    expect(stripe.state.transfers.size).toBe(1);
  });

  test("parameters in another order are the same parameters", async () => {
    const destination = await onboardedAccount();
    const body = transferBody(destination);
    await post("/transfers", body, "k1");
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect((await post("/transfers", reordered, "k1")).headers.get("idempotent-replayed")).toBe(
      "true",
    );
  });

  test("the same key with a different body is a 400 idempotency_error", async () => {
    const destination = await onboardedAccount();
    await post("/transfers", transferBody(destination), "k1");
    const reused = await post("/transfers", transferBody(destination, "999"), "k1");
    expect(reused.status).toBe(400);
    expect(reused.json.error).toMatchObject({ type: "idempotency_error" });
    expect(stripe.state.transfers.size).toBe(1);
  });

  test("the same key on another endpoint is a 400 idempotency_error", async () => {
    const destination = await onboardedAccount();
    await post("/transfers", transferBody(destination), "k1");
    const { paymentIntentId } = stripe.createPayment({ amountCents: 1000 });
    const reused = await post("/refunds", { payment_intent: paymentIntentId }, "k1");
    expect(reused.status).toBe(400);
    expect(reused.json.error.type).toBe("idempotency_error");
    expect(reused.json.error.message).toContain("same endpoint");
  });

  test("a refusal reached while executing is saved: the key replays it even once funds arrive", async () => {
    const destination = await onboardedAccount();
    stripe.state.platformBalanceCents = 0;
    const refused = await post("/transfers", transferBody(destination), "k1");
    expect(refused.json.error.code).toBe("balance_insufficient");
    stripe.state.platformBalanceCents = 5000;
    const replayed = await post("/transfers", transferBody(destination), "k1");
    expect(replayed.status).toBe(400);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect((await post("/transfers", transferBody(destination), "k2")).status).toBe(200);
    expect(stripe.state.platformBalanceCents).toBe(4000);
  });

  test("a request refused before executing (missing parameter, 429) saves nothing", async () => {
    const destination = await onboardedAccount();
    expect((await post("/transfers", { currency: "usd", destination }, "k1")).status).toBe(400);
    stripe.failNext("transfers", {
      status: 429,
      type: "invalid_request_error",
      code: "rate_limit",
    });
    expect((await post("/transfers", transferBody(destination), "k2")).status).toBe(429);
    expect((await post("/transfers", transferBody(destination), "k2")).status).toBe(200);
  });

  test("once keys expire, the same key executes again: the reason to reconcile by transfer_group", async () => {
    const destination = await onboardedAccount();
    await post("/transfers", transferBody(destination), "k1");
    stripe.expireIdempotencyKeys();
    await post("/transfers", transferBody(destination), "k1");
    expect(stripe.state.transfers.size).toBe(2);
  });
});

describe("Stripe mock: state", () => {
  test("GET /v1/transfers filters by transfer_group, newest first", async () => {
    const destination = await onboardedAccount();
    await post("/transfers", transferBody(destination), "a");
    await post("/transfers", { ...transferBody(destination), transfer_group: "payout:2" }, "b");
    const res = await fetch(`${STRIPE_API_BASE}/transfers?transfer_group=payout:2&limit=10`);
    const list = (await res.json()) as { object: string; data: { transfer_group: string }[] };
    expect(list.object).toBe("list");
    expect(list.data.map((t) => t.transfer_group)).toEqual(["payout:2"]);
  });

  test("a transfer adds to the account's balance, a reversal takes from it, a payout empties it", async () => {
    const destination = await onboardedAccount();
    const { json: transfer } = await post("/transfers", transferBody(destination), "t");
    await post(`/transfers/${transfer.id}/reversals`, { amount: "300" }, "r1");
    expect(stripe.state.balances.get(destination)).toEqual({
      availableCents: 700,
      paidOutCents: 0,
    });
    stripe.payOut(destination);
    const refused = await post(`/transfers/${transfer.id}/reversals`, { amount: "300" }, "r2");
    expect(refused.json.error.code).toBe("balance_insufficient");
    expect(stripe.state.transfers.get(transfer.id)?.amount_reversed).toBe(300);
  });

  test("a refund records the charge.refunded event Stripe would send", async () => {
    const { paymentIntentId, chargeId } = stripe.createPayment({ amountCents: 1000 });
    await post("/refunds", { payment_intent: paymentIntentId, amount: "400" }, "r");
    expect(stripe.state.events.map((e) => e.type)).toEqual(["charge.refunded"]);
    expect(stripe.state.events[0]?.data.object).toMatchObject({
      id: chargeId,
      amount_refunded: 400,
      refunded: false,
    });
    expect(stripe.state.events[0]?.request.idempotency_key).toBe("r");
  });

  test("a completed checkout session leaves a payment intent with the session's payment metadata", async () => {
    const { json: session } = await post("/checkout/sessions", {
      mode: "payment",
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][unit_amount]": "1299",
      "line_items[0][price_data][currency]": "usd",
      "payment_intent_data[metadata][saleId]": "sale_1",
    });
    const paid = stripe.completeCheckoutSession(session.id);
    expect(stripe.state.paymentIntents.get(paid.paymentIntentId)).toMatchObject({
      amount: 1299,
      metadata: { saleId: "sale_1" },
    });
    expect(paid.session).toMatchObject({
      status: "complete",
      payment_intent: paid.paymentIntentId,
    });
  });

  test("reset empties state, saved keys and queued failures", async () => {
    const destination = await onboardedAccount();
    await post("/transfers", transferBody(destination), "k1");
    stripe.failNext("refunds", { status: 500, type: "api_error" });
    stripe.reset();
    expect(stripe.state.transfers.size + stripe.state.accounts.size).toBe(0);
    expect(stripe.state.idempotency.size).toBe(0);
    const { paymentIntentId } = stripe.createPayment({ amountCents: 100 });
    expect((await post("/refunds", { payment_intent: paymentIntentId }, "x")).status).toBe(200);
  });

  test("form bodies parse to nested objects and arrays", () => {
    expect(
      parseStripeForm(
        new URLSearchParams("a[b][c]=1&expand[0]=charge&expand[1]=x&metadata[k]=v&unset="),
      ),
    ).toEqual({ a: { b: { c: "1" } }, expand: ["charge", "x"], metadata: { k: "v" } });
  });
});
