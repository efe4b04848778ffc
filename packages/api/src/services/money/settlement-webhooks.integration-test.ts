import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxCheckout, getPayments } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { releaseDueSales } from "../payouts/payouts";
import { buyerPseudonym } from "../platform/buyer-identity";
import { refundSale } from "../refunds/refund-sale";

/**
 * The money paths write their integrations' events (issue 15 §3) into the outbox with the
 * settlement that caused them: `sale.completed`, `commission.created`, `sale.refunded`,
 * `commission.reversed`, `commission.payable` and `promoter.joined`, each once, and only for
 * users with an endpoint subscribed to the type.
 */
describe("settlement emits webhook events", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const subscribe = (userId: string, events: string[]) =>
    h.db.webhookEndpoint.create({
      data: {
        userId,
        url: "https://hooks.example.com/fanfare",
        events,
        secret: "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=",
      },
    });
  const eventsOf = async (userId: string) =>
    (
      await h.db.webhookEvent.findMany({
        where: { userId },
        orderBy: [{ createdAt: "asc" }, { type: "asc" }],
      })
    ).map((e) => ({ type: e.type, data: e.payload as Record<string, unknown> }));

  test("a sale through a link, a partial refund and the release emit each event once, to the artist and the promoter", async () => {
    const artist = await h.makeUser({ artistName: "Hook Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 });
    const promoter = await h.makeUser();
    const bystander = await h.makeUser();
    await subscribe(artist.id, ["sale.completed", "sale.refunded", "promoter.joined"]);
    await subscribe(promoter.id, [
      "sale.completed",
      "sale.refunded",
      "commission.created",
      "commission.reversed",
      "commission.payable",
    ]);

    // The promoter's first link to the artist's tracks: the artist hears they joined.
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const joined = (await eventsOf(artist.id)).filter((e) => e.type === "promoter.joined");
    expect(joined).toHaveLength(1);
    expect(joined[0]!.data).toMatchObject({ trackId: track.id });

    const saleId = await h.sellThroughLink(link, track, "fan@example.com");
    const sale = await h.db.sale.findUniqueOrThrow({
      where: { id: saleId },
      include: { commission: true },
    });
    const artistEvents = await eventsOf(artist.id);
    const completed = artistEvents.find((e) => e.type === "sale.completed")!;
    expect(completed.data).toMatchObject({
      saleId,
      amountCents: 1000,
      currency: "usd",
      commissionCents: 200,
      artistCents: sale.artistCents,
      linkId: link.id,
    });
    // The buyer did not opt in: a stable pseudonymous id, never the address.
    expect(completed.data.buyer).toEqual({
      id: buyerPseudonym({ email: "fan@example.com", artistId: track.artistId }),
      contactShared: false,
      name: null,
      email: null,
    });
    expect(JSON.stringify(completed.data)).not.toContain("fan@example.com");
    expect((await eventsOf(promoter.id)).map((e) => e.type).sort()).toEqual([
      "commission.created",
      "sale.completed",
    ]);
    // The promoter's copy carries no buyer.
    expect(
      (await eventsOf(promoter.id)).find((e) => e.type === "sale.completed")!.data.buyer,
    ).toBeNull();

    // A partial refund: sale.refunded to both, commission.reversed to the promoter.
    const payments = getPayments(h.db, { webhookUrl: h.webhookUrl });
    await refundSale({ saleId, amountCents: 500 }, { db: h.db, payments });
    const refunded = (await eventsOf(promoter.id)).filter((e) => e.type !== "sale.completed");
    expect(refunded.map((e) => e.type).sort()).toEqual([
      "commission.created",
      "commission.reversed",
      "sale.refunded",
    ]);
    expect(refunded.find((e) => e.type === "commission.reversed")!.data).toMatchObject({
      commissionId: sale.commission!.id,
      amountCents: 200,
      reversedCents: 100,
      reason: "refund",
    });
    expect((await eventsOf(artist.id)).find((e) => e.type === "sale.refunded")!.data).toMatchObject(
      { refundedCents: 500 },
    );

    // The holding period ends: commission.payable, once even when released again.
    const later = new Date(Date.now() + 400 * 86_400_000);
    await releaseDueSales(h.db, { now: later });
    await releaseDueSales(h.db, { now: later });
    const payable = (await eventsOf(promoter.id)).filter((e) => e.type === "commission.payable");
    expect(payable).toHaveLength(1);
    expect(payable[0]!.data).toMatchObject({ status: "PAYABLE", reversedCents: 100 });

    // Nobody without an endpoint gets anything written.
    expect(await h.db.webhookEvent.count({ where: { userId: bystander.id } })).toBe(0);
  });

  test("a buyer who agreed to share their contact is named to the artist", async () => {
    const artist = await h.makeUser({ artistName: "Named Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 500 });
    await subscribe(artist.id, ["sale.completed"]);
    const buyer = await h.callerFor(null);
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: "named.fan@example.com",
      buyerName: "Nia Fan",
      shareContactWithArtist: true,
    });
    await completeSandboxCheckout(h.db, {
      sessionId: new URL(checkout.checkoutUrl).pathname.split("/").pop()!,
      webhookUrl: h.webhookUrl,
    });
    const [event] = await eventsOf(artist.id);
    expect(event!.data).toMatchObject({
      saleId: checkout.saleId,
      buyer: { contactShared: true, name: "Nia Fan", email: "named.fan@example.com" },
    });
  });
});
