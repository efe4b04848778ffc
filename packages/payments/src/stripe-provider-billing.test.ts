import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { StripeRequestError } from "./errors";
import { createStripeProvider } from "./stripe-provider";
import { createStripeMock } from "./testing/stripe-mock";
import type { CreateSubscriptionCheckoutInput, EnsureSubscriptionPriceInput } from "./types";

const stripe = createStripeMock();
const server = setupServer(...stripe.handlers);

// No SDK retries: failures surface at once.
const provider = () => createStripeProvider({ secretKey: "sk_test_fanfare", maxNetworkRetries: 0 });
let payments = provider();

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  stripe.reset();
  payments = provider();
});
afterAll(() => server.close());

const priceInput: EnsureSubscriptionPriceInput = {
  artistId: "art_1",
  artistName: "Pat",
  interval: "month",
  unitAmountCents: 500,
  currency: "usd",
};

const checkoutInput = (priceId: string): CreateSubscriptionCheckoutInput => ({
  priceId,
  catalogSubscriptionId: "csub_1",
  customerEmail: "fan@example.com",
  successUrl: "https://fanfare.example/subscribed?session_id={CHECKOUT_SESSION_ID}",
  cancelUrl: "https://fanfare.example/a/pat",
  metadata: { linkId: "lnk_9" },
  idempotencyKey: "subscription-checkout:csub_1",
});

const requests = () => stripe.state.requests.map((r) => `${r.method} ${r.path}`);
const requestTo = (method: string, path: string) =>
  stripe.state.requests.find((r) => r.method === method && r.path === path);

async function rejection(promise: Promise<unknown>): Promise<StripeRequestError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StripeRequestError);
  return e as StripeRequestError;
}

/** A paid subscription through the mock's Checkout. */
async function subscribed(opts: { couponId?: string } = {}) {
  const { priceId } = await payments.ensureSubscriptionPrice(priceInput);
  const session = await payments.createSubscriptionCheckout({
    ...checkoutInput(priceId),
    ...(opts.couponId ? { discountCouponId: opts.couponId } : {}),
  });
  const paid = stripe.completeSubscriptionCheckout(session.id);
  stripe.state.requests.length = 0;
  return { priceId, checkout: session, ...paid };
}

