/**
 * Discount codes mirrored in Stripe (issue 12 §1): each code gets a Stripe Coupon and Promotion
 * Code so it shows in the Stripe Dashboard, kept active only while the code is. Checkout never
 * applies them: it charges the net amount Fanfare computed. The sandbox keeps the same objects in
 * the database, so both modes run this code. The `discount.stripe-sync` job calls
 * `syncDiscountCodeToStripe` after each create or change; the hourly `discount.expire` job
 * expires codes past their end and queues their syncs.
 */
import type { PrismaClient } from "@fanfare/db";
import type { PaymentsProvider } from "@fanfare/payments";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import {
  discountCodeNeedsMirror,
  discountCouponInput,
  promotionCodeShouldBeActive,
} from "./stripe-mirror";

export type StripeSyncResult = {
  codeId: string;
  /** The promotion code mirroring the code; null when it has none and needs none. */
  promotionCodeId: string | null;
  /** Whether this run created the coupon and the promotion code. */
  created: boolean;
  /** The promotion code's `active` after this run; null without a promotion code. */
  active: boolean | null;
};

/**
 * How many coupons one sync makes at most for a code whose terms keep changing under it (each
 * change is an edit); past that it throws and the job retries later.
 */
const MAX_MIRROR_ATTEMPTS = 3;

/**
 * Brings a code's Stripe mirror in line with the code, convergently: safe to run any number of
 * times, concurrently too, and the outcome depends only on the code's state at `now`.
 *
 * 1. A code without a mirror that needs one (`discountCodeNeedsMirror`: ACTIVE or PAUSED, not
 *    past `expiresAt`) gets a Coupon and Promotion Code (`upsertDiscountCoupon`, idempotent on
 *    keys naming the code and the coupon's terms, `coupon:<codeId>:<terms>` /
 *    `promotion-code:<codeId>:<terms>`, see `couponTermsKey` in @fanfare/payments). Their ids are
 *    stored only where none are and only while the code still has the terms the coupon was made
 *    from (`type`, `value`, `duration`, `durationMonths`): the row is not locked during the
 *    Stripe calls, so `updateDiscountCode` may change the duration (or `claimPromoterCode` the
 *    percentage) meanwhile. When nothing was stored, the promotion code just made is deactivated
 *    unless the code stores it (a concurrent run with the same terms), so it neither stays
 *    active in Stripe nor blocks the same code text on the next promotion code (a `code` is
 *    unique among active promotion codes, docs.stripe.com/api/promotion_codes/create), and the
 *    sync starts again from the fresh row, making at most MAX_MIRROR_ATTEMPTS coupons in all.
 * 2. The promotion code is set active iff `promotionCodeShouldBeActive` (ACTIVE, not past
 *    `expiresAt`). A new promotion code starts active, so an active one this run made and stored
 *    is not set again, unless the run deactivated one (an idempotent replay may return it).
 *
 * Changes of `maxUses` or `expiresAt` after the mirror exists are not carried over: Stripe does
 * not allow changing a promotion code's `max_redemptions` or `expires_at`, and Fanfare enforces
 * its own limits at checkout anyway. The coupon's duration (`couponDuration`) cannot change
 * either, so `updateDiscountCode` refuses a duration change once the coupon exists.
 *
 * @param deps.now the clock (default: now).
 * @throws AppError NOT_FOUND for an unknown code; CONFLICT when the code's terms changed during
 *   each of MAX_MIRROR_ATTEMPTS attempts (the job retries it); PaymentsError / StripeRequestError
 *   from the provider (the job retries them).
 */
