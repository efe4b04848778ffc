/**
 * A catalog subscription's money (issue 16 §3), end to end on the real database with the offline
 * sandbox's signed Billing events delivered to the webhook code: each paid invoice becomes a sale
 * settled like any other, the promoter who brought the subscriber earns the recurring commission
 * for exactly the months the artist set (a yearly invoice the share of its months inside them),
 * a re-delivered invoice changes nothing, a refunded invoice is reversed by the same convergent
 * settlement, and `ledger:verify` stays clean.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { redeliverSandboxEvent, renewSandboxSubscriptionNow } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { subscribeInSandbox } from "../../test/subscriptions";
import { verifyLedger } from "../ledger/verify-ledger";
import { listLedger } from "../payouts/earnings";

describe("catalog subscriptions: paid invoices are sales with a recurring commission", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const subscribe = (opts: Parameters<typeof subscribeInSandbox>[1]) => subscribeInSandbox(h, opts);

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
    // The promoter's ledger names what was sold: the catalog subscription.
    const ledger = await listLedger(
      { payee: { type: "PROMOTER", id: promoterId }, page: { account: "pending" } },
      h.db,
    );
    expect(ledger.items.map((e) => [e.description, e.amountCents])).toContainEqual([
      'Sale of "Catalog subscription"',
      100,
    ]);
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
