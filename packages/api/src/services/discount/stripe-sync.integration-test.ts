import type { PaymentsProvider } from "@fanfare/payments";
import {
  createSandboxProvider,
  getSandboxCoupon,
  getSandboxPromotionCode,
} from "@fanfare/payments";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import type { JobDeps } from "../jobs/handlers";
import { discountStripeSyncJob, expireDiscountCodesJob } from "../jobs/handlers";
import { startJobs, stopJobs } from "../jobs/runner";
import { syncDiscountCodeToStripe } from "./stripe-sync";

const HOUR = 3_600_000;
/** Jobs run on pg-boss's polling; give them time on a busy machine. */
const WAIT = { timeout: 60_000, interval: 250 };

/**
 * Discount codes mirrored as Stripe Coupons and Promotion Codes (issue 12 §1), against the
 * sandbox provider, which keeps Stripe's objects in the database: the same code path as Stripe
 * mode, whose requests are tested against the stateful Stripe mock in @fanfare/payments.
 */
describe("discount codes mirrored in Stripe (sandbox)", () => {
  // Put back by key, never by replacing process.env: Vitest's stubEnv keeps the original object.
  const savedKey = process.env.STRIPE_SECRET_KEY;
  let h: Harness;
  let admin: Awaited<ReturnType<Harness["makeAdmin"]>>;
  let payments: PaymentsProvider;
  let n = 0;

  beforeAll(async () => {
    delete process.env.STRIPE_SECRET_KEY;
    h = await setupHarness();
    admin = await h.makeAdmin();
    payments = createSandboxProvider(h.db);
  });
  afterAll(async () => {
    await h.close();
    if (savedKey !== undefined) process.env.STRIPE_SECRET_KEY = savedKey;
  });

  const newCode = (opts: { code?: string; expiresAt?: Date; maxUses?: number } = {}) =>
    admin.caller.discount.create({
      code: opts.code ?? `SYNC${++n}`,
      type: "PERCENT",
      value: 1250,
      scope: "PLATFORM",
      maxUses: opts.maxUses,
      expiresAt: opts.expiresAt,
    });
  const sync = (codeId: string, now?: Date) =>
    syncDiscountCodeToStripe(codeId, { db: h.db, payments, now });
  const row = (id: string) => h.db.discountCode.findUniqueOrThrow({ where: { id } });
  const promotionCode = async (codeId: string) => {
    const { stripePromotionCodeId } = await row(codeId);
    if (!stripePromotionCodeId) throw new Error(`code ${codeId} has no promotion code`);
    const promo = await getSandboxPromotionCode(h.db, stripePromotionCodeId);
    if (!promo) throw new Error(`promotion code ${stripePromotionCodeId} is not in the sandbox`);
    return promo;
  };
  const setStatus = (id: string, status: "ACTIVE" | "PAUSED" | "ARCHIVED") =>
    admin.caller.discount.update({ id, status });

  test("a new code gets a coupon (12.5 % once) and an active promotion code with its limit and end date; their ids are stored on the code", async () => {
    const expiresAt = new Date(Date.now() + 48 * HOUR);
    const code = await newCode({ code: "LAUNCH-10", maxUses: 100, expiresAt });
    expect(code).toMatchObject({ stripeCouponId: null, stripePromotionCodeId: null });

    const result = await sync(code.id);
    const stored = await row(code.id);
    expect(result).toEqual({
      codeId: code.id,
      promotionCodeId: stored.stripePromotionCodeId,
      created: true,
      active: true,
    });
    expect(stored.stripeCouponId).toMatch(/^coupon_sandbox_/);
    expect(stored.stripePromotionCodeId).toMatch(/^promo_sandbox_/);
    expect(await getSandboxCoupon(h.db, stored.stripeCouponId!)).toMatchObject({
      percent_off: 12.5,
      duration: "once",
      name: "LAUNCH-10",
      metadata: { discountCodeId: code.id },
    });
    expect(await promotionCode(code.id)).toMatchObject({
      active: true,
      // Stripe's alphabet has no `_`.
      code: "LAUNCH-10",
      max_redemptions: 100,
      expires_at: Math.floor(expiresAt.getTime() / 1000),
      promotion: { type: "coupon", coupon: stored.stripeCouponId },
    });
  });

  test("pausing deactivates the promotion code, activating reactivates it, archiving deactivates it for good", async () => {
    const code = await newCode();
    await sync(code.id);

    await setStatus(code.id, "PAUSED");
    expect(await sync(code.id)).toMatchObject({ created: false, active: false });
    expect((await promotionCode(code.id)).active).toBe(false);

    await setStatus(code.id, "ACTIVE");
    expect(await sync(code.id)).toMatchObject({ created: false, active: true });
    expect((await promotionCode(code.id)).active).toBe(true);

    await setStatus(code.id, "ARCHIVED");
    expect(await sync(code.id)).toMatchObject({ created: false, active: false });
    expect((await promotionCode(code.id)).active).toBe(false);
  });

  test("running the sync again changes nothing: not the code, not the sandbox's objects", async () => {
    const code = await newCode();
    await sync(code.id);
    await setStatus(code.id, "PAUSED");
    await sync(code.id);

    const snapshot = async () => ({
      code: await row(code.id),
      sandbox: await h.db.sandboxObject.findMany({
        where: { kind: { in: ["coupon", "promotion_code", "idempotency_key"] } },
        orderBy: { id: "asc" },
      }),
    });
    const before = await snapshot();
    expect(await sync(code.id)).toMatchObject({ created: false, active: false });
    expect(await sync(code.id)).toMatchObject({ created: false, active: false });
    expect(await snapshot()).toEqual(before);
  });

  test("concurrent syncs of a new code make one coupon and one promotion code", async () => {
    const code = await newCode();
    const results = await Promise.all(Array.from({ length: 5 }, () => sync(code.id)));
    const stored = await row(code.id);
    expect(new Set(results.map((r) => r.promotionCodeId))).toEqual(
      new Set([stored.stripePromotionCodeId]),
    );
    const mirrors = await h.db.sandboxObject.count({
      where: {
        kind: "promotion_code",
        data: { path: ["promotionCode", "metadata", "discountCodeId"], equals: code.id },
      },
    });
    expect(mirrors).toBe(1);
  });

  test("a code paused before its first sync is mirrored inactive; one archived before it gets no mirror", async () => {
    const paused = await newCode();
    await setStatus(paused.id, "PAUSED");
    expect(await sync(paused.id)).toMatchObject({ created: true, active: false });
    expect((await promotionCode(paused.id)).active).toBe(false);

    const archived = await newCode();
    await setStatus(archived.id, "ARCHIVED");
    expect(await sync(archived.id)).toEqual({
      codeId: archived.id,
      promotionCodeId: null,
      created: false,
      active: null,
    });
    expect(await row(archived.id)).toMatchObject({
      stripeCouponId: null,
      stripePromotionCodeId: null,
    });
  });

  test("the expire job marks a code past its end EXPIRED (audited, by the system), queues its sync, and the sync deactivates the promotion code; a second run expires nothing", async () => {
    const expiresAt = new Date(Date.now() + 2 * HOUR);
    const code = await newCode({ expiresAt });
    await sync(code.id);
    expect((await promotionCode(code.id)).active).toBe(true);

    const later = new Date(expiresAt.getTime() + 1000);
    const sent: { name: string; data: object; options?: object }[] = [];
    const deps: JobDeps = {
      db: h.db,
      payments,
      now: later,
      send: async (name, data, options) => {
        sent.push({ name, data, options });
        return `job-${sent.length}`;
      },
    };
    const first = await expireDiscountCodesJob(deps);
    expect(first.expired).toBeGreaterThanOrEqual(1);
    expect(await row(code.id)).toMatchObject({ status: "EXPIRED" });
    expect(
      await h.db.auditLog.findFirst({
        where: { subjectType: "discountCode", subjectId: code.id, action: "discount.expire" },
      }),
    ).toMatchObject({
      actorId: null,
      before: { status: "ACTIVE" },
      after: { status: "EXPIRED", code: code.code },
    });
    expect(sent).toContainEqual({
      name: "discount.stripe-sync",
      data: { codeId: code.id },
      options: { singletonKey: `discount:${code.id}` },
    });

    for (const job of sent) await discountStripeSyncJob(deps, job.data);
    expect((await promotionCode(code.id)).active).toBe(false);

    sent.length = 0;
    expect((await expireDiscountCodesJob(deps)).expired).toBe(0);
    expect(sent.map((j) => j.data)).not.toContainEqual({ codeId: code.id });
  });

  test("the expire job also queues a sync for a code nobody synced, and leaves archived and expired codes without a mirror", async () => {
    const unsynced = await newCode();
    const archived = await newCode();
    await setStatus(archived.id, "ARCHIVED");
    // No `send`: the job runs the syncs itself, as a script calling it would.
    await expireDiscountCodesJob({ db: h.db, payments });
    expect((await promotionCode(unsynced.id)).active).toBe(true);
    expect((await row(archived.id)).stripePromotionCodeId).toBeNull();
  });

  test("discount.create and discount.update queue the sync: the worker mirrors the code and follows a pause with no further call", async () => {
    await startJobs({ db: h.db, role: "worker", database: h.testDb, deps: { payments } });
    try {
      const code = await newCode();
      await vi.waitFor(
        async () => expect((await row(code.id)).stripePromotionCodeId).not.toBeNull(),
        WAIT,
      );
      expect((await promotionCode(code.id)).active).toBe(true);

      await setStatus(code.id, "PAUSED");
      await vi.waitFor(async () => expect((await promotionCode(code.id)).active).toBe(false), WAIT);
    } finally {
      await stopJobs();
    }
  });

  test("a REPEATING 3-month code's coupon repeats for 3 months, a FOREVER code's is forever; once made, the duration is fixed", async () => {
    const repeating = await admin.caller.discount.create({
      code: "SYNC-REPEAT3",
      type: "PERCENT",
      value: 1000,
      scope: "PLATFORM",
      duration: "REPEATING",
      durationMonths: 3,
    });
    await sync(repeating.id);
    const stored = await row(repeating.id);
    expect(await getSandboxCoupon(h.db, stored.stripeCouponId!)).toMatchObject({
      percent_off: 10,
      duration: "repeating",
      duration_in_months: 3,
    });
    const forever = await admin.caller.discount.create({
      code: "SYNC-FOREVER",
      type: "FIXED",
      value: 300,
      scope: "PLATFORM",
      duration: "FOREVER",
    });
    await sync(forever.id);
    expect(await getSandboxCoupon(h.db, (await row(forever.id)).stripeCouponId!)).toMatchObject({
      amount_off: 300,
      duration: "forever",
      duration_in_months: null,
    });
    await expect(
      admin.caller.discount.update({ id: repeating.id, duration: "REPEATING", durationMonths: 6 }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: `Cannot change the duration of the code SYNC-REPEAT3: its Stripe coupon ${stored.stripeCouponId} is made, and a coupon's duration cannot change. Archive the code and create another.`,
    });
    expect(await row(repeating.id)).toMatchObject({ duration: "REPEATING", durationMonths: 3 });
    // Unchanged, as the edit form sends it with the other fields: fine.
    expect(
      await admin.caller.discount.update({
        id: repeating.id,
        duration: "REPEATING",
        durationMonths: 3,
        description: "Three months",
      }),
    ).toMatchObject({ description: "Three months", durationMonths: 3 });
  });
});
