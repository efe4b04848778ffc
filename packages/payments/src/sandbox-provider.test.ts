import type { PrismaClient } from "@fanfare/db";
import { createTestDb } from "@fanfare/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";

import { PaymentsError } from "./errors";
import { getPayments } from "./index";
import {
  completeSandboxCheckout,
  createSandboxCheckoutSession,
  createSandboxProvider,
  expireSandboxCheckout,
  getSandboxCheckoutSession,
  getWebhookSecret,
} from "./sandbox-provider";
import { startWebhookReceiver } from "./testing/webhook-receiver";
import type { CreateCheckoutSessionInput, StripeCheckoutSessionCompletedEvent } from "./types";

let counter = 0;
function checkoutInput(
  overrides: Partial<CreateCheckoutSessionInput> = {},
): CreateCheckoutSessionInput {
  const saleId = overrides.saleId ?? `sale_${++counter}`;
  return {
    saleId,
    amountCents: 1500,
    currency: "usd",
    productName: "Night Drive (single)",
    productDescription: "Synthwave, 3:41",
    imageUrl: "http://localhost:3000/covers/night-drive.jpg",
    buyerEmail: "buyer@example.com",
    successUrl: "http://localhost:3000/thanks?session_id={CHECKOUT_SESSION_ID}",
    cancelUrl: "http://localhost:3000/t/night-drive",
    metadata: { trackId: "trk_1" },
    idempotencyKey: `checkout:${saleId}`,
    ...overrides,
  };
}

const savedEnv = { ...process.env };
let db: PrismaClient;
let close: () => Promise<void>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  process.env.APP_URL = "http://localhost:3000";
  ({ db, close } = await createTestDb());
  receiver = await startWebhookReceiver();
});

afterEach(() => {
  vi.useRealTimers();
  receiver.received.length = 0;
});

afterAll(async () => {
  await receiver.close();
  await close();
  process.env = savedEnv;
});

describe("sandbox checkout sessions", () => {
  test("getPayments uses the sandbox when STRIPE_SECRET_KEY is not set", () => {
    expect(getPayments(db).mode).toBe("sandbox");
  });

  test("a session is stored in Stripe's checkout.session shape, open and unpaid, with its line item", async () => {
    const input = checkoutInput();
    const created = await createSandboxCheckoutSession(db, input);
    expect(created.id).toMatch(/^cs_test_sandbox_[0-9A-Za-z]{24}$/);
    expect(created.url).toBe(`http://localhost:3000/sandbox/checkout/${created.id}`);

    const session = await getSandboxCheckoutSession(db, created.id);
    expect(session).toMatchObject({
      id: created.id,
      object: "checkout.session",
      amount_total: 1500,
      currency: "usd",
      customer_email: "buyer@example.com",
      client_reference_id: input.saleId,
      metadata: { trackId: "trk_1", saleId: input.saleId },
      status: "open",
      payment_status: "unpaid",
      mode: "payment",
      livemode: false,
      url: created.url,
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      expires_at: created.expiresAt.getTime() / 1000,
    });
    expect(session?.line_items.data[0]?.price.product).toMatchObject({
      name: "Night Drive (single)",
      description: "Synthwave, 3:41",
      images: ["http://localhost:3000/covers/night-drive.jpg"],
    });
    const lifetime = created.expiresAt.getTime() / 1000 - (session?.created ?? 0);
    expect(lifetime).toBeGreaterThan(30 * 60);
  });

  test("an unknown session id reads as null", async () => {
    expect(await getSandboxCheckoutSession(db, "cs_test_sandbox_nope")).toBeNull();
  });

  test("the same idempotency key with the same parameters returns the same session", async () => {
    const input = checkoutInput({ expiresAt: new Date(Date.now() + 40 * 60_000) });
    const first = await createSandboxCheckoutSession(db, input);
    const again = await createSandboxCheckoutSession(db, {
      ...input,
      metadata: { ...input.metadata },
    });
    expect(again).toEqual(first);
    const other = await createSandboxCheckoutSession(db, {
      ...input,
      idempotencyKey: `${input.idempotencyKey}:2`,
    });
    expect(other.id).not.toBe(first.id);
  });

  test("concurrent calls with one idempotency key create one session", async () => {
    const input = checkoutInput({ expiresAt: new Date(Date.now() + 40 * 60_000) });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => createSandboxCheckoutSession(db, input)),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const rows = await db.sandboxObject.findMany({ where: { kind: "checkout_session" } });
    const forSale = rows.filter(
      (r) => (r.data as { idempotencyKey: string }).idempotencyKey === input.idempotencyKey,
    );
    expect(forSale).toHaveLength(1);
  });

  test("the same idempotency key with different parameters is refused, as Stripe's idempotency_error", async () => {
    const input = checkoutInput({ expiresAt: new Date(Date.now() + 40 * 60_000) });
    await createSandboxCheckoutSession(db, input);
    await expect(
      createSandboxCheckoutSession(db, { ...input, amountCents: 999 }),
    ).rejects.toMatchObject({
      code: "IDEMPOTENCY_KEY_REUSED",
    });
  });

  test("an expiry under Stripe's 30-minute minimum is refused", async () => {
    const input = checkoutInput({ expiresAt: new Date(Date.now() + 10 * 60_000) });
    await expect(createSandboxCheckoutSession(db, input)).rejects.toMatchObject({
      code: "INVALID_CHECKOUT_INPUT",
    });
  });

  test("an amount under Stripe's 50-cent usd minimum is refused", async () => {
    await expect(
      createSandboxCheckoutSession(db, checkoutInput({ amountCents: 0 })),
    ).rejects.toThrow(/0 cents|above 0 cents/);
  });
});

