import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { StripeRequestError } from "./errors";
import { createStripeProvider } from "./stripe-provider";
import { createStripeMock } from "./testing/stripe-mock";
import type { UpsertDiscountCouponInput } from "./types";

const stripe = createStripeMock();
const server = setupServer(...stripe.handlers);

// No SDK retries unless a test wants them: failures surface at once.
const provider = createStripeProvider({ secretKey: "sk_test_fanfare", maxNetworkRetries: 0 });
const retryingProvider = createStripeProvider({ secretKey: "sk_test_fanfare" });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => stripe.reset());
afterAll(() => server.close());

const inTwoDays = new Date(Date.now() + 2 * 86_400_000);

function couponInput(
  overrides: Partial<UpsertDiscountCouponInput> = {},
): UpsertDiscountCouponInput {
  return {
    discountCodeId: "dc_launch",
    code: "LAUNCH-10",
    name: "LAUNCH-10",
    discount: { type: "percent", percentOffBps: 1250 },
    maxRedemptions: 100,
    expiresAt: inTwoDays,
    ...overrides,
  };
}

const requestsTo = (path: string) => stripe.state.requests.filter((r) => r.path === path);

async function rejection(promise: Promise<unknown>): Promise<StripeRequestError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StripeRequestError);
  return e as StripeRequestError;
}

describe("Stripe provider: a discount code mirrored as a Coupon and a Promotion Code", () => {
  test("a percent code creates a coupon (percent_off with 2 decimals, once, name, metadata) and an active promotion code (coupon, code, limit, expiry, metadata), each under its deterministic key", async () => {
    const created = await provider.upsertDiscountCoupon(couponInput());

    const [couponRequest] = requestsTo("/v1/coupons");
    expect(couponRequest?.idempotencyKey).toBe("coupon:dc_launch:1250bps:once");
    expect(Object.fromEntries(couponRequest!.form)).toEqual({
      percent_off: "12.5",
      duration: "once",
      name: "LAUNCH-10",
      "metadata[discountCodeId]": "dc_launch",
    });
    const [promotionRequest] = requestsTo("/v1/promotion_codes");
    expect(promotionRequest?.idempotencyKey).toBe("promotion-code:dc_launch:1250bps:once");
    expect(Object.fromEntries(promotionRequest!.form)).toEqual({
      "promotion[type]": "coupon",
      "promotion[coupon]": created.couponId,
      code: "LAUNCH-10",
      max_redemptions: "100",
      expires_at: String(Math.floor(inTwoDays.getTime() / 1000)),
      "metadata[discountCodeId]": "dc_launch",
    });

    expect(stripe.state.coupons.get(created.couponId)).toMatchObject({
      percent_off: 12.5,
      amount_off: null,
      duration: "once",
    });
    expect(stripe.state.promotionCodes.get(created.promotionCodeId)).toMatchObject({
      active: true,
      code: "LAUNCH-10",
      promotion: { type: "coupon", coupon: created.couponId },
      metadata: { discountCodeId: "dc_launch" },
    });
  });

  test("a fixed code sends amount_off in cents and the currency, and no limit or expiry when there is none", async () => {
    await provider.upsertDiscountCoupon(
      couponInput({
        discountCodeId: "dc_five",
        code: "FIVE",
        name: "FIVE",
        discount: { type: "amount", amountOffCents: 500, currency: "USD" },
        maxRedemptions: null,
        expiresAt: null,
      }),
    );
    expect(Object.fromEntries(requestsTo("/v1/coupons")[0]!.form)).toEqual({
      amount_off: "500",
      currency: "usd",
      duration: "once",
      name: "FIVE",
      "metadata[discountCodeId]": "dc_five",
    });
    const promotionForm = Object.fromEntries(requestsTo("/v1/promotion_codes")[0]!.form);
    expect(promotionForm).not.toHaveProperty("max_redemptions");
    expect(promotionForm).not.toHaveProperty("expires_at");
  });

  test("calling it again returns the same two objects: Stripe replays both keys and creates nothing", async () => {
    const first = await provider.upsertDiscountCoupon(couponInput());
    const again = await provider.upsertDiscountCoupon(couponInput());
    expect(again).toEqual(first);
    expect(stripe.state.coupons.size).toBe(1);
    expect(stripe.state.promotionCodes.size).toBe(1);
    expect(stripe.state.requests.slice(2).map((r) => [r.path, r.replayed])).toEqual([
      ["/v1/coupons", true],
      ["/v1/promotion_codes", true],
    ]);
  });

  test("a promotion code that failed after the coupon was made is made on the next call, on the same coupon", async () => {
    stripe.failNext("promotion_codes", { status: 503, type: "api_error", saved: false });
    const e = await rejection(provider.upsertDiscountCoupon(couponInput()));
    expect(e).toMatchObject({ statusCode: 503, retryable: true });
    expect(e.message).toContain("dc_launch");
    expect(stripe.state.promotionCodes.size).toBe(0);

    const created = await provider.upsertDiscountCoupon(couponInput());
    expect(stripe.state.coupons.size).toBe(1);
    expect(requestsTo("/v1/coupons").map((r) => r.replayed)).toEqual([false, true]);
    expect(stripe.state.promotionCodes.get(created.promotionCodeId)?.promotion.coupon).toBe(
      created.couponId,
    );
  });

  test("when the answer to the promotion code is lost, stripe-node's resend with the same key gets it back: one promotion code", async () => {
    stripe.failNext("promotion_codes", { status: 0, type: "network", applied: true });
    const created = await retryingProvider.upsertDiscountCoupon(couponInput());
    expect(stripe.state.promotionCodes.size).toBe(1);
    expect(created.promotionCodeId).toBe([...stripe.state.promotionCodes.keys()][0]);
    expect(requestsTo("/v1/promotion_codes").at(-1)).toMatchObject({
      idempotencyKey: "promotion-code:dc_launch:1250bps:once",
      replayed: true,
    });
  });

  test("the same key with a changed limit is refused with idempotency_error, not retryable", async () => {
    await provider.upsertDiscountCoupon(couponInput());
    const e = await rejection(provider.upsertDiscountCoupon(couponInput({ maxRedemptions: 5 })));
    expect(e).toMatchObject({ stripeType: "idempotency_error", statusCode: 400, retryable: false });
    expect(stripe.state.promotionCodes.size).toBe(1);
  });
});

