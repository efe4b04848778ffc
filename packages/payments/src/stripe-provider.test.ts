import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { PaymentsError, StripeRequestError, WebhookSignatureError } from "./errors";
import { getPayments } from "./index";
import { createStripeProvider, STRIPE_API_VERSION } from "./stripe-provider";
import type { CreateCheckoutSessionInput } from "./types";
import { signWebhookPayload } from "./webhook-signature";

type Recorded = {
  form: URLSearchParams;
  idempotencyKey: string | null;
  stripeVersion: string | null;
  auth: string | null;
};
const requests: Recorded[] = [];
let respond: () => Response = () => HttpResponse.json({});

const server = setupServer(
  http.post("https://api.stripe.com/v1/checkout/sessions", async ({ request }) => {
    requests.push({
      form: new URLSearchParams(await request.text()),
      idempotencyKey: request.headers.get("idempotency-key"),
      stripeVersion: request.headers.get("stripe-version"),
      auth: request.headers.get("authorization"),
    });
    return respond();
  }),
);

const expiresAt = Math.floor(Date.now() / 1000) + 31 * 60;
const sessionJson = (form: URLSearchParams | undefined) => ({
  id: "cs_test_a1b2c3",
  object: "checkout.session",
  amount_total: Number(form?.get("line_items[0][price_data][unit_amount]")),
  currency: form?.get("line_items[0][price_data][currency]"),
  client_reference_id: form?.get("client_reference_id"),
  expires_at: expiresAt,
  status: "open",
  payment_status: "unpaid",
  url: "https://checkout.stripe.com/c/pay/cs_test_a1b2c3",
});

const input: CreateCheckoutSessionInput = {
  saleId: "sale_42",
  amountCents: 1299,
  currency: "usd",
  productName: "Night Drive (single)",
  productDescription: "Synthwave, 3:41",
  buyerEmail: "buyer@example.com",
  successUrl: "https://fanfare.example/thanks?session_id={CHECKOUT_SESSION_ID}",
  cancelUrl: "https://fanfare.example/t/night-drive",
  metadata: { trackId: "trk_7", linkId: "lnk_9" },
  idempotencyKey: "checkout:sale_42",
};

const provider = createStripeProvider({
  secretKey: "sk_test_fanfare",
  webhookSecret: "whsec_test_fanfare",
});
const savedEnv = { ...process.env };

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  requests.length = 0;
  respond = () => HttpResponse.json(sessionJson(requests.at(-1)?.form));
  process.env = { ...savedEnv };
});
afterAll(() => server.close());

