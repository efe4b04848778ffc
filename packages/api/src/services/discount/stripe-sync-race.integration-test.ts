import type { DiscountCode } from "@fanfare/db";
import type { DiscountCoupon, PaymentsProvider } from "@fanfare/payments";
import {
  createSandboxProvider,
  createStripeProvider,
  getSandboxCoupon,
  getSandboxPromotionCode,
} from "@fanfare/payments";
import { createStripeMock } from "@fanfare/payments/testing/stripe-mock";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { subscriptionDiscount } from "../subscriptions/discount";
import type { CodeActor } from "./codes";
import { createDiscountCode, updateDiscountCode } from "./codes";
import { syncDiscountCodeToStripe } from "./stripe-sync";

type Duration = Pick<DiscountCode, "duration" | "durationMonths">;
/** What the tests read back of a provider's coupon and promotion code. */
type Objects = {
  coupon(id: string): Promise<{ duration: string; duration_in_months: number | null } | null>;
  promotionCode(
    id: string,
  ): Promise<{ active: boolean; promotion: { coupon: string }; code: string } | null>;
};

const stripe = createStripeMock();
const server = setupServer(...stripe.handlers);
const stripeProvider = createStripeProvider({
  secretKey: "sk_test_fanfare_mock",
  maxNetworkRetries: 0,
});

/**
 * `payments` whose first `upsertDiscountCoupon` runs `during` after the provider made the coupon
 * and promotion code and before it answers: a change committed while the first sync waits on
 * Stripe, made deterministic. `mirrors` are the objects each call answered, in order.
 */
function racing(payments: PaymentsProvider, during: () => Promise<unknown>) {
  const mirrors: DiscountCoupon[] = [];
  const wrapped: PaymentsProvider = {
    ...payments,
    async upsertDiscountCoupon(input) {
      const mirror = await payments.upsertDiscountCoupon(input);
      mirrors.push(mirror);
      if (mirrors.length === 1) await during();
      return mirror;
    },
  };
  return { payments: wrapped, mirrors };
}