describe("Stripe provider: the artist's Product and Price", () => {
  test("the first call creates the Product with our id and a recurring Price under deterministic keys", async () => {
    const result = await payments.ensureSubscriptionPrice(priceInput);
    expect(requests()).toEqual([
      "GET /v1/products/fanfare_artist_art_1",
      "POST /v1/products",
      "GET /v1/prices",
      "POST /v1/prices",
    ]);
    const product = requestTo("POST", "/v1/products");
    expect(product?.idempotencyKey).toBe("product:artist:art_1");
    expect(Object.fromEntries(product!.form)).toEqual({
      id: "fanfare_artist_art_1",
      name: "Pat: catalog subscription",
      type: "service",
      "metadata[artistId]": "art_1",
    });
    const list = requestTo("GET", "/v1/prices");
    expect(list?.params).toMatchObject({
      product: "fanfare_artist_art_1",
      active: "true",
      type: "recurring",
    });
    const price = requestTo("POST", "/v1/prices");
    expect(price?.idempotencyKey).toBe("price:artist:art_1:month:usd:500:after:none");
    expect(Object.fromEntries(price!.form)).toEqual({
      product: "fanfare_artist_art_1",
      currency: "usd",
      unit_amount: "500",
      "recurring[interval]": "month",
      "recurring[interval_count]": "1",
      lookup_key: "fanfare:artist:art_1:month",
      transfer_lookup_key: "true",
      "metadata[artistId]": "art_1",
      "metadata[interval]": "month",
    });
    expect(result).toEqual({
      productId: "fanfare_artist_art_1",
      priceId: expect.stringMatching(/^price_mock_/),
      replacedPriceId: null,
    });
  });

  test("the same input again only reads, and returns the same ids", async () => {
    const first = await payments.ensureSubscriptionPrice(priceInput);
    stripe.state.requests.length = 0;
    expect(await payments.ensureSubscriptionPrice(priceInput)).toEqual(first);
    expect(requests()).toEqual(["GET /v1/products/fanfare_artist_art_1", "GET /v1/prices"]);
  });

  test("a new amount makes a new Price taking the lookup key and archives the old one; a new name renames the Product", async () => {
    const first = await payments.ensureSubscriptionPrice(priceInput);
    stripe.state.requests.length = 0;
    const second = await payments.ensureSubscriptionPrice({
      ...priceInput,
      artistName: "Pat Renamed",
      unitAmountCents: 700,
    });
    expect(second.replacedPriceId).toBe(first.priceId);
    expect(requests()).toEqual([
      "GET /v1/products/fanfare_artist_art_1",
      "POST /v1/products/fanfare_artist_art_1",
      "GET /v1/prices",
      "POST /v1/prices",
      `POST /v1/prices/${first.priceId}`,
    ]);
    expect(requestTo("POST", "/v1/prices")?.idempotencyKey).toBe(
      `price:artist:art_1:month:usd:700:after:${first.priceId}`,
    );
    expect(stripe.state.prices.get(first.priceId)).toMatchObject({
      active: false,
      lookup_key: null,
    });
    expect(stripe.state.prices.get(second.priceId)).toMatchObject({
      active: true,
      unit_amount: 700,
      lookup_key: "fanfare:artist:art_1:month",
    });
    expect(stripe.state.products.get(first.productId)?.name).toBe(
      "Pat Renamed: catalog subscription",
    );
  });

  test("a Product made by a concurrent call (resource_already_exists) is used, not an error", async () => {
    await payments.ensureSubscriptionPrice(priceInput);
    stripe.failNext("product_retrieve", {
      status: 404,
      type: "invalid_request_error",
      code: "resource_missing",
    });
    stripe.expireIdempotencyKeys();
    const again = await payments.ensureSubscriptionPrice(priceInput);
    expect(again.replacedPriceId).toBeNull();
    expect(stripe.state.prices.size).toBe(1);
  });

  test("invalid input is refused before any request", async () => {
    await expect(
      payments.ensureSubscriptionPrice({ ...priceInput, unitAmountCents: 49 }),
    ).rejects.toMatchObject({ code: "INVALID_PAYMENTS_INPUT" });
    expect(requests()).toEqual([]);
  });
});

describe("Stripe provider: subscription checkout", () => {
  test("subscription mode with the Price, our id, the metadata on the session and subscription_data, under the idempotency key", async () => {
    const { priceId } = await payments.ensureSubscriptionPrice(priceInput);
    const session = await payments.createSubscriptionCheckout(checkoutInput(priceId));
    const request = requestTo("POST", "/v1/checkout/sessions");
    expect(request?.idempotencyKey).toBe("subscription-checkout:csub_1");
    const form = Object.fromEntries(request!.form);
    expect(form).toMatchObject({
      mode: "subscription",
      "line_items[0][price]": priceId,
      "line_items[0][quantity]": "1",
      customer_email: "fan@example.com",
      client_reference_id: "csub_1",
      "metadata[catalogSubscriptionId]": "csub_1",
      "metadata[linkId]": "lnk_9",
      "subscription_data[metadata][catalogSubscriptionId]": "csub_1",
      "subscription_data[metadata][linkId]": "lnk_9",
      allow_promotion_codes: "false",
    });
    expect(form["discounts[0][coupon]"]).toBeUndefined();
    expect(session).toEqual({
      id: expect.stringMatching(/^cs_test_mock_/),
      url: expect.stringContaining("checkout.stripe.com"),
      expiresAt: new Date(Number(form.expires_at) * 1000),
    });
    const again = await payments.createSubscriptionCheckout(checkoutInput(priceId));
    expect(again).toEqual(session);
    expect(stripe.state.requests.at(-1)?.replayed).toBe(true);
  });

  test("a coupon goes as discounts[0][coupon], and Stripe applies it to the first invoice", async () => {
    const { couponId } = await payments.upsertDiscountCoupon({
      discountCodeId: "dc_sub",
      code: "FAN20",
      name: "FAN20",
      discount: { type: "percent", percentOffBps: 2000 },
      duration: { type: "repeating", months: 3 },
    });
    expect(Object.fromEntries(requestTo("POST", "/v1/coupons")!.form)).toMatchObject({
      duration: "repeating",
      duration_in_months: "3",
    });
    const { priceId } = await payments.ensureSubscriptionPrice(priceInput);
    const session = await payments.createSubscriptionCheckout({
      ...checkoutInput(priceId),
      discountCouponId: couponId,
    });
    const form = Object.fromEntries(requestTo("POST", "/v1/checkout/sessions")!.form);
    expect(form["discounts[0][coupon]"]).toBe(couponId);
    expect(form.allow_promotion_codes).toBeUndefined();
    const { invoiceId } = stripe.completeSubscriptionCheckout(session.id);
    const invoice = await payments.getInvoice(invoiceId);
    expect(invoice).toMatchObject({ subtotalCents: 500, discountCents: 100, totalCents: 400 });
  });

  test("an unknown price is resource_missing", async () => {
    const e = await rejection(payments.createSubscriptionCheckout(checkoutInput("price_missing")));
    expect(e).toMatchObject({ stripeCode: "resource_missing", statusCode: 404 });
  });
});

