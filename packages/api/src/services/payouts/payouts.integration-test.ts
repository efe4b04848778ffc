import { cents } from "@fanfare/db";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxCheckout, createStripeProvider } from "@fanfare/payments";
import { createStripeMock } from "@fanfare/payments/testing/stripe-mock";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { handleProviderEvent } from "../checkout/handle-stripe-event";
import { verifyLedger } from "../ledger/verify-ledger";
import { refundSale } from "../refunds/refund-sale";
import { startConnectOnboarding } from "./connect";
import { getEarnings } from "./earnings";
import type { Payee } from "./payee";
import { reconcilePayouts, requestPayout, runPayoutBatch } from "./payouts";

const stripe = createStripeMock();
const server = setupServer(...stripe.handlers);
const payments = createStripeProvider({
  secretKey: "sk_test_fanfare_mock",
  webhookSecret: "whsec_test_mock",
});
const DAY = 86_400_000;
class Crash extends Error {}

describe("payouts, refunds and clawbacks (Stripe mocked over HTTP with msw)", () => {
  let h: Harness;
  beforeAll(async () => {
    server.listen({ onUnhandledRequest: "bypass" });
    h = await setupHarness();
  });
  afterEach(() => stripe.reset());
  afterAll(async () => {
    server.close();
    await h.close();
  });

  /** A promoter with `sales` completed sales of a 1000-cent track at 20% (200 cents each). */
  async function promoterWithSales(sales: number) {
    const artist = await h.makeUser({
      artistName: `Payout Artist ${Math.random().toString(36).slice(2, 7)}`,
    });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 });
    const promoter = await h.makeUser();
    const profile = await h.db.promoterProfile.findUniqueOrThrow({
      where: { userId: promoter.id },
    });
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const saleIds: string[] = [];
    for (let i = 0; i < sales; i++) saleIds.push(await sellThrough(track.id, track.slug, link.id));
    const payee: Payee = { type: "PROMOTER", id: profile.id };
    return { payee, promoter, saleIds, track, link };
  }

  async function sellThrough(trackId: string, slug: string, linkId: string) {
    const click = await h.db.clickEvent.create({
      data: {
        linkId,
        trackId,
        visitorHash: `v${Math.random()}`,
        landingPath: "/t/x",
        counted: true,
      },
    });
    const buyer = await h.callerFor(null, { cookie: `ff_ref_${trackId}=${click.id}` });
    const checkout = await buyer.buyer.startCheckout({
      slug,
      buyerEmail: `b${Math.random().toString(36).slice(2)}@example.com`,
    });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    return checkout.saleId;
  }

  /** Onboards the payee on the Stripe mock and applies Stripe's account.updated event. */
  async function onboard(payee: Payee, email: string) {
    const { stripeAccountId } = await startConnectOnboarding(
      { payee, email },
      { db: h.db, payments },
    );
    const account = stripe.completeOnboarding(stripeAccountId);
    await handleProviderEvent(
      { id: `evt_acct_${stripeAccountId}`, type: "account.updated", data: { object: account } },
      h.db,
    );
    return stripeAccountId;
  }

  const later = (days: number) => () => new Date(Date.now() + days * DAY);
  const transfers = () => [...stripe.state.transfers.values()];

  test("commissions are pending for the 14-day hold, then payable", async () => {
    const { payee } = await promoterWithSales(2);
    expect(await getEarnings({ payee }, h.db)).toMatchObject({
      pendingCents: 400,
      payableCents: 0,
    });
    expect(await getEarnings({ payee, now: later(15)() }, h.db)).toMatchObject({
      pendingCents: 0,
      payableCents: 400,
    });
    const commissions = await h.db.commission.findMany({ where: { promoterId: payee.id } });
    expect(commissions.map((c) => c.status)).toEqual(["PAYABLE", "PAYABLE"]);
  });

  test("the holding period belongs to the sale: changing the setting moves no past sale", async () => {
    const before = process.env.COMMISSION_HOLD_DAYS;
    try {
      process.env.COMMISSION_HOLD_DAYS = "14";
      const { payee, saleIds } = await promoterWithSales(1);
      const sale = await h.db.sale.findUniqueOrThrow({ where: { id: saleIds[0] } });
      expect(sale.holdUntil!.getTime() - sale.completedAt!.getTime()).toBe(14 * DAY);
      // A shorter hold from now on does not release the past sale early...
      process.env.COMMISSION_HOLD_DAYS = "0";
      expect(await getEarnings({ payee, now: later(1)() }, h.db)).toMatchObject({
        pendingCents: 200,
        payableCents: 0,
      });
      // ...and a longer one does not keep it held past its own date.
      process.env.COMMISSION_HOLD_DAYS = "60";
      expect(await getEarnings({ payee, now: later(15)() }, h.db)).toMatchObject({
        pendingCents: 0,
        payableCents: 200,
      });
      // A sale completed under the new setting gets the new period.
      const { saleIds: newer } = await promoterWithSales(1);
      const next = await h.db.sale.findUniqueOrThrow({ where: { id: newer[0] } });
      expect(next.holdUntil!.getTime() - next.completedAt!.getTime()).toBe(60 * DAY);
      expect(await verifyLedger(h.db)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.COMMISSION_HOLD_DAYS;
      else process.env.COMMISSION_HOLD_DAYS = before;
    }
  });

  test("a payout needs Connect, the minimum and no payout in flight, and says why", async () => {
    const { payee, promoter } = await promoterWithSales(1);
    const deps = { db: h.db, payments, now: later(15) };
    await expect(requestPayout({ payee }, deps)).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/Connect onboarding/),
    });
    await onboard(payee, promoter.email);
    // 200 cents payable < 500-cent minimum.
    await expect(requestPayout({ payee }, deps)).rejects.toMatchObject({
      code: "BAD_INPUT",
      message: "Cannot request payout: balance 200 cents is below the 500-cent minimum.",
    });
    expect(transfers()).toHaveLength(0);
  });

  test("20 concurrent payout requests for one promoter make one payout and one transfer", async () => {
    const { payee, promoter } = await promoterWithSales(3);
    await onboard(payee, promoter.email);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        requestPayout({ payee }, { db: h.db, payments, now: later(15) }),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    // Refused while the winner was in flight (CONFLICT) or after it emptied the balance (BAD_INPUT).
    for (const r of results)
      if (r.status === "rejected")
        expect(["CONFLICT", "BAD_INPUT"]).toContain((r.reason as { code?: string }).code);
    expect(transfers()).toHaveLength(1);
    expect(transfers()[0]!.amount).toBe(600);
    const payouts = await h.db.payout.findMany({ where: { payeeId: payee.id } });
    expect(payouts).toHaveLength(1);
    expect(payouts[0]).toMatchObject({
      status: "PAID",
      amountCents: 600n,
      stripeTransferId: transfers()[0]!.id,
    });
    expect(await getEarnings({ payee, now: later(15)() }, h.db)).toMatchObject({
      payableCents: 0,
      paidCents: 600,
    });
    expect(await h.db.commission.count({ where: { promoterId: payee.id, status: "PAID" } })).toBe(
      3,
    );
  });

  test.each([
    { crash: "before the transfer call", hook: "beforeTransfer" as const },
    { crash: "between the transfer and the commit", hook: "afterTransfer" as const },
  ])(
    "a crash $crash: reconciliation makes exactly one transfer and transferred = paid",
    async ({ hook }) => {
      const { payee, promoter } = await promoterWithSales(3);
      const acct = await onboard(payee, promoter.email);
      await expect(
        requestPayout(
          { payee },
          {
            db: h.db,
            payments,
            now: later(15),
            hooks: {
              [hook]: () => {
                throw new Crash("killed");
              },
            },
          },
        ),
      ).rejects.toBeInstanceOf(Crash);
      const stuck = await h.db.payout.findFirstOrThrow({ where: { payeeId: payee.id } });
      expect(stuck.status).toBe("PROCESSING");
      expect(transfers().filter((t) => t.destination === acct)).toHaveLength(
        hook === "afterTransfer" ? 1 : 0,
      );
      // Reconciliation, run twice, settles the payout exactly once.
      await reconcilePayouts({ db: h.db, payments, now: later(15) }, { olderThanSeconds: 0 });
      await reconcilePayouts({ db: h.db, payments, now: later(15) }, { olderThanSeconds: 0 });
      const mine = transfers().filter((t) => t.destination === acct);
      expect(mine).toHaveLength(1);
      const payout = await h.db.payout.findUniqueOrThrow({ where: { id: stuck.id } });
      expect(payout).toMatchObject({ status: "PAID", stripeTransferId: mine[0]!.id });
      expect(mine.reduce((s, t) => s + t.amount, 0)).toBe(cents(payout.amountCents));
      expect(await verifyLedger(h.db)).toEqual([]);
    },
  );

  test("a crash after the commit leaves nothing to reconcile", async () => {
    const { payee, promoter } = await promoterWithSales(3);
    const acct = await onboard(payee, promoter.email);
    const paid = await requestPayout({ payee }, { db: h.db, payments, now: later(15) });
    expect(paid.status).toBe("PAID");
    const r = await reconcilePayouts(
      { db: h.db, payments, now: later(15) },
      { olderThanSeconds: 0 },
    );
    expect(r.examined).toBe(0);
    expect(transfers().filter((t) => t.destination === acct)).toHaveLength(1);
  });

  test("a lost answer after Stripe made the transfer is recovered with the same key: one transfer", async () => {
    const { payee, promoter } = await promoterWithSales(3);
    const acct = await onboard(payee, promoter.email);
    // stripe-node's own retries (same idempotency key) get Stripe's saved answer.
    stripe.failNext("transfers", { status: 0, type: "api_connection_error", applied: true });
    expect((await requestPayout({ payee }, { db: h.db, payments, now: later(15) })).status).toBe(
      "PAID",
    );
    expect(transfers().filter((t) => t.destination === acct)).toHaveLength(1);
  });

  test("after Stripe forgot the idempotency key (24 h), reconciliation finds the transfer by its group: one transfer", async () => {
    const { payee, promoter } = await promoterWithSales(3);
    const acct = await onboard(payee, promoter.email);
    await expect(
      requestPayout(
        { payee },
        {
          db: h.db,
          payments,
          now: later(15),
          hooks: {
            afterTransfer: () => {
              throw new Crash("killed");
            },
          },
        },
      ),
    ).rejects.toBeInstanceOf(Crash);
    stripe.expireIdempotencyKeys();
    const r = await reconcilePayouts(
      { db: h.db, payments, now: later(17) },
      { olderThanSeconds: 0 },
    );
    expect(r).toMatchObject({ paid: 1 });
    expect(transfers().filter((t) => t.destination === acct)).toHaveLength(1);
  });

  test("a refused transfer fails the payout, returns the funds and shows the reason", async () => {
    const { payee, promoter } = await promoterWithSales(3);
    await onboard(payee, promoter.email);
    stripe.failNext("transfers", {
      status: 400,
      type: "invalid_request_error",
      code: "account_invalid",
      message: "The destination account needs updated information.",
    });
    const failed = await requestPayout({ payee }, { db: h.db, payments, now: later(15) });
    expect(failed.status).toBe("FAILED");
    expect(failed.failureReason).toMatch(/destination account needs updated information/);
    expect(await getEarnings({ payee, now: later(15)() }, h.db)).toMatchObject({
      payableCents: 600,
      inTransitCents: 0,
      paidCents: 0,
    });
    expect(
      await h.db.commission.count({ where: { promoterId: payee.id, status: "PAYABLE" } }),
    ).toBe(3);
    // The next request goes through.
    expect((await requestPayout({ payee }, { db: h.db, payments, now: later(15) })).status).toBe(
      "PAID",
    );
  });

  test("a refund after payout claws the commission back (negative balance), netted by the next payout", async () => {
    const { payee, promoter, saleIds, track, link } = await promoterWithSales(3);
    await onboard(payee, promoter.email);
    expect(
      (await requestPayout({ payee }, { db: h.db, payments, now: later(15) })).amountCents,
    ).toBe(600);
    // Admin refunds one paid-out sale in full (through the sandbox provider it was paid with).
    const { getPayments } = await import("@fanfare/payments");
    await refundSale(
      { saleId: saleIds[0]! },
      { db: h.db, payments: getPayments(h.db, { webhookUrl: h.webhookUrl }) },
    );
    const e = await getEarnings({ payee, now: later(15)() }, h.db);
    expect(e.payableCents).toBe(-200);
    const entry = await h.db.ledgerEntry.findFirstOrThrow({
      where: { saleId: saleIds[0]!, accountId: `PROMOTER_BALANCE:${payee.id}`, kind: "CLAWBACK" },
    });
    expect(entry.amountCents).toBe(-200n);
    // Four more sales (800 cents) after their hold: the next payout is 800 - 200 = 600.
    for (let i = 0; i < 4; i++) await sellThrough(track.id, track.slug, link.id);
    const next = await requestPayout({ payee }, { db: h.db, payments, now: later(30) });
    expect(next).toMatchObject({ status: "PAID", amountCents: 600 });
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("partial refunds scale the commission; a full refund before payout cancels it", async () => {
    const { payee, saleIds } = await promoterWithSales(2);
    const { getPayments } = await import("@fanfare/payments");
    const sandbox = getPayments(h.db, { webhookUrl: h.webhookUrl });
    await refundSale({ saleId: saleIds[0]!, amountCents: 250 }, { db: h.db, payments: sandbox });
    await refundSale({ saleId: saleIds[0]!, amountCents: 250 }, { db: h.db, payments: sandbox });
    await refundSale({ saleId: saleIds[1]! }, { db: h.db, payments: sandbox });
    const [half, full] = await Promise.all(
      saleIds.map((id) => h.db.commission.findUniqueOrThrow({ where: { saleId: id } })),
    );
    expect(half).toMatchObject({ status: "PENDING", reversedCents: 100 });
    expect(full).toMatchObject({ status: "CANCELLED", reversedCents: 200 });
    expect(await getEarnings({ payee }, h.db)).toMatchObject({ pendingCents: 100 });
    await expect(
      refundSale({ saleId: saleIds[1]! }, { db: h.db, payments: sandbox }),
    ).rejects.toMatchObject({ code: "BAD_INPUT" });
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("the scheduled batch pays every onboarded payee at or over the minimum, once", async () => {
    const a = await promoterWithSales(3); // 600 cents
    const b = await promoterWithSales(1); // 200 cents: under the minimum
    const c = await promoterWithSales(3); // not onboarded
    await onboard(a.payee, a.promoter.email);
    await onboard(b.payee, b.promoter.email);
    const deps = { db: h.db, payments, now: later(15) };
    const first = await runPayoutBatch(deps);
    expect(first.paid).toBeGreaterThanOrEqual(1);
    const paidTo = async (p: Payee) =>
      h.db.payout.findMany({ where: { payeeId: p.id, status: "PAID" } });
    expect(await paidTo(a.payee)).toHaveLength(1);
    expect(await paidTo(b.payee)).toHaveLength(0);
    expect(await paidTo(c.payee)).toHaveLength(0);
    await runPayoutBatch(deps);
    expect(await paidTo(a.payee)).toHaveLength(1);
  });
});
