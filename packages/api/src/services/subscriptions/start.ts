import type { PrismaClient } from "@fanfare/db";
import type { PaymentsProvider } from "@fanfare/payments";
import type { StartSubscriptionInput } from "@fanfare/validators";
import { ZStartSubscriptionInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { apiEnv } from "../env";
import { programSettings } from "../settings/program-settings";
import { resolveSubscriptionAttribution } from "./attribution";
import type { SubscriptionDiscount } from "./discount";
import { holdSubscriptionDiscount, subscriptionDiscount } from "./discount";
import { ENTITLED_STATES } from "./state";

/**
 * Starts a catalog subscription (issue 16 §3) for the signed-in user (a buyer account) to the
 * artist at `/a/<artistSlug>`, at the plan's price for `interval`:
 * 1. refuses when the artist has no active plan (NOT_FOUND), when the interval is not offered
 *    (BAD_INPUT on `interval`), when the user is the artist, and when the user already has an
 *    active or past-due subscription to the artist (CONFLICT "You already subscribe to <artist>.");
 * 2. attributes it (`resolveSubscriptionAttribution`: a promoter's code, else the newest
 *    attribution cookie on one of the artist's tracks or releases that credits anybody) and
 *    records the promoter, link and click with the plan's commission terms now (`commissionBps`,
 *    `commissionMonths`; unattributed: 0 and null), so a later change of the plan moves nothing;
 *    a `code` that is not a promoter's is a discount code instead (`subscriptionDiscount`: its
 *    coupon discounts the invoices its duration covers, from its funder's share), and the
 *    subscription is then attributed by the cookies alone; an unknown code is BAD_INPUT;
 * 3. creates the `CatalogSubscription` (`incomplete`, the interval's price in cents), then opens
 *    a Checkout Session in subscription mode (`createSubscriptionCheckout`, our id as
 *    `catalogSubscriptionId`, idempotency key `subscription-checkout:<id>`; success URL
 *    `${APP_URL}/subscriptions?started=<id>`, cancel URL the artist page) and stores its id.
 * The state then follows the processor's events (`events.ts`). When the processor refuses, the
 * row is marked `canceled` (ended now: it never started) and PAYMENT_PROVIDER is thrown.
 *
 * Two starts at once may both open a checkout (neither has paid yet); the rate limit
 * (`subscriptionStartPerUser`) bounds how many.
 * @returns `{ subscriptionId, checkoutUrl }` to redirect the user to.
 * @throws AppError NOT_FOUND, BAD_INPUT (`interval`, `code`), FORBIDDEN (own catalog), CONFLICT,
 *   PAYMENT_PROVIDER.
 */
export async function startSubscription(
  input: {
    userId: string;
    data: StartSubscriptionInput;
    /** The request's Cookie header: its `ff_ref_<productId>` attribution cookies. */
    cookieHeader: string | null;
    now?: Date;
  },
  deps: { db: PrismaClient; payments: PaymentsProvider },
): Promise<{ subscriptionId: string; checkoutUrl: string }> {
  const { db, payments } = deps;
  const data = ZStartSubscriptionInput.parse(input.data);
  const now = input.now ?? new Date();
  const artist = await db.artistProfile.findUnique({
    where: { slug: data.artistSlug },
    select: { id: true, name: true, slug: true, userId: true, subscriptionPlan: true },
  });
  if (!artist) throw new AppError("NOT_FOUND", `No artist at /a/${data.artistSlug}.`);
  const plan = artist.subscriptionPlan;
  if (!plan?.active || !plan.stripeMonthlyPriceId)
    throw new AppError("NOT_FOUND", `${artist.name} offers no catalog subscription.`);
  const priceId = data.interval === "month" ? plan.stripeMonthlyPriceId : plan.stripeYearlyPriceId;
  const priceCents = data.interval === "month" ? plan.monthlyPriceCents : plan.yearlyPriceCents;
  if (!priceId || priceCents == null)
    throw new AppError(
      "BAD_INPUT",
      `${artist.name} offers no yearly subscription: choose monthly.`,
      { field: "interval" },
    );
  if (artist.userId === input.userId)
    throw new AppError("FORBIDDEN", "You cannot subscribe to your own catalog.");
  const [user, running] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: input.userId }, select: { email: true } }),
    db.catalogSubscription.findFirst({
      where: { userId: input.userId, artistId: artist.id, status: { in: [...ENTITLED_STATES] } },
      select: { id: true },
    }),
  ]);
  if (running) throw new AppError("CONFLICT", `You already subscribe to ${artist.name}.`);

  const code = data.code ? await db.discountCode.findUnique({ where: { code: data.code } }) : null;
  if (data.code && !code)
    throw new AppError("BAD_INPUT", `The code ${data.code} does not exist.`, { field: "code" });
  const attribution = await resolveSubscriptionAttribution(
    {
      artistId: artist.id,
      artistName: artist.name,
      subscriber: { userId: input.userId, email: user.email },
      code: code?.funder === "PROMOTER" ? code.code : null,
      cookieHeader: input.cookieHeader,
      now,
    },
    db,
  );
  let discount: SubscriptionDiscount | null = null;
  if (code && code.funder !== "PROMOTER")
    discount = await subscriptionDiscount(
      {
        code,
        artistId: artist.id,
        priceCents,
        currency: plan.currency,
        subscriberEmail: user.email,
        commissionBps: plan.commissionBps,
        attributed: attribution != null,
        platformFeeBps: (await programSettings(db)).platformFeeBps,
        now,
      },
      deps,
    );
  const subscription = await db.$transaction(async (tx) => {
    // One of the code's uses is held while the checkout is open (its limits counted under the
    // code's row lock), so sign-ups at once cannot pass `maxUses` between them.
    if (discount)
      await holdSubscriptionDiscount(tx, {
        codeId: discount.codeId,
        userId: input.userId,
        email: user.email,
        now,
      });
    return tx.catalogSubscription.create({
      data: {
        planId: plan.id,
        artistId: artist.id,
        userId: input.userId,
        interval: data.interval,
        status: "incomplete",
        priceCents,
        currency: plan.currency,
        promoterId: attribution?.promoterId ?? null,
        linkId: attribution?.linkId ?? null,
        clickId: attribution?.clickId ?? null,
        commissionBps: attribution ? plan.commissionBps : 0,
        commissionMonths: attribution ? plan.commissionMonths : null,
        discountCodeId: discount?.codeId ?? null,
        discountFunder: discount?.funder ?? null,
      },
      select: { id: true },
    });
  });
  const env = apiEnv();
  try {
    const session = await payments.createSubscriptionCheckout({
      priceId,
      catalogSubscriptionId: subscription.id,
      customerEmail: user.email,
      successUrl: new URL(`/subscriptions?started=${subscription.id}`, env.APP_URL).toString(),
      cancelUrl: new URL(`/a/${artist.slug}?subscription=cancelled`, env.APP_URL).toString(),
      metadata: {
        catalogSubscriptionId: subscription.id,
        artistId: artist.id,
        ...(attribution
          ? {
              promoterId: attribution.promoterId,
              linkId: attribution.linkId,
              ...(attribution.clickId ? { clickId: attribution.clickId } : {}),
            }
          : {}),
        ...(discount ? { discountCodeId: discount.codeId } : {}),
      },
      ...(discount ? { discountCouponId: discount.couponId } : {}),
      idempotencyKey: `subscription-checkout:${subscription.id}`,
    });
    await db.catalogSubscription.update({
      where: { id: subscription.id },
      data: { stripeCheckoutSessionId: session.id },
    });
    return { subscriptionId: subscription.id, checkoutUrl: session.url };
  } catch (e) {
    await db.catalogSubscription.update({
      where: { id: subscription.id },
      data: { status: "canceled", endedAt: new Date() },
    });
    throw new AppError(
      "PAYMENT_PROVIDER",
      `Could not open checkout for subscription ${subscription.id}: ${(e as Error).message}`,
      { cause: e },
    );
  }
}
