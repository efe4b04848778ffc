import type { PrismaClient } from "@fanfare/db";
import { createTestDb } from "@fanfare/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { addBillingIntervals } from "./billing-rules";
import { StripeRequestError } from "./errors";
import {
  getSandboxCustomer,
  getSandboxPortalSession,
  getSandboxSubscription,
  setSandboxPaymentFails,
} from "./sandbox-billing";
import { advanceSandboxClock, renewSandboxSubscriptionNow } from "./sandbox-clock";
import { getSandboxInvoice, SANDBOX_RETRY_AFTER_SECONDS } from "./sandbox-invoices";
import { getSandboxPayment } from "./sandbox-payments";
import {
  completeSandboxCheckout,
  createSandboxProvider,
  getSandboxCheckoutSession,
} from "./sandbox-provider";
import { redeliverSandboxEvent } from "./sandbox-store";
import { startWebhookReceiver } from "./testing/webhook-receiver";
import type { WebhookReceiver } from "./testing/webhook-receiver";
import type {
  CouponDuration,
  PaymentsProvider,
  StripeEvent,
  StripeInvoice,
  StripeSubscription,
  SubscriptionInterval,
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

/** Every delivery so far, verified with the webhook signature as the webhook route does. */
async function receivedEvents(): Promise<StripeEvent[]> {
  return Promise.all(
    receiver.received.map((d) => payments.constructWebhookEvent(d.body, d.signature)),
  );
}

/** The received events, verified, then forgotten: the next call sees only newer ones. */
async function takeEvents(): Promise<StripeEvent[]> {
  const events = await receivedEvents();
  receiver.received.length = 0;
  return events;
}

const typesOf = (events: StripeEvent[]) => events.map((e) => e.type);
const invoiceOf = (event: StripeEvent | undefined) => event?.data.object as StripeInvoice;
const subscriptionOf = (event: StripeEvent | undefined) => event?.data.object as StripeSubscription;

let n = 0;
async function coupon(percentOffBps: number, duration: CouponDuration) {
  const id = `dc_sub_${++n}`;
  return payments.upsertDiscountCoupon({
    discountCodeId: id,
    code: `SUB-${n}`,
    name: `SUB-${n}`,
    discount: { type: "percent", percentOffBps },
    duration,
  });
}

/** A paid subscription checkout: the artist's price, a session, the buyer paying on the page. */
async function subscribe(
  opts: { interval?: SubscriptionInterval; amountCents?: number; couponId?: string } = {},
) {
  const k = ++n;
  const price = await payments.ensureSubscriptionPrice({
    artistId: `artist_${k}`,
    artistName: `Artist ${k}`,
    interval: opts.interval ?? "month",
    unitAmountCents: opts.amountCents ?? 500,
    currency: "usd",
  });
  const checkout = await payments.createSubscriptionCheckout({
    priceId: price.priceId,
    catalogSubscriptionId: `csub_${k}`,
    customerEmail: "fan@example.com",
    successUrl: "http://localhost:3000/subscribed?session_id={CHECKOUT_SESSION_ID}",
    cancelUrl: "http://localhost:3000/a/artist",
    metadata: { linkId: `lnk_${k}` },
    ...(opts.couponId ? { discountCouponId: opts.couponId } : {}),
    idempotencyKey: `subscription-checkout:csub_${k}`,
  });
  const completed = await completeSandboxCheckout(db, {
    sessionId: checkout.id,
    buyerName: "Ada Fan",
    webhookUrl: receiver.url,
  });
  const session = await getSandboxCheckoutSession(db, checkout.id);
  if (!session?.subscription || !session.customer) throw new Error("no subscription started");
  return {
    k,
    price,
    checkout,
    completed,
    subscriptionId: session.subscription,
    customerId: session.customer,
    events: await takeEvents(),
  };
}

async function periodEndOf(subscriptionId: string): Promise<Date> {
  return (await payments.getSubscription(subscriptionId)).currentPeriodEnd;
}

/** Advances one subscription to the end of its period and returns the events it sent. */
async function renew(subscriptionId: string) {
  const result = await renewSandboxSubscriptionNow(db, {
    subscriptionId,
    webhookUrl: receiver.url,
  });
  expect(result.deliveries.every((d) => d.status === 200)).toBe(true);
  return takeEvents();
}

async function rejection(promise: Promise<unknown>): Promise<StripeRequestError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StripeRequestError);
  return e as StripeRequestError;
}