describe("Stripe provider: subscriptions, invoices, refunds", () => {
  test("getSubscription and getInvoice read the pinned API version's shapes; getInvoice expands payments", async () => {
    const { subscriptionId, customerId, invoiceId, paymentIntentId, priceId } = await subscribed();
    expect(await payments.getSubscription(subscriptionId)).toMatchObject({
      subscriptionId,
      customerId,
      status: "active",
      priceId,
      cancelAtPeriodEnd: false,
      metadata: { catalogSubscriptionId: "csub_1", linkId: "lnk_9" },
      latestInvoiceId: invoiceId,
    });
    const invoice = await payments.getInvoice(invoiceId);
    expect(requestTo("GET", `/v1/invoices/${invoiceId}`)?.params).toEqual({
      expand: ["payments"],
    });
    expect(invoice).toMatchObject({
      invoiceId,
      subscriptionId,
      customerId,
      billingReason: "subscription_create",
      status: "paid",
      amountPaidCents: 500,
      metadata: { catalogSubscriptionId: "csub_1", linkId: "lnk_9" },
      paymentIntentId,
    });
    expect(stripe.state.events.map((e) => e.type)).toEqual([
      "checkout.session.completed",
      "customer.subscription.created",
      "invoice.paid",
    ]);
  });

  test("refundInvoice refunds the invoice's PaymentIntent with the key; by default its whole amount_paid", async () => {
    const { invoiceId, paymentIntentId } = await subscribed();
    const refund = await payments.refundInvoice({
      invoiceId,
      idempotencyKey: `refund:${invoiceId}`,
      metadata: { reason: "requested_by_customer" },
    });
    expect(refund).toMatchObject({
      paymentIntentId,
      amountCents: 500,
      chargeAmountRefundedCents: 500,
    });
    const request = requestTo("POST", "/v1/refunds");
    expect(request?.idempotencyKey).toBe(`refund:${invoiceId}`);
    expect(request?.params).toMatchObject({ payment_intent: paymentIntentId, amount: "500" });
    expect(stripe.state.events.at(-1)?.type).toBe("charge.refunded");
  });

  test("an invoice paid by nothing (100 % off) cannot be refunded", async () => {
    const { couponId } = await payments.upsertDiscountCoupon({
      discountCodeId: "dc_free",
      code: "FREE",
      name: "FREE",
      discount: { type: "percent", percentOffBps: 10_000 },
    });
    const { invoiceId } = await subscribed({ couponId });
    await expect(
      payments.refundInvoice({ invoiceId, idempotencyKey: "r", metadata: {} }),
    ).rejects.toMatchObject({ code: "INVOICE_NOT_PAID" });
    expect(requestTo("POST", "/v1/refunds")).toBeUndefined();
  });

  test("cancel at period end sets cancel_at_period_end once; cancel now deletes; an ended subscription is only read", async () => {
    const { subscriptionId } = await subscribed();
    const later = await payments.cancelSubscription({ subscriptionId, atPeriodEnd: true });
    expect(later).toMatchObject({ status: "active", cancelAtPeriodEnd: true });
    expect(requestTo("POST", `/v1/subscriptions/${subscriptionId}`)?.params).toEqual({
      cancel_at_period_end: "true",
    });
    stripe.state.requests.length = 0;
    expect(await payments.cancelSubscription({ subscriptionId, atPeriodEnd: true })).toEqual(later);
    expect(requests()).toEqual([`GET /v1/subscriptions/${subscriptionId}`]);

    const now = await payments.cancelSubscription({ subscriptionId, atPeriodEnd: false });
    expect(now).toMatchObject({ status: "canceled", endedAt: expect.any(Date) });
    expect(requests()).toContain(`DELETE /v1/subscriptions/${subscriptionId}`);
    stripe.state.requests.length = 0;
    expect(await payments.cancelSubscription({ subscriptionId, atPeriodEnd: false })).toEqual(now);
    expect(requests()).toEqual([`GET /v1/subscriptions/${subscriptionId}`]);
    expect(stripe.state.events.slice(-2).map((e) => e.type)).toEqual([
      "customer.subscription.updated",
      "customer.subscription.deleted",
    ]);
  });

  test("an unknown subscription is resource_missing", async () => {
    expect(
      await rejection(
        payments.cancelSubscription({ subscriptionId: "sub_missing", atPeriodEnd: true }),
      ),
    ).toMatchObject({ stripeCode: "resource_missing", statusCode: 404 });
  });
});

