import type { PrismaClient } from "@fanfare/db";
import { createTestDb } from "@fanfare/db/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { StripeRequestError } from "./errors";
import { getSandboxCoupon, getSandboxPromotionCode } from "./sandbox-discounts";
import { createSandboxProvider } from "./sandbox-provider";
import type { PaymentsProvider, UpsertDiscountCouponInput } from "./types";

const savedEnv = { ...process.env };
let db: PrismaClient;
let close: () => Promise<void>;
let payments: PaymentsProvider;

beforeAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  process.env.APP_URL = "http://localhost:3000";
  ({ db, close } = await createTestDb());
  payments = createSandboxProvider(db);
});

afterAll(async () => {
  await close();
  process.env = savedEnv;
});

const inTwoDays = new Date(Date.now() + 2 * 86_400_000);
let n = 0;

function couponInput(
  overrides: Partial<UpsertDiscountCouponInput> = {},
): UpsertDiscountCouponInput {
  const id = `dc_${++n}`;
  return {
    discountCodeId: id,
    code: `CODE-${n}`,
    name: `CODE-${n}`,
    discount: { type: "percent", percentOffBps: 1250 },
    maxRedemptions: 100,
    expiresAt: inTwoDays,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<StripeRequestError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StripeRequestError);
  return e as StripeRequestError;
}

describe("sandbox: a discount code mirrored as a Coupon and a Promotion Code", () => {
  test("stores a coupon and an active promotion code of Stripe's shapes, with the code's id as metadata", async () => {
    const input = couponInput();
    const { couponId, promotionCodeId } = await payments.upsertDiscountCoupon(input);
    expect(couponId).toMatch(/^coupon_sandbox_[0-9A-Za-z]{16}$/);
    expect(promotionCodeId).toMatch(/^promo_sandbox_[0-9A-Za-z]{24}$/);

    expect(await getSandboxCoupon(db, couponId)).toMatchObject({
      object: "coupon",
      percent_off: 12.5,
      amount_off: null,
      currency: null,
      duration: "once",
      name: input.name,
      metadata: { discountCodeId: input.discountCodeId },
    });
    expect(await getSandboxPromotionCode(db, promotionCodeId)).toMatchObject({
      object: "promotion_code",
      active: true,
      code: input.code,
      max_redemptions: 100,
      expires_at: Math.floor(inTwoDays.getTime() / 1000),
      promotion: { type: "coupon", coupon: couponId },
      metadata: { discountCodeId: input.discountCodeId },
    });
    const kinds = await db.sandboxObject.findMany({
      where: { id: { in: [couponId, promotionCodeId] } },
      select: { kind: true },
    });
    expect(kinds.map((k) => k.kind).sort()).toEqual(["coupon", "promotion_code"]);
  });

  test("a fixed code stores amount_off in cents with its currency; no limit or expiry when there is none", async () => {
    const { couponId, promotionCodeId } = await payments.upsertDiscountCoupon(
      couponInput({
        discount: { type: "amount", amountOffCents: 500, currency: "USD" },
        maxRedemptions: null,
        expiresAt: null,
      }),
    );
    expect(await getSandboxCoupon(db, couponId)).toMatchObject({
      amount_off: 500,
      currency: "usd",
      percent_off: null,
    });
    expect(await getSandboxPromotionCode(db, promotionCodeId)).toMatchObject({
      max_redemptions: null,
      expires_at: null,
    });
  });

  test("the same call again (also concurrently) returns the same two objects and stores no second one", async () => {
    const input = couponInput();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => payments.upsertDiscountCoupon(input)),
    );
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    const byCodeId = (kind: string, path: string[]) =>
      db.sandboxObject.count({
        where: { kind, data: { path, equals: input.discountCodeId } },
      });
    expect(await byCodeId("coupon", ["coupon", "metadata", "discountCodeId"])).toBe(1);
    expect(await byCodeId("promotion_code", ["promotionCode", "metadata", "discountCodeId"])).toBe(
      1,
    );
  });

  test("the same code id with a changed limit is an idempotency_error, as in Stripe", async () => {
    const input = couponInput();
    await payments.upsertDiscountCoupon(input);
    const e = await rejection(payments.upsertDiscountCoupon({ ...input, maxRedemptions: 5 }));
    expect(e).toMatchObject({ stripeType: "idempotency_error", statusCode: 400, retryable: false });
  });

  test("deactivating and activating sets `active`; setting the state it has writes nothing", async () => {
    const { promotionCodeId } = await payments.upsertDiscountCoupon(couponInput());
    expect(await payments.setPromotionCodeActive({ promotionCodeId, active: false })).toEqual({
      promotionCodeId,
      active: false,
    });
    expect((await getSandboxPromotionCode(db, promotionCodeId))?.active).toBe(false);

    const before = await db.sandboxObject.findUniqueOrThrow({ where: { id: promotionCodeId } });
    await payments.setPromotionCodeActive({ promotionCodeId, active: false });
    const after = await db.sandboxObject.findUniqueOrThrow({ where: { id: promotionCodeId } });
    expect(after.updatedAt).toEqual(before.updatedAt);

    await payments.setPromotionCodeActive({ promotionCodeId, active: true });
    expect((await getSandboxPromotionCode(db, promotionCodeId))?.active).toBe(true);
  });

  test("an unknown promotion code is resource_missing (404), not retryable", async () => {
    const e = await rejection(
      payments.setPromotionCodeActive({ promotionCodeId: "promo_sandbox_unknown", active: true }),
    );
    expect(e).toMatchObject({
      stripeType: "invalid_request_error",
      stripeCode: "resource_missing",
      statusCode: 404,
      retryable: false,
    });
  });

  test.each<[string, Partial<UpsertDiscountCouponInput>]>([
    ["10,001 basis points", { discount: { type: "percent", percentOffBps: 10_001 } }],
    ["2.5 cents off", { discount: { type: "amount", amountOffCents: 2.5, currency: "usd" } }],
    ["an underscore in the code", { code: "LAUNCH_10" }],
    ["a 41-character name", { name: "N".repeat(41) }],
    ["an expiry in the past", { expiresAt: new Date(Date.now() - 1000) }],
  ])("%s is refused as Stripe's provider refuses it, and nothing is stored", async (_l, o) => {
    const input = couponInput(o);
    await expect(payments.upsertDiscountCoupon(input)).rejects.toMatchObject({
      code: "INVALID_PAYMENTS_INPUT",
    });
    expect(
      await db.sandboxObject.findFirst({
        where: { id: { startsWith: `idempotency_key:coupon:${input.discountCodeId}:` } },
      }),
    ).toBeNull();
  });
});