export async function syncDiscountCodeToStripe(
  codeId: string,
  deps: { db: PrismaClient; payments: PaymentsProvider; now?: Date },
): Promise<StripeSyncResult> {
  const now = deps.now ?? new Date();
  let deactivatedOrphan = false;
  for (let attempt = 1; ; attempt++) {
    const code = await deps.db.discountCode.findUnique({ where: { id: codeId } });
    if (!code) {
      throw new AppError(
        "NOT_FOUND",
        `Cannot sync discount code ${codeId} to Stripe: no such code.`,
      );
    }
    let promotionCodeId = code.stripePromotionCodeId;
    let created = false;
    if (!promotionCodeId) {
      if (!discountCodeNeedsMirror(code, now)) {
        return { codeId, promotionCodeId: null, created: false, active: null };
      }
      if (attempt > MAX_MIRROR_ATTEMPTS) {
        throw new AppError(
          "CONFLICT",
          `Cannot sync discount code ${codeId} to Stripe: its terms changed during each of ${MAX_MIRROR_ATTEMPTS} attempts.`,
        );
      }
      const mirror = await deps.payments.upsertDiscountCoupon(discountCouponInput(code));
      const stored = await deps.db.discountCode.updateMany({
        where: {
          id: codeId,
          stripePromotionCodeId: null,
          // The terms the coupon was made from (see `discountCouponInput`).
          type: code.type,
          value: code.value,
          duration: code.duration,
          durationMonths: code.durationMonths,
        },
        data: { stripeCouponId: mirror.couponId, stripePromotionCodeId: mirror.promotionCodeId },
      });
      if (stored.count === 0) {
        const fresh = await deps.db.discountCode.findUnique({
          where: { id: codeId },
          select: { stripePromotionCodeId: true },
        });
        if (fresh?.stripePromotionCodeId !== mirror.promotionCodeId) {
          await deps.payments.setPromotionCodeActive({
            promotionCodeId: mirror.promotionCodeId,
            active: false,
          });
          deactivatedOrphan = true;
        }
        continue;
      }
      promotionCodeId = mirror.promotionCodeId;
      created = true;
    }
    const active = promotionCodeShouldBeActive(code, now);
    if (!(created && active && !deactivatedOrphan)) {
      await deps.payments.setPromotionCodeActive({ promotionCodeId, active });
    }
    return { codeId, promotionCodeId, created, active };
  }
}

/**
 * Marks every ACTIVE or PAUSED code whose `expiresAt` is at or before `now` EXPIRED (a code is
 * refused at checkout from `expiresAt` on: `codeRefusal`), in one transaction, each change audited
 * as `discount.expire` by the system (actor null) with the status before. A code archived
 * meanwhile is left alone (the rows are locked and re-checked). Idempotent: a second run finds
 * nothing.
 * @returns the ids of the codes it expired (their Stripe mirrors still need deactivating).
 */
export async function expireDiscountCodes(db: PrismaClient, now: Date): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const expired = await tx.$queryRaw<{ id: string; code: string; was: string }[]>`
      UPDATE "DiscountCode" d SET "status" = 'EXPIRED', "updatedAt" = now()
      FROM (SELECT "id", "status" FROM "DiscountCode"
        WHERE "status" IN ('ACTIVE', 'PAUSED') AND "expiresAt" <= ${now} FOR UPDATE) old
      WHERE d."id" = old."id"
      RETURNING d."id", d."code", old."status"::text AS "was"`;
    for (const c of expired) {
      await writeAudit(tx, {
        actorId: null,
        action: "discount.expire",
        subjectType: "discountCode",
        subjectId: c.id,
        before: { status: c.was },
        after: { status: "EXPIRED", code: c.code },
      });
    }
    return expired.map((c) => c.id);
  });
}

/**
 * Codes that need a Stripe mirror and have none (`discountCodeNeedsMirror`): codes whose sync
 * was never queued (made by a script or the seed) or whose sync failed for good. Oldest first.
 * @param opts.limit at most this many ids (default 500).
 */
export async function listUnmirroredDiscountCodes(
  db: PrismaClient,
  now: Date,
  opts: { limit?: number } = {},
): Promise<string[]> {
  const rows = await db.discountCode.findMany({
    where: {
      stripePromotionCodeId: null,
      status: { in: ["ACTIVE", "PAUSED"] },
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true },
    take: opts.limit ?? 500,
  });
  return rows.map((r) => r.id);
}