describe("Stripe provider: checkout sessions", () => {
  test("the request carries unit_amount, currency, customer_email, client_reference_id, metadata and the idempotency key", async () => {
    respond = () => HttpResponse.json(sessionJson(requests.at(-1)?.form));
    await provider.createCheckoutSession(input);

    expect(requests).toHaveLength(1);
    const [{ form, idempotencyKey, stripeVersion, auth }] = requests as [Recorded];
    expect(idempotencyKey).toBe("checkout:sale_42");
    expect(stripeVersion).toBe(STRIPE_API_VERSION);
    expect(auth).toBe("Bearer sk_test_fanfare");
    expect(form.get("mode")).toBe("payment");
    expect(form.get("line_items[0][quantity]")).toBe("1");
    expect(form.get("line_items[0][price_data][unit_amount]")).toBe("1299");
    expect(form.get("line_items[0][price_data][currency]")).toBe("usd");
    expect(form.get("line_items[0][price_data][product_data][name]")).toBe("Night Drive (single)");
    expect(form.get("line_items[0][price_data][product_data][description]")).toBe(
      "Synthwave, 3:41",
    );
    expect(form.get("customer_email")).toBe("buyer@example.com");
    expect(form.get("client_reference_id")).toBe("sale_42");
    expect(form.get("metadata[saleId]")).toBe("sale_42");
    expect(form.get("metadata[trackId]")).toBe("trk_7");
    expect(form.get("metadata[linkId]")).toBe("lnk_9");
    expect(form.get("payment_intent_data[metadata][saleId]")).toBe("sale_42");
    expect(form.get("payment_intent_data[metadata][trackId]")).toBe("trk_7");
    expect(form.get("allow_promotion_codes")).toBe("false");
    expect(form.get("success_url")).toBe(input.successUrl);
    expect(form.get("cancel_url")).toBe(input.cancelUrl);
    const lifetime = Number(form.get("expires_at")) - Date.now() / 1000;
    expect(lifetime).toBeGreaterThan(30 * 60);
    expect(lifetime).toBeLessThanOrEqual(32 * 60);
  });

  test("returns Stripe's session id, hosted URL and expiry", async () => {
    const session = await provider.createCheckoutSession(input);
    expect(session).toEqual({
      id: "cs_test_a1b2c3",
      url: "https://checkout.stripe.com/c/pay/cs_test_a1b2c3",
      expiresAt: new Date(expiresAt * 1000),
    });
  });

  test("a Stripe error response surfaces as a thrown StripeRequestError with Stripe's type, code and message", async () => {
    respond = () =>
      HttpResponse.json(
        {
          error: {
            type: "invalid_request_error",
            code: "parameter_invalid_integer",
            param: "line_items[0][price_data][unit_amount]",
            message: "Invalid integer: abc",
          },
        },
        { status: 400, headers: { "request-id": "req_test_123" } },
      );
    const error = await provider.createCheckoutSession(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StripeRequestError);
    expect(error).toMatchObject({
      code: "STRIPE_ERROR",
      stripeType: "invalid_request_error",
      stripeCode: "parameter_invalid_integer",
      statusCode: 400,
      requestId: "req_test_123",
    });
    expect((error as Error).message).toContain("sale_42");
    expect((error as Error).message).toContain("Invalid integer: abc");
    expect(requests).toHaveLength(1);
  });

  test("Stripe's idempotency_error for a reused key surfaces with its type", async () => {
    respond = () =>
      HttpResponse.json(
        {
          error: {
            type: "idempotency_error",
            message:
              "Keys for idempotent requests can only be used with the same parameters they were first used with.",
          },
        },
        { status: 400 },
      );
    await expect(provider.createCheckoutSession(input)).rejects.toMatchObject({
      stripeType: "idempotency_error",
    });
  });

  test("invalid input is refused before any request to Stripe", async () => {
    await expect(
      provider.createCheckoutSession({ ...input, amountCents: 0 }),
    ).rejects.toMatchObject({
      code: "INVALID_CHECKOUT_INPUT",
    });
    expect(requests).toHaveLength(0);
  });
});

describe("Stripe provider: webhooks", () => {
  const payload = JSON.stringify({
    id: "evt_test_1",
    object: "event",
    type: "checkout.session.completed",
    data: { object: {} },
  });

  test("an event signed with STRIPE_WEBHOOK_SECRET verifies", async () => {
    const header = signWebhookPayload({ payload, secret: "whsec_test_fanfare" });
    expect((await provider.constructWebhookEvent(payload, header)).id).toBe("evt_test_1");
  });

  test("an event signed with another secret is rejected", async () => {
    const header = signWebhookPayload({ payload, secret: "whsec_other" });
    await expect(provider.constructWebhookEvent(payload, header)).rejects.toBeInstanceOf(
      WebhookSignatureError,
    );
  });

  test("without STRIPE_WEBHOOK_SECRET, verification is refused as missing configuration", async () => {
    const noSecret = createStripeProvider({ secretKey: "sk_test_fanfare" });
    const header = signWebhookPayload({ payload, secret: "whsec_test_fanfare" });
    await expect(noSecret.constructWebhookEvent(payload, header)).rejects.toMatchObject({
      code: "CONFIGURATION_MISSING",
    });
    await expect(noSecret.constructWebhookEvent(payload, header)).rejects.toBeInstanceOf(
      PaymentsError,
    );
  });
});

describe("getPayments", () => {
  test("uses Stripe when STRIPE_SECRET_KEY is set, verifying with STRIPE_WEBHOOK_SECRET", async () => {
    process.env.STRIPE_SECRET_KEY = "sk_test_fanfare";
    process.env.STRIPE_WEBHOOK_SECRET = "whsec_env";
    // The Stripe provider never touches the database.
    const payments = getPayments(null as never);
    expect(payments.mode).toBe("stripe");
    const payload = JSON.stringify({ id: "evt_env", object: "event" });
    expect(
      (
        await payments.constructWebhookEvent(
          payload,
          signWebhookPayload({ payload, secret: "whsec_env" }),
        )
      ).id,
    ).toBe("evt_env");
  });
});