describe("sandbox: the artist's Product and Prices", () => {
  const input = {
    artistId: "artist_prices",
    artistName: "Pat",
    interval: "month" as const,
    unitAmountCents: 500,
    currency: "USD",
  };

  test("one Product per artist with metadata.artistId; the same input again returns the same Price", async () => {
    const first = await payments.ensureSubscriptionPrice(input);
    expect(first).toEqual({
      productId: "fanfare_artist_artist_prices",
      priceId: expect.stringMatching(/^price_sandbox_/),
      replacedPriceId: null,
    });
    expect(await payments.ensureSubscriptionPrice(input)).toEqual(first);
    const product = await db.sandboxObject.findUniqueOrThrow({ where: { id: first.productId } });
    expect(product.data).toMatchObject({
      product: { name: "Pat: catalog subscription", metadata: { artistId: "artist_prices" } },
    });
  });

  test("a new amount makes a new Price and deactivates the old one; going back makes yet another", async () => {
    const five = await payments.ensureSubscriptionPrice({ ...input, artistId: "artist_p2" });
    const seven = await payments.ensureSubscriptionPrice({
      ...input,
      artistId: "artist_p2",
      unitAmountCents: 700,
    });
    expect(seven.priceId).not.toBe(five.priceId);
    expect(seven.replacedPriceId).toBe(five.priceId);
    const back = await payments.ensureSubscriptionPrice({ ...input, artistId: "artist_p2" });
    expect([five.priceId, seven.priceId]).not.toContain(back.priceId);
    expect(back.replacedPriceId).toBe(seven.priceId);
    const prices = await db.sandboxObject.findMany({
      where: { kind: "price", data: { path: ["price", "product"], equals: five.productId } },
    });
    const state = Object.fromEntries(
      prices.map((r) => {
        const { price } = r.data as { price: { id: string; active: boolean; lookup_key: string } };
        return [price.id, [price.active, price.lookup_key]];
      }),
    );
    expect(state).toEqual({
      [five.priceId]: [false, null],
      [seven.priceId]: [false, null],
      [back.priceId]: [true, "fanfare:artist:artist_p2:month"],
    });
  });

  test("the yearly Price sits beside the monthly one; the artist's new name renames the Product", async () => {
    const monthly = await payments.ensureSubscriptionPrice({ ...input, artistId: "artist_p3" });
    const yearly = await payments.ensureSubscriptionPrice({
      ...input,
      artistId: "artist_p3",
      artistName: "Pat Renamed",
      interval: "year",
      unitAmountCents: 5000,
    });
    expect(yearly.replacedPriceId).toBeNull();
    expect(yearly.priceId).not.toBe(monthly.priceId);
    const product = await db.sandboxObject.findUniqueOrThrow({ where: { id: monthly.productId } });
    expect(product.data).toMatchObject({ product: { name: "Pat Renamed: catalog subscription" } });
    expect(
      await payments.ensureSubscriptionPrice({
        ...input,
        artistId: "artist_p3",
        artistName: "Pat Renamed",
      }),
    ).toEqual(monthly);
  });

  test("concurrent calls for one artist create one Price", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        payments.ensureSubscriptionPrice({ ...input, artistId: "artist_p4" }),
      ),
    );
    expect(new Set(results.map((r) => r.priceId)).size).toBe(1);
  });

  test.each([
    ["49 cents (below Stripe's minimum charge)", { unitAmountCents: 49 }],
    ["a weekly interval", { interval: "week" as never }],
    ["an artist id with a space", { artistId: "a b" }],
  ])("%s is refused before anything is stored", async (_label, over) => {
    await expect(
      payments.ensureSubscriptionPrice({ ...input, artistId: "artist_bad", ...over }),
    ).rejects.toMatchObject({ code: "INVALID_PAYMENTS_INPUT" });
    expect(
      await db.sandboxObject.findUnique({ where: { id: "fanfare_artist_artist_bad" } }),
    ).toBeNull();
  });
});