describe("sandbox checkout completion", () => {
  test("completing posts a checkout.session.completed event in Stripe's shape, signed so the provider verifies it", async () => {
    const input = checkoutInput();
    const { id } = await createSandboxCheckoutSession(db, input);

    const result = await completeSandboxCheckout(db, {
      sessionId: id,
      buyerName: "Ada Buyer",
      webhookUrl: receiver.url,
    });
    expect(result.status).toBe(200);
    expect(result.eventId).toMatch(/^evt_sandbox_/);
    expect(result.successUrl).toBe(`http://localhost:3000/thanks?session_id=${id}`);

    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    const event = (await createSandboxProvider(db).constructWebhookEvent(
      delivery!.body,
      delivery!.signature,
    )) as StripeCheckoutSessionCompletedEvent;
    expect(event).toMatchObject({
      id: result.eventId,
      object: "event",
      type: "checkout.session.completed",
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    });
    expect(event.api_version).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(typeof event.created).toBe("number");
    expect(event.data.object).toMatchObject({
      id,
      object: "checkout.session",
      status: "complete",
      payment_status: "paid",
      amount_total: 1500,
      currency: "usd",
      client_reference_id: input.saleId,
      metadata: { saleId: input.saleId, trackId: "trk_1" },
      customer_details: { email: "buyer@example.com", name: "Ada Buyer" },
    });
    expect(event.data.object.payment_intent).toMatch(/^pi_sandbox_/);

    expect(await getSandboxCheckoutSession(db, id)).toMatchObject({
      status: "complete",
      payment_status: "paid",
      url: null,
    });
  });

  test("completing twice redelivers the same event id and body, freshly signed", async () => {
    const { id } = await createSandboxCheckoutSession(db, checkoutInput());
    const first = await completeSandboxCheckout(db, { sessionId: id, webhookUrl: receiver.url });
    const second = await completeSandboxCheckout(db, { sessionId: id, webhookUrl: receiver.url });
    expect(second.eventId).toBe(first.eventId);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    const provider = createSandboxProvider(db);
    for (const d of receiver.received) {
      expect((await provider.constructWebhookEvent(d.body, d.signature)).id).toBe(first.eventId);
    }
  });

  test("concurrent completions pay once and all deliver the one event", async () => {
    const { id } = await createSandboxCheckoutSession(db, checkoutInput());
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        completeSandboxCheckout(db, { sessionId: id, webhookUrl: receiver.url }),
      ),
    );
    expect(new Set(results.map((r) => r.eventId)).size).toBe(1);
    expect(
      new Set(receiver.received.map((d) => JSON.parse(d.body).data.object.payment_intent)).size,
    ).toBe(1);
  });

  test("an unreachable webhook endpoint returns status 0 with the reason, and a later call redelivers the same event", async () => {
    const { id } = await createSandboxCheckoutSession(db, checkoutInput());
    const down = await startWebhookReceiver();
    await down.close();
    const failed = await completeSandboxCheckout(db, { sessionId: id, webhookUrl: down.url });
    expect(failed.status).toBe(0);
    expect(failed.deliveryError).toContain(down.url);
    const retried = await completeSandboxCheckout(db, { sessionId: id, webhookUrl: receiver.url });
    expect(retried).toMatchObject({ status: 200, eventId: failed.eventId });
  });

  test("the receiver's error status is returned as is", async () => {
    const failing = await startWebhookReceiver(500);
    try {
      const { id } = await createSandboxCheckoutSession(db, checkoutInput());
      expect(
        (await completeSandboxCheckout(db, { sessionId: id, webhookUrl: failing.url })).status,
      ).toBe(500);
    } finally {
      await failing.close();
    }
  });

  test("completing an unknown session is refused", async () => {
    await expect(
      completeSandboxCheckout(db, {
        sessionId: "cs_test_sandbox_missing",
        webhookUrl: receiver.url,
      }),
    ).rejects.toMatchObject({
      code: "CHECKOUT_SESSION_NOT_FOUND",
      message: expect.stringContaining("cs_test_sandbox_missing"),
    });
    expect(receiver.received).toHaveLength(0);
  });

  test("completing a session past its expires_at is refused", async () => {
    const created = await createSandboxCheckoutSession(db, checkoutInput());
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(created.expiresAt.getTime() + 1000);
    await expect(
      completeSandboxCheckout(db, { sessionId: created.id, webhookUrl: receiver.url }),
    ).rejects.toMatchObject({
      code: "CHECKOUT_SESSION_EXPIRED",
      message: expect.stringContaining(created.expiresAt.toISOString()),
    });
    expect(receiver.received).toHaveLength(0);
  });
});