/** A code's first sync races a change of its duration (issue 16 §3: the coupon's duration). */
describe.each([
  {
    provider: "sandbox",
    setup: (h: Harness): { payments: PaymentsProvider } & Objects => ({
      payments: createSandboxProvider(h.db),
      coupon: (id) => getSandboxCoupon(h.db, id),
      promotionCode: (id) => getSandboxPromotionCode(h.db, id),
    }),
  },
  {
    provider: "Stripe, mocked over HTTP with msw",
    setup: (): { payments: PaymentsProvider } & Objects => ({
      payments: stripeProvider,
      coupon: async (id) => stripe.state.coupons.get(id) ?? null,
      promotionCode: async (id) => stripe.state.promotionCodes.get(id) ?? null,
    }),
  },
])("a duration change racing the first Stripe sync ($provider)", ({ provider, setup }) => {
  // Put back by key, never by replacing process.env: Vitest's stubEnv keeps the original object.
  const savedKey = process.env.STRIPE_SECRET_KEY;
  let h: Harness;
  let actor: CodeActor;
  let p: ReturnType<typeof setup>;
  let n = 0;

  beforeAll(async () => {
    delete process.env.STRIPE_SECRET_KEY;
    server.listen({ onUnhandledRequest: "bypass" });
    h = await setupHarness();
    const admin = await h.makeAdmin();
    actor = { userId: admin.id, isAdmin: true, artistId: null };
    p = setup(h);
  });
  afterEach(() => stripe.reset());
  afterAll(async () => {
    server.close();
    await h.close();
    if (savedKey !== undefined) process.env.STRIPE_SECRET_KEY = savedKey;
  });

  const prefix = provider === "sandbox" ? "RACE-SB" : "RACE-ST";
  const newCode = (duration: Duration) =>
    createDiscountCode(
      {
        code: `${prefix}${++n}`,
        type: "PERCENT",
        value: 1000,
        scope: "PLATFORM",
        duration: duration.duration,
        ...(duration.durationMonths != null ? { durationMonths: duration.durationMonths } : {}),
      },
      actor,
      h.db,
    );
  const changeDuration = (id: string, to: Duration) =>
    updateDiscountCode(
      {
        id,
        duration: to.duration,
        ...(to.durationMonths != null ? { durationMonths: to.durationMonths } : {}),
      },
      actor,
      h.db,
    );
  const row = (id: string) => h.db.discountCode.findUniqueOrThrow({ where: { id } });
  const stripeDuration = (d: Duration) => ({
    duration: d.duration.toLowerCase(),
    duration_in_months: d.durationMonths,
  });

  /** The stored mirror is a coupon of `d` and an active promotion code on it. */
  async function expectMirrorOf(codeId: string, d: Duration) {
    const stored = await row(codeId);
    expect(stored).toMatchObject(d);
    expect(await p.coupon(stored.stripeCouponId!)).toMatchObject(stripeDuration(d));
    expect(await p.promotionCode(stored.stripePromotionCodeId!)).toMatchObject({
      active: true,
      code: stored.code,
      promotion: { coupon: stored.stripeCouponId },
    });
    return stored;
  }

  test.each<[string, Duration, Duration]>([
    [
      "ONCE → REPEATING 3",
      { duration: "ONCE", durationMonths: null },
      { duration: "REPEATING", durationMonths: 3 },
    ],
    [
      "REPEATING 3 → FOREVER",
      { duration: "REPEATING", durationMonths: 3 },
      { duration: "FOREVER", durationMonths: null },
    ],
    [
      "REPEATING 3 → REPEATING 6",
      { duration: "REPEATING", durationMonths: 3 },
      { duration: "REPEATING", durationMonths: 6 },
    ],
    [
      "FOREVER → ONCE",
      { duration: "FOREVER", durationMonths: null },
      { duration: "ONCE", durationMonths: null },
    ],
  ])(
    "%s while the first coupon is made: the code ends mirrored by a coupon of the new duration, the old promotion code inactive; the queued re-sync changes nothing",
    async (_label, from, to) => {
      const code = await newCode(from);
      const race = racing(p.payments, () => changeDuration(code.id, to));

      const result = await syncDiscountCodeToStripe(code.id, { db: h.db, payments: race.payments });

      const stored = await expectMirrorOf(code.id, to);
      expect(result).toEqual({
        codeId: code.id,
        promotionCodeId: stored.stripePromotionCodeId,
        created: true,
        active: true,
      });
      const [old, fresh] = race.mirrors;
      expect(race.mirrors).toHaveLength(2);
      expect(fresh).toEqual({
        couponId: stored.stripeCouponId,
        promotionCodeId: stored.stripePromotionCodeId,
      });
      expect(old!.couponId).not.toBe(stored.stripeCouponId);
      expect(await p.coupon(old!.couponId)).toMatchObject(stripeDuration(from));
      expect((await p.promotionCode(old!.promotionCodeId))?.active).toBe(false);

      // The re-sync `discount.update` queued finds the right mirror and leaves it.
      expect(await syncDiscountCodeToStripe(code.id, { db: h.db, payments: p.payments })).toEqual({
        ...result,
        created: false,
      });
      await expectMirrorOf(code.id, to);
      // Now the coupon exists, its duration is fixed.
      await expect(changeDuration(code.id, from)).rejects.toMatchObject({
        code: "CONFLICT",
        field: "duration",
      });
    },
  );

  test("when the re-sync stores the new coupon first, the first sync keeps it and deactivates the promotion code it made", async () => {
    const code = await newCode({ duration: "ONCE", durationMonths: null });
    const to: Duration = { duration: "FOREVER", durationMonths: null };
    const race = racing(p.payments, async () => {
      await changeDuration(code.id, to);
      await syncDiscountCodeToStripe(code.id, { db: h.db, payments: p.payments });
    });

    const result = await syncDiscountCodeToStripe(code.id, { db: h.db, payments: race.payments });

    const stored = await expectMirrorOf(code.id, to);
    expect(result).toEqual({
      codeId: code.id,
      promotionCodeId: stored.stripePromotionCodeId,
      created: false,
      active: true,
    });
    expect(race.mirrors).toHaveLength(1);
    expect(race.mirrors[0]!.promotionCodeId).not.toBe(stored.stripePromotionCodeId);
    expect((await p.promotionCode(race.mirrors[0]!.promotionCodeId))?.active).toBe(false);
  });

  test("a paused code whose duration changes during its first sync is mirrored by the new coupon, inactive", async () => {
    const code = await newCode({ duration: "ONCE", durationMonths: null });
    await updateDiscountCode({ id: code.id, status: "PAUSED" }, actor, h.db);
    const to: Duration = { duration: "REPEATING", durationMonths: 12 };
    const race = racing(p.payments, () => changeDuration(code.id, to));

    expect(
      await syncDiscountCodeToStripe(code.id, { db: h.db, payments: race.payments }),
    ).toMatchObject({ created: true, active: false });
    const stored = await row(code.id);
    expect(await p.coupon(stored.stripeCouponId!)).toMatchObject(stripeDuration(to));
    for (const mirror of race.mirrors)
      expect((await p.promotionCode(mirror.promotionCodeId))?.active).toBe(false);
  });

  test("a subscription signing up with the code (the sync run inline) gets the coupon of the new duration", async () => {
    const code = await newCode({ duration: "ONCE", durationMonths: null });
    const to: Duration = { duration: "REPEATING", durationMonths: 3 };
    const race = racing(p.payments, () => changeDuration(code.id, to));

    const discount = await subscriptionDiscount(
      {
        code: await row(code.id),
        artistId: "artist-any",
        priceCents: 1000,
        currency: "usd",
        subscriberEmail: "race@example.com",
        commissionBps: 0,
        attributed: false,
        platformFeeBps: 1500,
        now: new Date(),
      },
      { db: h.db, payments: race.payments },
    );

    const stored = await expectMirrorOf(code.id, to);
    expect(discount).toEqual({
      codeId: code.id,
      funder: "PLATFORM",
      couponId: stored.stripeCouponId,
    });
    expect(await p.coupon(discount.couponId)).toMatchObject(stripeDuration(to));
  });
});
