/**
 * One catalog subscription's whole money lifecycle (issue 16 §3: "paid, renewal, failed,
 * cancelled, refunded invoice in any event order"), delivered to `handleProviderEvent` (what the
 * webhook route runs) in every order of its money events, each order on a subscription of its
 * own with a promoter of its own, on the real database and the sandbox's signed events:
 * Checkout completed, the first invoice paid, a renewal whose payment failed and whose retry
 * paid, that renewal's invoice refunded in full (`charge.refunded` of its charge), and the
 * subscription cancelled at once (`customer.subscription.deleted`). Every order must end in the
 * same state: one sale per paid invoice, the refunded one reversed with its commission taken
 * back, the subscription ended as the processor reports it, the promoter's balances and totals
 * the same, and `verifyLedger` clean.
 */
import http from "node:http";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { PaymentsProvider } from "@fanfare/payments";
import {
  completeSandboxCheckout,
  getPayments,
  renewSandboxSubscriptionNow,
  setSandboxPaymentFails,
} from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { handleProviderEvent } from "../checkout/handle-stripe-event";
import { verifyLedger } from "../ledger/verify-ledger";
import type { HandleEventResult, ProviderEvent } from "../money/types";

/** All orderings of a list (n! of them), in lexicographic order of positions. */
function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) =>
    permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]),
  );
}

/** A small seeded generator (mulberry32): the same orders on every run. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return (below: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/**
 * The subscription's events in the order the processor emitted them. The money events (the
 * issue's list) are permuted exhaustively; the others are mixed in at seeded places.
 */
const EMITTED = [
  "checkout",
  "created",
  "paid1",
  "pastDue",
  "failed2",
  "paid2",
  "activeAgain",
  "refunded2",
  "deleted",
] as const;
type Name = (typeof EMITTED)[number];
const MONEY: Name[] = ["paid1", "failed2", "paid2", "refunded2", "deleted"];
const OTHERS: Name[] = ["checkout", "created", "pastDue", "activeAgain"];
const TYPES: Record<Name, string> = {
  checkout: "checkout.session.completed",
  created: "customer.subscription.created",
  paid1: "invoice.paid",
  pastDue: "customer.subscription.updated",
  failed2: "invoice.payment_failed",
  paid2: "invoice.paid",
  activeAgain: "customer.subscription.updated",
  refunded2: "charge.refunded",
  deleted: "customer.subscription.deleted",
};

/** `money` (a permutation of MONEY) with OTHERS shuffled in at places drawn from `seed`. */
function interleave(money: Name[], seed: number): Name[] {
  const draw = seeded(seed);
  const others = [...OTHERS];
  for (let i = others.length - 1; i > 0; i--) {
    const j = draw(i + 1);
    [others[i], others[j]] = [others[j]!, others[i]!];
  }
  const order = [...money];
  for (const o of others) order.splice(draw(order.length + 1), 0, o);
  return order;
}

/** Every order tried: the 120 orders of the money events, each with the others mixed in. */
const ORDERS: Name[][] = permutations(MONEY).map((p, k) => interleave(p, 1000 + k));
/** Orders per test, so no test runs long on a loaded machine. */
const CHUNK = 10;

/**
 * The state every order must reach (times as seconds from the processor's; 0 = equal).
 * $5.00 a month, 20 % for 3 months: each invoice is a $5.00 sale (fee $0.50, promoter $1.00,
 * artist $3.50); the renewal's is refunded in full, its commission cancelled and taken back.
 */
const EXPECTED = {
  subscription: {
    status: "canceled",
    cancelAtPeriodEnd: false,
    linked: true,
    startedAt: 0,
    currentPeriodStart: 0,
    currentPeriodEnd: 0,
    endedAt: 0,
    lastEventAt: 0,
  },
  sales: [
    {
      invoice: "first",
      status: "COMPLETED",
      amountCents: 500,
      platformFeeCents: 50,
      artistCents: 350,
      commissionCents: 100,
      refundedCents: 0,
      reversedCents: 0,
      commission: { status: "PENDING", amountCents: 100, reversedCents: 0 },
    },
    {
      invoice: "renewal",
      status: "REFUNDED",
      amountCents: 500,
      platformFeeCents: 50,
      artistCents: 350,
      commissionCents: 100,
      refundedCents: 500,
      reversedCents: 500,
      commission: { status: "CANCELLED", amountCents: 100, reversedCents: 100 },
    },
  ],
  /** The promoter's own ledger accounts (a new promoter per order). */
  promoterAccounts: { PROMOTER_PENDING: 100 },
  /** What the two sales' entries net to, per account type (everyone's share of what stayed). */
  saleEntries: {
    ARTIST_PENDING: 350,
    BUYER_CLEARING: -500,
    PLATFORM_REVENUE: 50,
    PROMOTER_PENDING: 100,
  },
  link: { salesCount: 1, commissionCents: 100 },
  promoter: { salesCount: 1, earningsCents: 100 },
  daily: { sales: 1, commissionCents: 100 },
};

