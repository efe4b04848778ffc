/**
 * The sandbox's mirror of discount codes: Stripe Coupons and Promotion Codes
 * (docs.stripe.com/api/coupons, docs.stripe.com/api/promotion_codes), created from the same
 * parameters the Stripe provider sends, idempotent on the same keys, activated and deactivated
 * as Stripe does. One-off checkout never redeems them (it charges the net amount Fanfare
 * computed, in both modes); a subscription checkout applies the coupon it is given to the invoices
 * its duration covers (sandbox-billing.ts).
 *
 * | kind             | id                     | data                                            |
 * | ---------------- | ---------------------- | ----------------------------------------------- |
 * | "coupon"         | `coupon_sandbox_...`   | `{ coupon }`: Stripe's coupon object            |
 * | "promotion_code" | `promo_sandbox_...`    | `{ promotionCode }`: with `active` and the code |
 */
import type { PrismaClient } from "@fanfare/db";

import {
  buildCouponParams,
  buildPromotionCodeParams,
  couponIdempotencyKey,
  promotionCodeIdempotencyKey,
} from "./discount-coupon-params";
import { parseDiscountCouponInput, parsePromotionCodeActiveInput } from "./provider-input";
import type { SandboxCoupon, SandboxPromotionCode } from "./sandbox-objects";
import {
  fromJson,
  lockRow,
  noSuchResource,
  nowSeconds,
  randomToken,
  runIdempotent,
  toJson,
  toStripeRequestError,
  TX_OPTIONS,
} from "./sandbox-store";
import type {
  DiscountCoupon,
  SetPromotionCodeActiveInput,
  UpsertDiscountCouponInput,
} from "./types";

type CouponRecord = { coupon: SandboxCoupon };
type PromotionCodeRecord = { promotionCode: SandboxPromotionCode };

/**
 * A sandbox Coupon (`coupon_sandbox_...`) and Promotion Code (`promo_sandbox_...`, active), as
 * `POST /v1/coupons` and `POST /v1/promotion_codes` make them, each idempotent on its key
 * (`coupon:<discountCodeId>:<terms>`, `promotion-code:<discountCodeId>:<terms>`, see
 * `couponTermsKey`) like Stripe: the same call again
 * returns the same two objects; the same key with other parameters is an `idempotency_error`.
 * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError `idempotency_error`.
 */
export async function createSandboxDiscountCoupon(
  db: PrismaClient,
  input: UpsertDiscountCouponInput,
): Promise<DiscountCoupon> {
  const v = parseDiscountCouponInput(input);
  const action = `Cannot mirror discount code ${v.discountCodeId} (${v.code}) in Stripe`;
  const couponParams = buildCouponParams(v);
  const { value: coupon } = await runIdempotent<{ couponId: string }>(
    db,
    {
      key: couponIdempotencyKey(v),
      endpoint: "/v1/coupons",
      params: couponParams,
      action,
    },
    async (tx) => {
      const created: SandboxCoupon = {
        id: `coupon_sandbox_${randomToken(16)}`,
        object: "coupon",
        amount_off: couponParams.amount_off ?? null,
        created: nowSeconds(),
        currency: couponParams.currency ?? null,
        duration: v.duration.type,
        duration_in_months: v.duration.type === "repeating" ? v.duration.months : null,
        livemode: false,
        max_redemptions: null,
        metadata: { discountCodeId: v.discountCodeId },
        name: v.name,
        percent_off: couponParams.percent_off ?? null,
        redeem_by: null,
        times_redeemed: 0,
        valid: true,
      };
      await tx.sandboxObject.create({
        data: {
          id: created.id,
          kind: "coupon",
          data: toJson({ coupon: created } satisfies CouponRecord),
        },
      });
      return { ok: true, value: { couponId: created.id } };
    },
  );

  const promotionParams = buildPromotionCodeParams(v, coupon.couponId);
  const { value: promotion } = await runIdempotent<{ promotionCodeId: string }>(
    db,
    {
      key: promotionCodeIdempotencyKey(v),
      endpoint: "/v1/promotion_codes",
      params: promotionParams,
      action,
    },
    async (tx) => {
      const couponRow = await tx.sandboxObject.findUnique({ where: { id: coupon.couponId } });
      if (couponRow?.kind !== "coupon") {
        throw toStripeRequestError(
          action,
          noSuchResource("coupon", coupon.couponId, "promotion[coupon]"),
        );
      }
      const created: SandboxPromotionCode = {
        id: `promo_sandbox_${randomToken(24)}`,
        object: "promotion_code",
        active: true,
        code: v.code,
        created: nowSeconds(),
        customer: null,
        expires_at: promotionParams.expires_at ?? null,
        livemode: false,
        max_redemptions: promotionParams.max_redemptions ?? null,
        metadata: { discountCodeId: v.discountCodeId },
        promotion: { type: "coupon", coupon: coupon.couponId },
        restrictions: {
          first_time_transaction: false,
          minimum_amount: null,
          minimum_amount_currency: null,
        },
        times_redeemed: 0,
      };
      await tx.sandboxObject.create({
        data: {
          id: created.id,
          kind: "promotion_code",
          data: toJson({ promotionCode: created } satisfies PromotionCodeRecord),
        },
      });
      return { ok: true, value: { promotionCodeId: created.id } };
    },
  );
  return { couponId: coupon.couponId, promotionCodeId: promotion.promotionCodeId };
}

/**
 * Sets a sandbox promotion code's `active`, as `POST /v1/promotion_codes/:id` does. The row is
 * locked while it is read and written; setting the state it already has writes nothing.
 * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError `resource_missing` (404) for
 *   an unknown promotion code.
 */
export async function setSandboxPromotionCodeActive(
  db: PrismaClient,
  input: SetPromotionCodeActiveInput,
): Promise<{ promotionCodeId: string; active: boolean }> {
  const v = parsePromotionCodeActiveInput(input);
  const action = `Cannot ${v.active ? "activate" : "deactivate"} promotion code ${v.promotionCodeId}`;
  return db.$transaction(async (tx) => {
    const row = await lockRow(tx, v.promotionCodeId, "promotion_code");
    if (!row) {
      throw toStripeRequestError(action, noSuchResource("promotion code", v.promotionCodeId, "id"));
    }
    const { promotionCode } = fromJson<PromotionCodeRecord>(row.data);
    if (promotionCode.active !== v.active) {
      const next: PromotionCodeRecord = { promotionCode: { ...promotionCode, active: v.active } };
      await tx.sandboxObject.update({ where: { id: row.id }, data: { data: toJson(next) } });
    }
    return { promotionCodeId: promotionCode.id, active: v.active };
  }, TX_OPTIONS);
}

/** The stored sandbox coupon, or null: for tests and a sandbox Dashboard. */
export async function getSandboxCoupon(
  db: PrismaClient,
  couponId: string,
): Promise<SandboxCoupon | null> {
  const row = await db.sandboxObject.findUnique({ where: { id: couponId } });
  return row?.kind === "coupon" ? fromJson<CouponRecord>(row.data).coupon : null;
}

/** The stored sandbox promotion code (with `active`), or null: for tests and a sandbox Dashboard. */
export async function getSandboxPromotionCode(
  db: PrismaClient,
  promotionCodeId: string,
): Promise<SandboxPromotionCode | null> {
  const row = await db.sandboxObject.findUnique({ where: { id: promotionCodeId } });
  return row?.kind === "promotion_code"
    ? fromJson<PromotionCodeRecord>(row.data).promotionCode
    : null;
}