describe("sandbox: subscribing through Checkout", () => {
  test("completing a subscription checkout sends checkout.session.completed, customer.subscription.created and invoice.paid, each signed", async () => {
    const { subscriptionId, customerId, checkout, completed, price, events, k } = await subscribe();
    expect(checkout.url).toBe(`http://localhost:3000/sandbox/checkout/${checkout.id}`);
    expect(completed.successUrl).toBe(`http://localhost:3000/subscribed?session_id=${checkout.id}`);
    expect(typesOf(events)).toEqual([
      "checkout.session.completed",
      "customer.subscription.created",
      "invoice.paid",
    ]);
    const [sessionEvent, createdEvent, paidEvent] = events;
    const metadata = { catalogSubscriptionId: `csub_${k}`, linkId: `lnk_${k}` };
    expect(sessionEvent?.data.object).toMatchObject({
      id: checkout.id,
      mode: "subscription",
      status: "complete",
      payment_status: "paid",
      payment_intent: null,
      customer: customerId,
      subscription: subscriptionId,
      client_reference_id: `csub_${k}`,
      metadata,
      amount_total: 500,
    });
    expect(customerId).toMatch(/^cus_sandbox_/);
    const subscription = subscriptionOf(createdEvent);
    expect(subscription).toMatchObject({
      id: subscriptionId,
      status: "active",
      customer: customerId,
      metadata,
      cancel_at_period_end: false,
    });
    const [item] = subscription.items.data;
    expect(item?.price.id).toBe(price.priceId);
    const start = new Date(item!.current_period_start * 1000);
    const expectedEnd = new Date(start);
    expectedEnd.setUTCMonth(expectedEnd.getUTCMonth() + 1);
    if (expectedEnd.getUTCDate() !== start.getUTCDate()) expectedEnd.setUTCDate(0);
    expect(item!.current_period_end).toBe(expectedEnd.getTime() / 1000);

    const invoice = invoiceOf(paidEvent);
    expect(invoice).toMatchObject({
      object: "invoice",
      billing_reason: "subscription_create",
      status: "paid",
      customer: customerId,
      amount_due: 500,
      amount_paid: 500,
      amount_remaining: 0,
      subtotal: 500,
      total: 500,
      discounts: [],
      total_discount_amounts: [],
      period_start: item!.current_period_start,
      period_end: item!.current_period_start,
      parent: {
        type: "subscription_details",
        subscription_details: { subscription: subscriptionId, metadata },
      },
    });
    expect(subscription.latest_invoice).toBe(invoice.id);
    expect(invoice.lines.data[0]).toMatchObject({
      amount: 500,
      period: { start: item!.current_period_start, end: item!.current_period_end },
      pricing: { price_details: { price: price.priceId, product: price.productId } },
    });
    // As in the pinned API version, events carry no `payments`: getInvoice expands them.
    expect(invoice.payments).toBeUndefined();
    const read = await payments.getInvoice(invoice.id);
    expect(read).toMatchObject({
      invoiceId: invoice.id,
      subscriptionId,
      customerId,
      metadata,
      billingReason: "subscription_create",
      status: "paid",
      subtotalCents: 500,
      discountCents: 0,
      totalCents: 500,
      amountPaidCents: 500,
      priceId: price.priceId,
      paymentIntentId: expect.stringMatching(/^pi_sandbox_/),
    });
    const payment = await getSandboxPayment(db, read.paymentIntentId!);
    expect(payment?.charge).toMatchObject({
      amount: 500,
      billing_details: { email: "fan@example.com", name: "Ada Fan" },
    });
    expect(await payments.getSubscription(subscriptionId)).toMatchObject({
      subscriptionId,
      customerId,
      status: "active",
      priceId: price.priceId,
      cancelAtPeriodEnd: false,
      currentPeriodEnd: new Date(item!.current_period_end * 1000),
      latestInvoiceId: invoice.id,
      metadata,
    });
  });

  test("completing again redelivers the same three events, same ids and bodies; ids are all distinct", async () => {
    const { checkout, events } = await subscribe();
    const first = receiver.received.length;
    expect(first).toBe(0);
    await completeSandboxCheckout(db, { sessionId: checkout.id, webhookUrl: receiver.url });
    const again = await takeEvents();
    expect(again.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  test("the subscription survives a restart: a new provider on the same database reads it", async () => {
    const { subscriptionId } = await subscribe();
    const restarted = createSandboxProvider(db, { webhookUrl: receiver.url });
    expect((await restarted.getSubscription(subscriptionId)).status).toBe("active");
  });

  test("an unknown or inactive price is refused as Stripe refuses it", async () => {
    const base = {
      catalogSubscriptionId: "csub_x",
      customerEmail: "fan@example.com",
      successUrl: "http://localhost:3000/ok",
      cancelUrl: "http://localhost:3000/no",
      metadata: {},
    };
    expect(
      await rejection(
        payments.createSubscriptionCheckout({
          ...base,
          priceId: "price_sandbox_missing",
          idempotencyKey: "sc:missing",
        }),
      ),
    ).toMatchObject({ stripeCode: "resource_missing", statusCode: 404 });
    const old = await payments.ensureSubscriptionPrice({
      artistId: "artist_inactive",
      artistName: "X",
      interval: "month",
      unitAmountCents: 500,
      currency: "usd",
    });
    await payments.ensureSubscriptionPrice({
      artistId: "artist_inactive",
      artistName: "X",
      interval: "month",
      unitAmountCents: 600,
      currency: "usd",
    });
    const e = await rejection(
      payments.createSubscriptionCheckout({
        ...base,
        priceId: old.priceId,
        idempotencyKey: "sc:inactive",
      }),
    );
    expect(e.message).toContain("inactive");
  });
});

describe("sandbox: the clock", () => {
  test("advancing a month renews: customer.subscription.updated with the next period, then invoice.paid (subscription_cycle)", async () => {
    const { subscriptionId } = await subscribe();
    const before = await payments.getSubscription(subscriptionId);
    const events = await renew(subscriptionId);
    expect(typesOf(events)).toEqual(["customer.subscription.updated", "invoice.paid"]);
    const after = await payments.getSubscription(subscriptionId);
    expect(after.currentPeriodStart).toEqual(before.currentPeriodEnd);
    expect(after.currentPeriodEnd.getTime()).toBeGreaterThan(before.currentPeriodEnd.getTime());
    const invoice = invoiceOf(events[1]);
    expect(invoice).toMatchObject({
      billing_reason: "subscription_cycle",
      status: "paid",
      amount_paid: 500,
      created: before.currentPeriodEnd.getTime() / 1000,
      period_start: before.currentPeriodStart.getTime() / 1000,
      period_end: before.currentPeriodEnd.getTime() / 1000,
    });
    expect(invoice.lines.data[0]?.period).toEqual({
      start: after.currentPeriodStart.getTime() / 1000,
      end: after.currentPeriodEnd.getTime() / 1000,
    });
    expect(subscriptionOf(events[0]).latest_invoice).toBe(invoice.id);
    expect(events[0]?.data.previous_attributes).toMatchObject({
      latest_invoice: before.latestInvoiceId,
    });
  });

  test("advancing three months at once makes three renewals in order; advancing to the same time again does nothing", async () => {
    const { subscriptionId } = await subscribe();
    const start = (await payments.getSubscription(subscriptionId)).currentPeriodStart;
    const anchor = start.getTime() / 1000;
    const to = new Date(addBillingIntervals(anchor, "month", 3) * 1000);
    const result = await advanceSandboxClock(db, { subscriptionId, to, webhookUrl: receiver.url });
    const events = await takeEvents();
    expect(result.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    const invoices = events.filter((e) => e.type === "invoice.paid").map(invoiceOf);
    expect(invoices.map((i) => i.created)).toEqual(
      [1, 2, 3].map((k) => addBillingIntervals(anchor, "month", k)),
    );
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    await advanceSandboxClock(db, { subscriptionId, to, webhookUrl: receiver.url });
    expect(receiver.received).toHaveLength(0);
  });

  test("concurrent renewals of one period make one invoice", async () => {
    const { subscriptionId } = await subscribe();
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        renewSandboxSubscriptionNow(db, { subscriptionId, webhookUrl: receiver.url }),
      ),
    );
    expect(results.flatMap((r) => r.events.map((e) => e.type))).toEqual([
      "customer.subscription.updated",
      "invoice.paid",
    ]);
    const invoices = await db.sandboxObject.findMany({
      where: {
        kind: "invoice",
        data: {
          path: ["invoice", "parent", "subscription_details", "subscription"],
          equals: subscriptionId,
        },
      },
    });
    expect(invoices).toHaveLength(2);
  });

  test("the clock does not go back", async () => {
    const { subscriptionId } = await subscribe();
    await renew(subscriptionId);
    await expect(
      advanceSandboxClock(db, { subscriptionId, to: new Date(), webhookUrl: receiver.url }),
    ).rejects.toMatchObject({ code: "SANDBOX_CLOCK_BACKWARDS" });
    await expect(
      renewSandboxSubscriptionNow(db, {
        subscriptionId: "sub_sandbox_missing",
        webhookUrl: receiver.url,
      }),
    ).rejects.toMatchObject({ code: "SUBSCRIPTION_NOT_FOUND" });
  });

  test("a yearly subscription renews after a year, not after eleven months", async () => {
    const { subscriptionId, events } = await subscribe({ interval: "year", amountCents: 5000 });
    const [item] = subscriptionOf(events[1]).items.data;
    const start = new Date(item!.current_period_start * 1000);
    const end = new Date(item!.current_period_end * 1000);
    expect(end.getUTCFullYear()).toBe(start.getUTCFullYear() + 1);
    const elevenMonths = new Date(start);
    elevenMonths.setUTCMonth(elevenMonths.getUTCMonth() + 11, 1);
    await advanceSandboxClock(db, { subscriptionId, to: elevenMonths, webhookUrl: receiver.url });
    expect(receiver.received).toHaveLength(0);
    const renewal = await renew(subscriptionId);
    expect(typesOf(renewal)).toEqual(["customer.subscription.updated", "invoice.paid"]);
    expect(invoiceOf(renewal[1])).toMatchObject({
      amount_paid: 5000,
      created: end.getTime() / 1000,
    });
  });
});

describe("sandbox: failed renewals", () => {
  test("a failing card makes invoice.payment_failed and past_due; the retry fails too: invoice.payment_failed, then customer.subscription.deleted", async () => {
    const { subscriptionId, customerId } = await subscribe();
    await setSandboxPaymentFails(db, { customerId, fails: true });
    expect((await getSandboxCustomer(db, customerId))?.paymentFails).toBe(true);
    const periodEnd = await periodEndOf(subscriptionId);

    const failed = await renew(subscriptionId);
    expect(typesOf(failed)).toEqual(["customer.subscription.updated", "invoice.payment_failed"]);
    expect(subscriptionOf(failed[0])).toMatchObject({ status: "past_due" });
    expect(failed[0]?.data.previous_attributes).toMatchObject({ status: "active" });
    const invoice = invoiceOf(failed[1]);
    expect(invoice).toMatchObject({
      status: "open",
      billing_reason: "subscription_cycle",
      attempt_count: 1,
      amount_paid: 0,
      amount_remaining: 500,
      next_payment_attempt: periodEnd.getTime() / 1000 + SANDBOX_RETRY_AFTER_SECONDS,
    });
    expect(await payments.getInvoice(invoice.id)).toMatchObject({
      status: "open",
      attemptCount: 1,
      paymentIntentId: null,
      nextPaymentAttempt: new Date(invoice.next_payment_attempt! * 1000),
    });
    await expect(
      payments.refundInvoice({
        invoiceId: invoice.id,
        idempotencyKey: `r:${invoice.id}`,
        metadata: {},
      }),
    ).rejects.toMatchObject({ code: "INVOICE_NOT_PAID" });

    const retried = await renew(subscriptionId);
    expect(typesOf(retried)).toEqual(["invoice.payment_failed", "customer.subscription.deleted"]);
    expect(invoiceOf(retried[0])).toMatchObject({
      id: invoice.id,
      attempt_count: 2,
      next_payment_attempt: null,
    });
    expect(subscriptionOf(retried[1])).toMatchObject({
      status: "canceled",
      ended_at: invoice.next_payment_attempt,
      cancellation_details: { reason: "payment_failed" },
    });
    expect((await payments.getSubscription(subscriptionId)).status).toBe("canceled");
    await advanceSandboxClock(db, {
      subscriptionId,
      to: new Date(Date.now() + 400 * 86_400_000),
      webhookUrl: receiver.url,
    });
    expect(receiver.received).toHaveLength(0);
  });

  test("a card fixed before the retry pays the open invoice: invoice.paid, then active again", async () => {
    const { subscriptionId, customerId } = await subscribe();
    await setSandboxPaymentFails(db, { customerId, fails: true });
    const [, failedEvent] = await renew(subscriptionId);
    await setSandboxPaymentFails(db, { customerId, fails: false });
    const retried = await renew(subscriptionId);
    expect(typesOf(retried)).toEqual(["invoice.paid", "customer.subscription.updated"]);
    expect(invoiceOf(retried[0])).toMatchObject({
      id: invoiceOf(failedEvent).id,
      status: "paid",
      attempt_count: 2,
      amount_paid: 500,
    });
    expect(subscriptionOf(retried[1]).status).toBe("active");
    expect(typesOf(await renew(subscriptionId))).toEqual([
      "customer.subscription.updated",
      "invoice.paid",
    ]);
  });

  test("marking an unknown customer's card is refused", async () => {
    await expect(
      setSandboxPaymentFails(db, { customerId: "cus_sandbox_missing", fails: true }),
    ).rejects.toMatchObject({ code: "CUSTOMER_NOT_FOUND" });
  });
});

describe("sandbox: cancelling", () => {
  test("cancelling at the period's end sends customer.subscription.updated now and customer.subscription.deleted at the end, with no renewal invoice", async () => {
    const { subscriptionId } = await subscribe();
    const periodEnd = await periodEndOf(subscriptionId);
    const state = await payments.cancelSubscription({ subscriptionId, atPeriodEnd: true });
    expect(state).toMatchObject({
      status: "active",
      cancelAtPeriodEnd: true,
      currentPeriodEnd: periodEnd,
      endedAt: null,
    });
    const [updated] = await takeEvents();
    expect(updated).toMatchObject({
      type: "customer.subscription.updated",
      data: {
        object: { cancel_at_period_end: true, cancel_at: periodEnd.getTime() / 1000 },
        previous_attributes: { cancel_at_period_end: false },
      },
    });
    expect(await payments.cancelSubscription({ subscriptionId, atPeriodEnd: true })).toEqual(state);
    expect(receiver.received).toHaveLength(0);

    const atEnd = await renew(subscriptionId);
    expect(typesOf(atEnd)).toEqual(["customer.subscription.deleted"]);
    expect(subscriptionOf(atEnd[0])).toMatchObject({
      status: "canceled",
      ended_at: periodEnd.getTime() / 1000,
      cancellation_details: { reason: "cancellation_requested" },
    });
  });

  test("cancelling now sends customer.subscription.deleted at once; cancelling again changes nothing", async () => {
    const { subscriptionId } = await subscribe();
    const state = await payments.cancelSubscription({ subscriptionId, atPeriodEnd: false });
    expect(state).toMatchObject({ status: "canceled", endedAt: expect.any(Date) });
    expect(typesOf(await takeEvents())).toEqual(["customer.subscription.deleted"]);
    expect(await payments.cancelSubscription({ subscriptionId, atPeriodEnd: true })).toEqual(state);
    expect(receiver.received).toHaveLength(0);
    expect((await getSandboxSubscription(db, subscriptionId))?.status).toBe("canceled");
  });

  test("an unknown subscription is resource_missing; a malformed id is refused before any lookup", async () => {
    expect(
      await rejection(
        payments.cancelSubscription({ subscriptionId: "sub_sandbox_missing", atPeriodEnd: true }),
      ),
    ).toMatchObject({ stripeCode: "resource_missing", statusCode: 404 });
    await expect(
      payments.cancelSubscription({ subscriptionId: "nope", atPeriodEnd: true }),
    ).rejects.toMatchObject({ code: "INVALID_PAYMENTS_INPUT" });
  });
});

describe("sandbox: discount codes on subscriptions", () => {
  test("a 20 % coupon repeating for 3 months takes 100 cents off exactly the first 3 monthly invoices, then comes off the subscription", async () => {
    const { couponId } = await coupon(2000, { type: "repeating", months: 3 });
    const { subscriptionId, events } = await subscribe({ couponId });
    expect(events[0]?.data.object).toMatchObject({ amount_total: 400 });
    const first = invoiceOf(events[2]);
    const discountId = subscriptionOf(events[1]).discounts[0];
    expect(discountId).toMatch(/^di_sandbox_/);
    expect(first).toMatchObject({
      subtotal: 500,
      total: 400,
      amount_paid: 400,
      discounts: [discountId],
      total_discount_amounts: [{ amount: 100, discount: discountId }],
    });
    const paid = [first.amount_paid];
    const subscriptionEvents = [];
    for (let i = 0; i < 4; i++) {
      const renewal = await renew(subscriptionId);
      paid.push(invoiceOf(renewal[1]).amount_paid);
      subscriptionEvents.push(subscriptionOf(renewal[0]));
    }
    expect(paid).toEqual([400, 400, 400, 500, 500]);
    expect(subscriptionEvents.map((s) => s.discounts.length)).toEqual([1, 1, 0, 0]);
  });

  test("a forever coupon applies to every invoice; a once coupon to the first only", async () => {
    const forever = await coupon(5000, { type: "forever" });
    const once = await coupon(5000, { type: "once" });
    const a = await subscribe({ couponId: forever.couponId });
    const b = await subscribe({ couponId: once.couponId });
    expect([invoiceOf(a.events[2]).amount_paid, invoiceOf(b.events[2]).amount_paid]).toEqual([
      250, 250,
    ]);
    const aPaid = [];
    const bPaid = [];
    for (let i = 0; i < 2; i++) {
      aPaid.push(invoiceOf((await renew(a.subscriptionId))[1]).amount_paid);
      bPaid.push(invoiceOf((await renew(b.subscriptionId))[1]).amount_paid);
    }
    expect(aPaid).toEqual([250, 250]);
    expect(bPaid).toEqual([500, 500]);
  });

  test("a 100 % first invoice is paid without a charge and cannot be refunded", async () => {
    const free = await coupon(10_000, { type: "once" });
    const { events } = await subscribe({ couponId: free.couponId });
    const invoice = invoiceOf(events[2]);
    expect(invoice).toMatchObject({ status: "paid", total: 0, amount_paid: 0 });
    expect((await payments.getInvoice(invoice.id)).paymentIntentId).toBeNull();
    await expect(
      payments.refundInvoice({
        invoiceId: invoice.id,
        idempotencyKey: `r:${invoice.id}`,
        metadata: {},
      }),
    ).rejects.toMatchObject({ code: "INVOICE_NOT_PAID" });
  });

  test("an unknown coupon is resource_missing", async () => {
    const price = await payments.ensureSubscriptionPrice({
      artistId: "artist_coupon_missing",
      artistName: "X",
      interval: "month",
      unitAmountCents: 500,
      currency: "usd",
    });
    expect(
      await rejection(
        payments.createSubscriptionCheckout({
          priceId: price.priceId,
          catalogSubscriptionId: "csub_c",
          customerEmail: "fan@example.com",
          successUrl: "http://localhost:3000/ok",
          cancelUrl: "http://localhost:3000/no",
          metadata: {},
          discountCouponId: "coupon_sandbox_missing",
          idempotencyKey: "sc:coupon-missing",
        }),
      ),
    ).toMatchObject({ stripeCode: "resource_missing" });
  });
});

describe("sandbox: refunds of invoices", () => {
  test("refunding an invoice refunds its PaymentIntent and sends charge.refunded, as for a purchase; a replayed key refunds once", async () => {
    const { events } = await subscribe();
    const invoice = invoiceOf(events[2]);
    const input = {
      invoiceId: invoice.id,
      amountCents: 200,
      idempotencyKey: `refund:${invoice.id}:1`,
      metadata: { reason: "requested_by_customer" },
    };
    const refund = await payments.refundInvoice(input);
    expect(refund).toMatchObject({
      amountCents: 200,
      status: "succeeded",
      chargeAmountRefundedCents: 200,
      paymentIntentId: (await payments.getInvoice(invoice.id)).paymentIntentId,
    });
    expect(await payments.refundInvoice(input)).toEqual(refund);
    const rest = await payments.refundInvoice({
      invoiceId: invoice.id,
      amountCents: 300,
      idempotencyKey: `refund:${invoice.id}:2`,
      metadata: {},
    });
    expect(rest.chargeAmountRefundedCents).toBe(500);
    const refunded = await takeEvents();
    expect(typesOf(refunded)).toEqual(["charge.refunded", "charge.refunded"]);
    expect(refunded[1]?.data.object).toMatchObject({
      payment_intent: refund.paymentIntentId,
      amount_refunded: 500,
      refunded: true,
    });
  });

  test("the whole amount_paid is the default refund", async () => {
    const { events } = await subscribe({ amountCents: 900 });
    const invoice = invoiceOf(events[2]);
    const refund = await payments.refundInvoice({
      invoiceId: invoice.id,
      idempotencyKey: `refund:${invoice.id}`,
      metadata: {},
    });
    expect(refund).toMatchObject({ amountCents: 900, chargeAmountRefundedCents: 900 });
    expect((await getSandboxInvoice(db, invoice.id))?.payments.data).toHaveLength(1);
  });
});

describe("sandbox: customer portal and events", () => {
  test("a portal session is a sandbox page for the customer with the return URL; an unknown customer is resource_missing", async () => {
    const { customerId } = await subscribe();
    const portal = await payments.createPortalSession({
      customerId,
      returnUrl: "http://localhost:3000/account/subscriptions",
    });
    expect(portal.url).toBe(`http://localhost:3000/sandbox/portal/${portal.id}`);
    expect(await getSandboxPortalSession(db, portal.id)).toMatchObject({
      customer: customerId,
      return_url: "http://localhost:3000/account/subscriptions",
    });
    expect(
      await rejection(
        payments.createPortalSession({
          customerId: "cus_sandbox_missing",
          returnUrl: "http://localhost:3000/x",
        }),
      ),
    ).toMatchObject({ stripeCode: "resource_missing" });
  });

  test("a lifecycle's events have distinct ids, and a redelivered one keeps its id and body", async () => {
    const { subscriptionId, customerId, events } = await subscribe();
    await renew(subscriptionId).then((e) => events.push(...e));
    await setSandboxPaymentFails(db, { customerId, fails: true });
    events.push(...(await renew(subscriptionId)));
    events.push(...(await renew(subscriptionId)));
    expect(typesOf(events)).toEqual([
      "checkout.session.completed",
      "customer.subscription.created",
      "invoice.paid",
      "customer.subscription.updated",
      "invoice.paid",
      "customer.subscription.updated",
      "invoice.payment_failed",
      "invoice.payment_failed",
      "customer.subscription.deleted",
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const body = JSON.stringify(events[4]);
    await redeliverSandboxEvent(db, events[4]!.id, receiver.url);
    const [again] = await takeEvents();
    expect(JSON.stringify(again)).toBe(body);
  });
});