describe("a subscription's paid, failed-then-paid, refunded and cancelled invoices converge in every delivery order", () => {
  let h: Harness;
  let receiver: http.Server;
  let receiverUrl: string;
  /** Raw deliveries by the path they were POSTed to (one path per scenario). */
  const received = new Map<string, { body: string; signature: string }[]>();
  let payments: PaymentsProvider;
  let plan: { id: string; artistId: string; stripeMonthlyPriceId: string };
  let track: { id: string };
  let subscriber: { id: string; email: string };
  let n = 0;

  beforeAll(async () => {
    h = await setupHarness();
    receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        const path = req.url ?? "/";
        received.set(path, [
          ...(received.get(path) ?? []),
          { body, signature: String(req.headers["stripe-signature"]) },
        ]);
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
    payments = getPayments(h.db, { webhookUrl: `${receiverUrl}/nowhere` });

    const artist = await h.makeUser({ artistName: "Order Of Invoices" });
    track = (await h.makeTrack(artist, { title: "Any Order" })).track;
    const saved = await artist.caller.artist.saveSubscriptionPlan({
      monthlyPriceCents: 500,
      yearlyPriceCents: null,
      commissionBps: 2000,
      commissionMonths: 3,
      active: true,
    });
    const row = await h.db.subscriptionPlan.findUniqueOrThrow({ where: { id: saved!.id } });
    plan = { id: row.id, artistId: row.artistId, stripeMonthlyPriceId: row.stripeMonthlyPriceId! };
    subscriber = await h.makeUser();
  });

  afterAll(async () => {
    await new Promise<void>((r) => receiver.close(() => r()));
    await h.close();
  });

  /**
   * A new promoter's subscriber pays in the sandbox; the renewal's card fails, its retry pays,
   * that invoice is refunded, the subscription is cancelled now. Nothing is applied: the events
   * are kept, verified as the webhook route verifies them, with `created` spaced 10 s apart in
   * emission order (the sandbox's are whole seconds of real time, so several share one; Stripe's
   * grow with each step of a real lifecycle).
   */
  async function scenario() {
    n++;
    const path = `/scenario-${n}`;
    const url = `${receiverUrl}${path}`;
    const provider = getPayments(h.db, { webhookUrl: url });
    const take = async () => {
      const raw = received.get(path) ?? [];
      received.set(path, []);
      return Promise.all(
        raw.map(
          async (d) =>
            (await provider.constructWebhookEvent(d.body, d.signature)) as unknown as ProviderEvent,
        ),
      );
    };
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const promoterId = (await promoter.caller.promoter.me()).promoter.id;
    const sub = await h.db.catalogSubscription.create({
      data: {
        planId: plan.id,
        artistId: plan.artistId,
        userId: subscriber.id,
        interval: "month",
        priceCents: 500,
        promoterId,
        linkId: link.id,
        commissionBps: 2000,
        commissionMonths: 3,
      },
    });
    const checkout = await provider.createSubscriptionCheckout({
      priceId: plan.stripeMonthlyPriceId,
      catalogSubscriptionId: sub.id,
      customerEmail: subscriber.email,
      successUrl: "http://localhost:3000/subscriptions",
      cancelUrl: "http://localhost:3000/",
      metadata: { catalogSubscriptionId: sub.id },
      idempotencyKey: `subscription-checkout:${sub.id}`,
    });
    await completeSandboxCheckout(h.db, { sessionId: checkout.id, webhookUrl: url });
    const opening = await take();
    const stripeSubscriptionId = (opening[0]!.data.object as { subscription: string }).subscription;
    const { customerId } = await provider.getSubscription(stripeSubscriptionId);
    await setSandboxPaymentFails(h.db, { customerId, fails: true });
    await renewSandboxSubscriptionNow(h.db, {
      subscriptionId: stripeSubscriptionId,
      webhookUrl: url,
    });
    const failure = await take();
    await setSandboxPaymentFails(h.db, { customerId, fails: false });
    await renewSandboxSubscriptionNow(h.db, {
      subscriptionId: stripeSubscriptionId,
      webhookUrl: url,
    });
    const retry = await take();
    const renewalInvoiceId = (
      retry.find((e) => e.type === "invoice.paid")!.data.object as { id: string }
    ).id;
    await provider.refundInvoice({
      invoiceId: renewalInvoiceId,
      idempotencyKey: `refund:${renewalInvoiceId}`,
      metadata: { catalogSubscriptionId: sub.id },
    });
    const refund = await take();
    await provider.cancelSubscription({ subscriptionId: stripeSubscriptionId, atPeriodEnd: false });
    const end = await take();

    const emitted = [...opening, ...failure, ...retry, ...refund, ...end];
    expect(emitted.map((e) => e.type)).toEqual(EMITTED.map((name) => TYPES[name]));
    const base = emitted[0]!.created!;
    const events = Object.fromEntries(
      emitted.map((e, i) => [EMITTED[i]!, { ...e, created: base + i * 10 }]),
    ) as Record<Name, ProviderEvent>;
    const invoiceOf = (name: Name) => (events[name].data.object as { id: string }).id;
    expect(invoiceOf("paid2")).toBe(renewalInvoiceId);
    expect((events.failed2.data.object as { id: string }).id).toBe(renewalInvoiceId);
    expect(invoiceOf("paid1")).not.toBe(renewalInvoiceId);
    const processor = await provider.getSubscription(stripeSubscriptionId);
    expect(processor.status).toBe("canceled");
    return {
      sub,
      promoterId,
      linkId: link.id,
      stripeSubscriptionId,
      customerId,
      events,
      invoiceNames: { [invoiceOf("paid1")]: "first", [renewalInvoiceId]: "renewal" } as Record<
        string,
        string
      >,
      processor,
      lastEventAt: base + (EMITTED.length - 1) * 10,
    };
  }
  type Scenario = Awaited<ReturnType<typeof scenario>>;

  /** Delivers the events in order, as the webhook route does; returns each result. */
  async function deliver(list: ProviderEvent[]): Promise<HandleEventResult[]> {
    const results: HandleEventResult[] = [];
    for (const e of list) results.push(await handleProviderEvent(e, h.db, { payments }));
    return results;
  }

  /** Where one order left the scenario's subscription, sales, promoter and ledger. */
  async function stateOf(s: Scenario) {
    const seconds = (d: Date | null, of: Date | null) =>
      d && of ? (d.getTime() - of.getTime()) / 1000 : `${String(d)} vs ${String(of)}`;
    const row = await h.db.catalogSubscription.findUniqueOrThrow({ where: { id: s.sub.id } });
    const sales = await h.db.sale.findMany({
      where: { subscriptionId: s.sub.id },
      include: { commission: true },
      orderBy: { servicePeriodStart: "asc" },
    });
    const accounts = await h.db.ledgerAccount.findMany({ where: { ownerId: s.promoterId } });
    const entries = await h.db.ledgerEntry.groupBy({
      by: ["accountId"],
      where: { saleId: { in: sales.map((x) => x.id) } },
      _sum: { amountCents: true },
    });
    const saleEntries: Record<string, number> = {};
    for (const e of entries) {
      const type = e.accountId.split(":")[0]!;
      saleEntries[type] = (saleEntries[type] ?? 0) + Number(e._sum.amountCents ?? 0);
    }
    const link = await h.db.affiliateLink.findUniqueOrThrow({ where: { id: s.linkId } });
    const promoter = await h.db.promoterProfile.findUniqueOrThrow({ where: { id: s.promoterId } });
    const daily = await h.db.promoterDailyStats.findMany({ where: { promoterId: s.promoterId } });
    return {
      subscription: {
        status: row.status,
        cancelAtPeriodEnd: row.cancelAtPeriodEnd,
        linked:
          row.stripeSubscriptionId === s.stripeSubscriptionId &&
          row.stripeCustomerId === s.customerId,
        startedAt: seconds(row.startedAt, s.processor.startedAt),
        currentPeriodStart: seconds(row.currentPeriodStart, s.processor.currentPeriodStart),
        currentPeriodEnd: seconds(row.currentPeriodEnd, s.processor.currentPeriodEnd),
        endedAt: seconds(row.endedAt, s.processor.endedAt),
        lastEventAt: seconds(row.lastEventAt, new Date(s.lastEventAt * 1000)),
      },
      sales: sales.map((x) => ({
        invoice: s.invoiceNames[x.stripeInvoiceId!] ?? x.stripeInvoiceId,
        status: x.status,
        amountCents: x.amountCents,
        platformFeeCents: x.platformFeeCents,
        artistCents: x.artistCents,
        commissionCents: x.commissionCents,
        refundedCents: x.refundedCents,
        reversedCents: x.reversedCents,
        commission: x.commission && {
          status: x.commission.status,
          amountCents: x.commission.amountCents,
          reversedCents: x.commission.reversedCents,
        },
      })),
      promoterAccounts: Object.fromEntries(
        accounts
          .filter((a) => a.balanceCents !== 0n)
          .map((a) => [a.type, Number(a.balanceCents)])
          .sort(),
      ),
      saleEntries: Object.fromEntries(
        Object.entries(saleEntries)
          .filter(([, v]) => v !== 0)
          .sort(),
      ),
      link: { salesCount: link.salesCount, commissionCents: Number(link.commissionCents) },
      promoter: {
        salesCount: promoter.salesCount,
        earningsCents: Number(promoter.earningsCents),
      },
      daily: {
        sales: daily.reduce((t, d) => t + d.sales, 0),
        commissionCents: daily.reduce((t, d) => t + Number(d.commissionCents), 0),
      },
    };
  }

  /**
   * Runs each order on a new scenario; returns the orders whose end state is not EXPECTED (with
   * what they reached) and checks the ledger after each.
   */
  async function runOrders(orders: Name[][]) {
    const wrong: { order: string; got: unknown }[] = [];
    for (const order of orders) {
      const s = await scenario();
      const results = await deliver(order.map((name) => s.events[name]));
      // Each event is new here: applied or ignored (an older state, nothing to do), never a repeat.
      expect(results.map((r) => r.status)).not.toContain("duplicate");
      const got = await stateOf(s);
      if (JSON.stringify(got) !== JSON.stringify(EXPECTED))
        wrong.push({ order: order.join(" "), got });
      const ledger = await verifyLedger(h.db);
      if (ledger.length) wrong.push({ order: order.join(" "), got: { ledger } });
    }
    return wrong;
  }

  test("delivered as emitted: two sales, the refunded renewal reversed with its commission, the subscription ended as the processor says", async () => {
    const s = await scenario();
    const results = await deliver(EMITTED.map((name) => s.events[name]));
    expect(results.map((r) => r.status)).toEqual([
      "applied", // checkout links the subscription
      "applied", // created: active
      "applied", // the first invoice's sale
      "applied", // updated: past_due
      "applied", // the failure (notified)
      "applied", // the retry's sale
      "applied", // updated: active again
      "applied", // the refund reverses the renewal's sale
      "applied", // deleted: ended
    ]);
    const state = await stateOf(s);
    expect(state).toEqual(EXPECTED);
    expect(await verifyLedger(h.db)).toEqual([]);
    // One sale per paid invoice, none for the failed attempt.
    expect(
      await h.db.sale.count({ where: { stripeInvoiceId: { in: Object.keys(s.invoiceNames) } } }),
    ).toBe(2);
  });

  test.each(
    Array.from({ length: Math.ceil(ORDERS.length / CHUNK) }, (_, i) => [
      i * CHUNK + 1,
      Math.min((i + 1) * CHUNK, ORDERS.length),
    ]),
  )(
    "money-event orders %i to %i of 120 (the others mixed in) reach the same state",
    async (from, to) => {
      expect(await runOrders(ORDERS.slice(from - 1, to))).toEqual([]);
    },
  );

  test("newest first reaches the same state", async () => {
    expect(await runOrders([[...EMITTED].reverse()])).toEqual([]);
  });

  test("every event delivered twice (the same id: a repeat is dropped; and again under a new id: the handlers are idempotent) changes nothing more", async () => {
    const s = await scenario();
    const order = interleave([...MONEY].reverse(), 7);
    const draw = seeded(77);
    // The same ids: each one again right away or later.
    const twice: ProviderEvent[] = order.map((name) => s.events[name]);
    for (const name of order)
      twice.splice(
        twice.indexOf(s.events[name]) + 1 + draw(twice.length - twice.indexOf(s.events[name])),
        0,
        { ...s.events[name] },
      );
    expect(twice).toHaveLength(2 * order.length);
    const results = await deliver(twice);
    // A repeat of an id is dropped; every first delivery is handled.
    expect(results.map((r) => r.status === "duplicate")).toEqual(
      twice.map((e, i) => twice.findIndex((x) => x.id === e.id) !== i),
    );
    expect(results.filter((r) => r.status === "duplicate")).toHaveLength(order.length);
    expect(await stateOf(s)).toEqual(EXPECTED);

    // The same events again under new ids (as if the processor had sent each twice): in the
    // reverse of the order above, nothing changes.
    const copies = [...order]
      .reverse()
      .map((name) => ({ ...s.events[name], id: `${s.events[name].id}_again` }));
    const entries = async () => h.db.ledgerEntry.count({ where: { saleId: { in: saleIds } } });
    const saleIds = (await h.db.sale.findMany({ where: { subscriptionId: s.sub.id } })).map(
      (x) => x.id,
    );
    const posted = await entries();
    const again = await deliver(copies);
    expect(again.map((r) => r.status)).not.toContain("duplicate");
    expect(await stateOf(s)).toEqual(EXPECTED);
    // Not even an empty posting.
    expect(await entries()).toBe(posted);
    expect(await verifyLedger(h.db)).toEqual([]);
    const sales = await h.db.sale.findMany({ where: { subscriptionId: s.sub.id } });
    expect(sales.map((x) => s.invoiceNames[x.stripeInvoiceId!]).sort()).toEqual([
      "first",
      "renewal",
    ]);
  });
});
