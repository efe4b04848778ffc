import { expect } from "vitest";

import { completeSandboxCheckout, getPayments, getSandboxCheckoutSession } from "@fanfare/payments";

import type { Harness } from "./harness";

let n = 0;

/**
 * A catalog subscription paid in the offline sandbox, for integration tests (issue 16 §3): a new
 * artist with a track and a plan at `priceCents` per `interval` (20 % for `commissionMonths`,
 * null for forever), a promoter's link to the track (named `promoterName` when given), and a new
 * subscriber whose `CatalogSubscription` row is written as checkout start writes it (attributed
 * to the link unless `promoted: false`), then Checkout completed in the sandbox with its events
 * delivered to the harness's webhook endpoint (asserted 200).
 * @returns the artist's profile, the plan, the promoter's id and link, the subscriber, our row,
 *   the sandbox's subscription id and the payments provider used.
 */
export async function subscribeInSandbox(
  h: Harness,
  opts: {
    interval: "month" | "year";
    priceCents: number;
    commissionMonths: number | null;
    promoted?: boolean;
    promoterName?: string;
  },
) {
  n++;
  const artistUser = await h.makeUser({ artistName: `Sub Artist ${n} ${Date.now()}` });
  const artist = await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artistUser.id } });
  const { track } = await h.makeTrack(artistUser, { priceCents: 1000 });
  const payments = getPayments(h.db, { webhookUrl: h.webhookUrl });
  const price = await payments.ensureSubscriptionPrice({
    artistId: artist.id,
    artistName: artist.name,
    interval: opts.interval,
    unitAmountCents: opts.priceCents,
    currency: "usd",
  });
  const plan = await h.db.subscriptionPlan.create({
    data: {
      artistId: artist.id,
      monthlyPriceCents: opts.interval === "month" ? opts.priceCents : 500,
      yearlyPriceCents: opts.interval === "year" ? opts.priceCents : null,
      commissionBps: 2000,
      commissionMonths: opts.commissionMonths,
      stripeProductId: price.productId,
      ...(opts.interval === "month"
        ? { stripeMonthlyPriceId: price.priceId }
        : { stripeYearlyPriceId: price.priceId }),
    },
  });
  const promoter = await h.makeUser();
  if (opts.promoterName)
    await promoter.caller.promoter.updateProfile({ displayName: opts.promoterName });
  const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
  const promoterId = (await promoter.caller.promoter.me()).promoter.id;
  const subscriber = await h.makeUser();
  const sub = await h.db.catalogSubscription.create({
    data: {
      planId: plan.id,
      artistId: artist.id,
      userId: subscriber.id,
      interval: opts.interval,
      priceCents: opts.priceCents,
      ...((opts.promoted ?? true)
        ? {
            promoterId,
            linkId: link.id,
            commissionBps: plan.commissionBps,
            commissionMonths: plan.commissionMonths,
          }
        : {}),
    },
  });
  const checkout = await payments.createSubscriptionCheckout({
    priceId: price.priceId,
    catalogSubscriptionId: sub.id,
    customerEmail: subscriber.email,
    successUrl: "http://localhost:3000/subscriptions",
    cancelUrl: `http://localhost:3000/a/${artist.slug}`,
    metadata: { catalogSubscriptionId: sub.id },
    idempotencyKey: `subscription-checkout:${sub.id}`,
  });
  const done = await completeSandboxCheckout(h.db, {
    sessionId: checkout.id,
    webhookUrl: h.webhookUrl,
  });
  expect(done.status).toBe(200);
  const session = await getSandboxCheckoutSession(h.db, checkout.id);
  return {
    artist,
    plan,
    promoterId,
    link,
    subscriber,
    sub,
    stripeSubscriptionId: session!.subscription!,
    payments,
  };
}
