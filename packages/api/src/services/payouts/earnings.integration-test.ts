import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxCheckout } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { attributionCookieName, recordClick } from "../affiliate/clicks";
import { listLedger } from "./earnings";
import { releaseDueSales } from "./payouts";

const UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

/**
 * The ledger says when pending money becomes payable (issue 10, defect 7): each pending entry of
 * a sale still inside its holding period carries the sale's own release date (Sale.holdUntil,
 * fixed at completion), for the promoter and the artist alike; once released, none.
 */
describe("listLedger: availableOn for pending entries", () => {
  let h: Harness;
  const saved = process.env.COMMISSION_HOLD_DAYS;
  beforeAll(async () => {
    process.env.COMMISSION_HOLD_DAYS = "14";
    h = await setupHarness();
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.COMMISSION_HOLD_DAYS;
    else process.env.COMMISSION_HOLD_DAYS = saved;
    await h.close();
  });

  test("a held sale's pending entries show its holdUntil; after release no entry does", async () => {
    const artist = await h.makeUser({ artistName: "Held Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2500 });
    const promoter = await h.makeUser();
    const promoterId = (await promoter.caller.promoter.me()).promoter.id;
    const artistId = (await h.db.artistProfile.findFirstOrThrow({ where: { userId: artist.id } }))
      .id;
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const click = await recordClick(
      {
        slug: track.slug,
        code: link.code,
        method: "GET",
        ip: "198.51.100.40",
        userAgent: UA,
        referer: null,
        landingPath: `/t/${track.slug}?ref=${link.code}`,
        sessionId: null,
      },
      h.db,
    );
    if (!click.recorded) throw new Error("click not recorded");
    const buyer = await h.callerFor(null, {
      cookie: `${attributionCookieName(track.id)}=${click.clickId}`,
    });
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: "held-buyer@example.com",
    });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    expect(
      (await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl })).status,
    ).toBe(200);
    const sale = await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } });
    expect(sale.holdUntil!.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);

    for (const payee of [
      { type: "PROMOTER" as const, id: promoterId },
      { type: "ARTIST" as const, id: artistId },
    ]) {
      const { items } = await listLedger({ payee }, h.db);
      const entry = items.find((e) => e.saleId === sale.id);
      expect(entry, payee.type).toMatchObject({ account: "pending", availableOn: sale.holdUntil });
    }

    await releaseDueSales(h.db, { now: new Date(sale.holdUntil!.getTime() + 1000) });
    const { items } = await listLedger({ payee: { type: "PROMOTER", id: promoterId } }, h.db);
    const forSale = items.filter((e) => e.saleId === sale.id);
    expect(forSale.map((e) => e.kind).sort()).toEqual(["RELEASE", "RELEASE", "SALE"]);
    expect(forSale.every((e) => e.availableOn === null)).toBe(true);
  });
});