describe("sandbox checkout expiry", () => {
  test("expiring posts a signed checkout.session.expired event; completing afterwards is refused", async () => {
    const { id } = await createSandboxCheckoutSession(db, checkoutInput());
    const result = await expireSandboxCheckout(db, id, receiver.url);
    expect(result.status).toBe(200);
    const event = await createSandboxProvider(db).constructWebhookEvent(
      receiver.received[0]!.body,
      receiver.received[0]!.signature,
    );
    expect(event).toMatchObject({
      id: result.eventId,
      type: "checkout.session.expired",
      data: { object: { id, status: "expired" } },
    });
    await expect(
      completeSandboxCheckout(db, { sessionId: id, webhookUrl: receiver.url }),
    ).rejects.toMatchObject({
      code: "CHECKOUT_SESSION_EXPIRED",
    });
    expect((await expireSandboxCheckout(db, id, receiver.url)).eventId).toBe(result.eventId);
  });

  test("expiring a completed session is refused", async () => {
    const { id } = await createSandboxCheckoutSession(db, checkoutInput());
    await completeSandboxCheckout(db, { sessionId: id, webhookUrl: receiver.url });
    await expect(expireSandboxCheckout(db, id, receiver.url)).rejects.toBeInstanceOf(PaymentsError);
    await expect(expireSandboxCheckout(db, id, receiver.url)).rejects.toMatchObject({
      code: "CHECKOUT_SESSION_NOT_OPEN",
    });
  });
});

describe("sandbox webhook secret", () => {
  let fresh: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    fresh = await createTestDb();
  });
  afterAll(async () => {
    await fresh.close();
  });

  test("concurrent first calls agree on one whsec_sandbox_ secret, stable across later calls", async () => {
    const first = await Promise.all(Array.from({ length: 8 }, () => getWebhookSecret(fresh.db)));
    expect(new Set(first).size).toBe(1);
    expect(first[0]).toMatch(/^whsec_sandbox_[0-9A-Za-z]{32}$/);
    expect(await getWebhookSecret(fresh.db)).toBe(first[0]);
    expect(await fresh.db.sandboxObject.count({ where: { kind: "webhook_secret" } })).toBe(1);
  });

  test("STRIPE_WEBHOOK_SECRET, when set, is the secret", async () => {
    process.env.STRIPE_WEBHOOK_SECRET = "whsec_from_env";
    try {
      expect(await getWebhookSecret(fresh.db)).toBe("whsec_from_env");
    } finally {
      delete process.env.STRIPE_WEBHOOK_SECRET;
    }
  });
});
