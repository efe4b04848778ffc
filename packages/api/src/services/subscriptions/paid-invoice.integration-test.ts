/**
 * A catalog subscription's money (issue 16 §3), end to end on the real database with the offline
 * sandbox's signed Billing events delivered to the webhook code: each paid invoice becomes a sale
 * settled like any other, the promoter who brought the subscriber earns the recurring commission
 * for exactly the months the artist set (a yearly invoice the share of its months inside them),
 * a re-delivered invoice changes nothing, a refunded invoice is reversed by the same convergent
 * settlement, and `ledger:verify` stays clean.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import {
  completeSandboxCheckout,
  getPayments,
  getSandboxCheckoutSession,
  redeliverSandboxEvent,
  renewSandboxSubscriptionNow,
} from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { verifyLedger } from "../ledger/verify-ledger";

describe("catalog subscriptions: paid invoices are sales with a recurring commission", () => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  /**
   * An artist with a plan, a promoter with a link to their track, and a subscriber who signed up
   * through it (the subscription row as checkout start writes it), paid in the sandbox.
   */
  async function subscribe(opts: {
    interval: "month" | "year";
    priceCents: number;
    commissionMonths: number | null;
    promoted?: boolean;
  }) {
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
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const promoterId = (await promoter.caller.promoter.me()).promoter.id;
    const subscriber = await h.makeUser();
    const promoted = opts.promoted ?? true;
    const sub = await h.db.catalogSubscription.create({
      data: {
        planId: plan.id,
        artistId: artist.id,
        userId: subscriber.id,
        interval: opts.interval,
        priceCents: opts.priceCents,
        ...(promoted
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
      promoterId,
      link,
      sub,
      stripeSubscriptionId: session!.subscription!,
      payments,
    };
  }

  const salesOf = (subscriptionId: string) =>
    h.db.sale.findMany({
      where: { subscriptionId },
      orderBy: { servicePeriodStart: "asc" },
      include: { commission: true, shares: { orderBy: { position: "asc" } } },
    });

  test("monthly at $5.00, 20 % for 3 months: the first three invoices pay the promoter $1.00 each, the fourth nothing; the subscription is active", async () => {
    const { sub, stripeSubscriptionId, promoterId, link } = await subscribe({
      interval: "month",
      priceCents: 500,
      commissionMonths: 3,
    });
    for (let i = 0; i < 3; i++)
      await renewSandboxSubscriptionNow(h.db, {
        subscriptionId: stripeSubscriptionId,
        webhookUrl: h.webhookUrl,
      });
    const sales = await salesOf(sub.id);
    expect(sales).toHaveLength(4);
    expect(
      sales.map((s) => [s.status, s.amountCents, s.commissionCents, s.platformFeeCents]),
    ).toEqual([
      ["COMPLETED", 500, 100, 50],
      ["COMPLETED", 500, 100, 50],
      ["COMPLETED", 500, 100, 50],
      ["COMPLETED", 500, 0, 50],
    ]);
    expect(sales[0]).toMatchObject({
      productKind: "subscription_invoice",
      trackId: null,
      releaseId: null,
      promoterId,
      linkId: link.id,
      artistCents: 350,
    });
    expect(sales[3]).toMatchObject({ promoterId: null, artistCents: 450 });
    expect(sales.slice(0, 3).map((s) => s.commission?.amountCents)).toEqual([100, 100, 100]);
    expect(sales[3]!.commission).toBeNull();
    expect(new Set(sales.map((s) => s.stripeInvoiceId)).size).toBe(4);
    const row = await h.db.catalogSubscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(row).toMatchObject({ status: "active", stripeSubscriptionId });
    expect(row.startedAt).toEqual(sales[0]!.servicePeriodStart);
    // The promoter's ledger has the three commissions; the link counts three sales.
    const linkRow = await h.db.affiliateLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(linkRow.salesCount).toBe(3);
    expect(Number(linkRow.commissionCents)).toBe(300);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("invoices delivered newest first still earn by their place: 3 months pay the first three periods, not the first three arrivals", async () => {
    const { sub, stripeSubscriptionId } = await subscribe({
      interval: "month",
      priceCents: 500,
      commissionMonths: 3,
    });
    // Three renewals while the webhook is unreachable (nothing listens on port 9): the events
    // wait at the processor, then arrive newest first, as Stripe's retries may bring them.
    const paid: string[] = [];
    for (let i = 0; i < 3; i++) {
      const renewal = await renewSandboxSubscriptionNow(h.db, {
        subscriptionId: stripeSubscriptionId,
        webhookUrl: "http://127.0.0.1:9/api/webhooks/stripe",
      });
      expect(renewal.deliveries.every((d) => d.status === 0)).toBe(true);
      paid.push(...renewal.events.filter((e) => e.type === "invoice.paid").map((e) => e.id));
    }
    expect(paid).toHaveLength(3);
    for (const id of paid.reverse()) {
      const delivery = await redeliverSandboxEvent(h.db, id, h.webhookUrl);
      expect(delivery.status).toBe(200);
    }
    const sales = await salesOf(sub.id);
    expect(sales.map((s) => s.commissionCents)).toEqual([100, 100, 100, 0]);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("yearly at $50.00 with 3 months: the first invoice earns 3/12 of 20 % ($2.50), the second nothing", async () => {
    const { sub, stripeSubscriptionId } = await subscribe({
      interval: "year",
      priceCents: 5000,
      commissionMonths: 3,
    });
    await renewSandboxSubscriptionNow(h.db, {
      subscriptionId: stripeSubscriptionId,
      webhookUrl: h.webhookUrl,
    });
    const sales = await salesOf(sub.id);
    expect(sales.map((s) => [s.amountCents, s.commissionCents])).toEqual([
      [5000, 250],
      [5000, 0],
    ]);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("forever pays on every invoice; no promoter earns nothing; a refunded invoice is reversed like any sale", async () => {
    const forever = await subscribe({ interval: "month", priceCents: 700, commissionMonths: null });
    for (let i = 0; i < 4; i++)
      await renewSandboxSubscriptionNow(h.db, {
        subscriptionId: forever.stripeSubscriptionId,
        webhookUrl: h.webhookUrl,
      });
    const sales = await salesOf(forever.sub.id);
    expect(sales.map((s) => s.commissionCents)).toEqual([140, 140, 140, 140, 140]);

    // The second invoice refunded in full through the processor: charge.refunded settles it.
    await forever.payments.refundInvoice({
      invoiceId: sales[1]!.stripeInvoiceId!,
      idempotencyKey: `refund:${sales[1]!.stripeInvoiceId}`,
      metadata: { saleId: sales[1]!.id },
    });
    const refunded = await h.db.sale.findUniqueOrThrow({
      where: { id: sales[1]!.id },
      include: { commission: true },
    });
    expect(refunded).toMatchObject({ status: "REFUNDED", refundedCents: 700, reversedCents: 700 });
    expect(refunded.commission).toMatchObject({ status: "CANCELLED", reversedCents: 140 });

    const unpromoted = await subscribe({
      interval: "month",
      priceCents: 500,
      commissionMonths: 3,
      promoted: false,
    });
    const [only] = await salesOf(unpromoted.sub.id);
    expect(only).toMatchObject({ promoterId: null, commissionCents: 0, artistCents: 450 });
    expect(await verifyLedger(h.db)).toEqual([]);
  });
});