describe("Stripe provider: activating and deactivating a promotion code", () => {
  test("POSTs active=false then active=true to /v1/promotion_codes/:id; the mock's code follows", async () => {
    const { promotionCodeId } = await provider.upsertDiscountCoupon(couponInput());

    expect(await provider.setPromotionCodeActive({ promotionCodeId, active: false })).toEqual({
      promotionCodeId,
      active: false,
    });
    const last = stripe.state.requests.at(-1)!;
    expect([last.method, last.path]).toEqual(["POST", `/v1/promotion_codes/${promotionCodeId}`]);
    expect(Object.fromEntries(last.form)).toEqual({ active: "false" });
    expect(stripe.state.promotionCodes.get(promotionCodeId)?.active).toBe(false);

    await provider.setPromotionCodeActive({ promotionCodeId, active: true });
    expect(stripe.state.promotionCodes.get(promotionCodeId)?.active).toBe(true);
  });

  test("an unknown promotion code is refused with resource_missing (404), not retryable", async () => {
    const e = await rejection(
      provider.setPromotionCodeActive({ promotionCodeId: "promo_unknown", active: false }),
    );
    expect(e).toMatchObject({
      stripeType: "invalid_request_error",
      stripeCode: "resource_missing",
      statusCode: 404,
      retryable: false,
    });
    expect(e.message).toContain("promo_unknown");
  });
});

describe("Stripe provider: discount coupon input is checked before any request", () => {
  test.each<[string, Partial<UpsertDiscountCouponInput>]>([
    ["0 basis points", { discount: { type: "percent", percentOffBps: 0 } }],
    ["10,001 basis points (over 100 %)", { discount: { type: "percent", percentOffBps: 10_001 } }],
    ["12.5 basis points", { discount: { type: "percent", percentOffBps: 12.5 } }],
    ["0 cents off", { discount: { type: "amount", amountOffCents: 0, currency: "usd" } }],
    ["2.5 cents off", { discount: { type: "amount", amountOffCents: 2.5, currency: "usd" } }],
    [
      "a currency that is not ISO",
      { discount: { type: "amount", amountOffCents: 5, currency: "$" } },
    ],
    ["an underscore in the code", { code: "LAUNCH_10" }],
    ["an empty code", { code: "" }],
    ["a 41-character name", { name: "N".repeat(41) }],
    ["a limit of 0 uses", { maxRedemptions: 0 }],
    ["an expiry in the past", { expiresAt: new Date(Date.now() - 1000) }],
    ["an empty code id", { discountCodeId: "" }],
  ])("%s is INVALID_PAYMENTS_INPUT", async (_label, overrides) => {
    await expect(provider.upsertDiscountCoupon(couponInput(overrides))).rejects.toMatchObject({
      code: "INVALID_PAYMENTS_INPUT",
    });
    expect(stripe.state.requests).toHaveLength(0);
  });

  test("a promotion code id that is not promo_... is INVALID_PAYMENTS_INPUT", async () => {
    await expect(
      provider.setPromotionCodeActive({ promotionCodeId: "COUPON1", active: true }),
    ).rejects.toMatchObject({ code: "INVALID_PAYMENTS_INPUT" });
    expect(stripe.state.requests).toHaveLength(0);
  });
});
