import { cents } from "@fanfare/db";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxCheckout } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { handleProviderEvent } from "../checkout/handle-stripe-event";
import { verifyLedger } from "../ledger/verify-ledger";
import type { ProviderEvent } from "./types";

/** All orderings of a list (n! of them). */
function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) =>
    permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]),
  );
}

describe("payment events converge to one state in any order, with duplicates", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  let shared: { slug: string; trackId: string; clickId: string } | undefined;
  /** One track and promoter link shared by the scenarios (each scenario is its own sale). */
  async function sharedTrack() {
    if (shared) return shared;
    const artist = await h.makeUser({ artistName: "Order Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 });
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const click = await h.db.clickEvent.create({
      data: {
        linkId: link.id,
        trackId: track.id,
        visitorHash: "v",
        landingPath: "/t/x",
        counted: true,
      },
    });
    shared = { slug: track.slug, trackId: track.id, clickId: click.id };
    return shared;
  }

  /** A PENDING attributed sale and the five events of its life, built in Stripe's shapes. */
  async function scenario(n: number) {
    const track = { ...(await sharedTrack()) };
    const buyer = await h.callerFor(null, { cookie: `ff_ref_${track.trackId}=${track.clickId}` });
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: `order${n}@example.com`,
    });
    const sale = await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } });
    const pi = `pi_order_${n}`;
    const session = {
      id: sale.stripeCheckoutSessionId!,
      object: "checkout.session",
      client_reference_id: sale.id,
      amount_total: 1000,
      currency: "usd",
      payment_status: "paid",
      payment_intent: pi,
    };
    const charge = (refunded: number) => ({
      id: `ch_order_${n}`,
      object: "charge",
      amount: 1000,
      amount_refunded: refunded,
      payment_intent: pi,
    });
    const dispute = (status: string) => ({
      id: `dp_order_${n}`,
      object: "dispute",
      amount: 400,
      status,
      payment_intent: pi,
    });
    const events: Record<string, ProviderEvent> = {
      completed: {
        id: `evt_c_${n}`,
        type: "checkout.session.completed",
        created: 100,
        data: { object: session },
      },
      refund300: {
        id: `evt_r1_${n}`,
        type: "charge.refunded",
        created: 200,
        data: { object: charge(300) },
      },
      refund500: {
        id: `evt_r2_${n}`,
        type: "charge.refunded",
        created: 300,
        data: { object: charge(500) },
      },
      disputeOpened: {
        id: `evt_d1_${n}`,
        type: "charge.dispute.created",
        created: 400,
        data: { object: dispute("needs_response") },
      },
      disputeWon: {
        id: `evt_d2_${n}`,
        type: "charge.dispute.closed",
        created: 500,
        data: { object: dispute("won") },
      },
    };
    return { saleId: sale.id, events };
  }

  async function endState(saleId: string) {
    const sale = await h.db.sale.findUniqueOrThrow({
      where: { id: saleId },
      include: { commission: true },
    });
    const entries = await h.db.ledgerEntry.groupBy({
      by: ["accountId"],
      where: { saleId },
      _sum: { amountCents: true },
    });
    const positions = Object.fromEntries(
      entries
        .map((e) => [e.accountId.split(":")[0], cents(e._sum.amountCents ?? 0)])
        .filter(([, v]) => v !== 0),
    );
    return {
      status: sale.status,
      refundedCents: sale.refundedCents,
      disputedCents: sale.disputedCents,
      reversedCents: sale.reversedCents,
      commission: {
        status: sale.commission?.status,
        reversedCents: sale.commission?.reversedCents,
      },
      positions,
    };
  }

  test("all 120 orders of completion, two partial refunds, a dispute opened and won, each with one event delivered twice", async () => {
    const names = ["completed", "refund300", "refund500", "disputeOpened", "disputeWon"];
    const orders = permutations(names);
    expect(orders).toHaveLength(120);
    const expected = {
      status: "COMPLETED",
      refundedCents: 500,
      disputedCents: 0,
      reversedCents: 500,
      commission: { status: "PENDING", reversedCents: 100 },
      // 1000 cents at 20%: fee 100, commission 200, artist 700; half refunded.
      positions: {
        BUYER_CLEARING: -500,
        PLATFORM_REVENUE: 50,
        ARTIST_PENDING: 350,
        PROMOTER_PENDING: 100,
      },
    };
    for (const [i, order] of orders.entries()) {
      const { saleId, events } = await scenario(i);
      const duplicate = order[i % order.length]!;
      for (const name of [...order.slice(0, 3), duplicate, ...order.slice(3)]) {
        await handleProviderEvent(events[name]!, h.db);
      }
      expect({ order, ...(await endState(saleId)) }).toEqual({ order, ...expected });
    }
    // Denormalised totals moved by exactly the net of every sale.
    const t = await h.db.track.findUniqueOrThrow({ where: { id: shared!.trackId } });
    expect(t).toMatchObject({
      salesCount: 120,
      grossCents: 120n * 500n,
      commissionsCents: 120n * 100n,
      artistCents: 120n * 350n,
    });
    expect(await verifyLedger(h.db)).toEqual([]);
  }, 600_000);

  test("a full refund before the completion arrives ends refunded, with nothing owed to anyone", async () => {
    const { saleId, events } = await scenario(1000);
    const fullRefund: ProviderEvent = {
      id: "evt_full_1000",
      type: "charge.refunded",
      created: 150,
      data: {
        object: {
          id: "ch_order_1000",
          amount: 1000,
          amount_refunded: 1000,
          payment_intent: "pi_order_1000",
        },
      },
    };
    await handleProviderEvent(fullRefund, h.db);
    await handleProviderEvent(events.completed!, h.db);
    const s = await endState(saleId);
    expect(s).toMatchObject({
      status: "REFUNDED",
      reversedCents: 1000,
      commission: { status: "CANCELLED", reversedCents: 200 },
      positions: {},
    });
    // The download link of a refunded purchase no longer works.
    const sale = await h.db.sale.findUniqueOrThrow({ where: { id: saleId } });
    expect(sale.status).toBe("REFUNDED");
    // Its receipt (queued by the completion just before its settlement posts) offers no share &
    // earn: the offer is for a sale still COMPLETED, and this one is refunded.
    const receipts = await h.db.emailOutbox.findMany({
      where: { template: "receipt", idempotencyKey: { startsWith: `receipt:${saleId}:` } },
    });
    expect(receipts).toHaveLength(1);
    expect((receipts[0]!.props as { shareOffer: unknown }).shareOffer).toBeNull();
  });

  test("the receipt of the same sale completed without a refund offers share & earn", async () => {
    const { saleId, events } = await scenario(1001);
    await handleProviderEvent(events.completed!, h.db);
    const [receipt] = await h.db.emailOutbox.findMany({
      where: { template: "receipt", idempotencyKey: { startsWith: `receipt:${saleId}:` } },
    });
    expect((receipt!.props as { shareOffer: unknown }).shareOffer).not.toBeNull();
  });

  test("a refund or dispute delivered at the same moment as the completion is never lost (40 races each)", async () => {
    for (let i = 0; i < 40; i++) {
      const { saleId, events } = await scenario(3000 + i);
      const racer = i % 2 === 0 ? events.refund500! : events.disputeOpened!;
      // Both transactions run at once; whichever commits second must see the other's effect.
      await Promise.all([
        handleProviderEvent(events.completed!, h.db),
        handleProviderEvent(racer, h.db),
      ]);
      const s = await endState(saleId);
      expect({ i, reversedCents: s.reversedCents }).toEqual({
        i,
        reversedCents: i % 2 === 0 ? 500 : 400,
      });
    }
    expect(await verifyLedger(h.db)).toEqual([]);
  }, 300_000);

  test("50 concurrent deliveries of one signed completion event: one sale, one commission, totals once, every answer 2xx", async () => {
    const artist = await h.makeUser({ artistName: "Storm Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 800, commissionBps: 2500 });
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const click = await h.db.clickEvent.create({
      data: {
        linkId: link.id,
        trackId: track.id,
        visitorHash: "v2",
        landingPath: "/t/x",
        counted: true,
      },
    });
    const buyer = await h.callerFor(null, { cookie: `ff_ref_${track.id}=${click.id}` });
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: "storm@example.com",
    });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    // Let the sandbox build and sign the real event once, capturing what it sends.
    const captured: { body: string; signature: string }[] = [];
    const http = await import("node:http");
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString("utf8")));
      req.on("end", () => {
        captured.push({ body, signature: String(req.headers["stripe-signature"]) });
        res.writeHead(500).end("capture only");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    await completeSandboxCheckout(h.db, { sessionId, webhookUrl: `http://127.0.0.1:${port}/` });
    server.close();
    expect(captured).toHaveLength(1);

    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        fetch(h.webhookUrl, {
          method: "POST",
          body: captured[0]!.body,
          headers: {
            "stripe-signature": captured[0]!.signature,
            "content-type": "application/json",
          },
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ status: string }>));
    expect(bodies.filter((b) => b.status === "applied")).toHaveLength(1);
    expect(await h.db.sale.count({ where: { id: checkout.saleId, status: "COMPLETED" } })).toBe(1);
    expect(await h.db.commission.count({ where: { saleId: checkout.saleId } })).toBe(1);
    expect(await h.db.ledgerEntry.count({ where: { saleId: checkout.saleId } })).toBe(4);
    const t = await h.db.track.findUniqueOrThrow({ where: { id: track.id } });
    expect(t).toMatchObject({ salesCount: 1, grossCents: 800n });
    expect(
      (await h.db.affiliateLink.findUniqueOrThrow({ where: { id: link.id } })).salesCount,
    ).toBe(1);
  });
});