describe("Stripe provider: customer portal", () => {
  test("the first session creates the limited configuration once; later sessions and other providers reuse it", async () => {
    const { customerId } = await subscribed();
    const first = await payments.createPortalSession({
      customerId,
      returnUrl: "https://fanfare.example/account",
    });
    expect(first.url).toContain("billing.stripe.com");
    expect(requests()).toEqual([
      "GET /v1/billing_portal/configurations",
      "POST /v1/billing_portal/configurations",
      "POST /v1/billing_portal/sessions",
    ]);
    const created = requestTo("POST", "/v1/billing_portal/configurations");
    expect(created?.idempotencyKey).toBe("portal-configuration:catalog-subscriptions-v1");
    expect(Object.fromEntries(created!.form)).toEqual({
      "features[customer_update][enabled]": "false",
      "features[invoice_history][enabled]": "true",
      "features[payment_method_update][enabled]": "true",
      "features[subscription_cancel][enabled]": "true",
      "features[subscription_cancel][mode]": "at_period_end",
      "features[subscription_cancel][proration_behavior]": "none",
      "features[subscription_update][enabled]": "false",
      "metadata[fanfarePortal]": "catalog-subscriptions-v1",
    });
    const [configuration] = stripe.state.portalConfigurations.keys();
    expect(requestTo("POST", "/v1/billing_portal/sessions")?.params).toEqual({
      customer: customerId,
      return_url: "https://fanfare.example/account",
      configuration,
    });

    stripe.state.requests.length = 0;
    await payments.createPortalSession({ customerId, returnUrl: "https://fanfare.example/a" });
    expect(requests()).toEqual(["POST /v1/billing_portal/sessions"]);
    stripe.state.requests.length = 0;
    await provider().createPortalSession({ customerId, returnUrl: "https://fanfare.example/a" });
    expect(requests()).toEqual([
      "GET /v1/billing_portal/configurations",
      "POST /v1/billing_portal/sessions",
    ]);
    expect(stripe.state.portalConfigurations.size).toBe(1);
  });

  test("an unknown customer is resource_missing", async () => {
    expect(
      await rejection(
        payments.createPortalSession({ customerId: "cus_missing", returnUrl: "https://x.example" }),
      ),
    ).toMatchObject({ stripeCode: "resource_missing" });
  });
});
