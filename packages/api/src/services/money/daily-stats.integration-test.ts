import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";

import { completeSandboxCheckout, getPayments } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { attributionCookieName, recordClick } from "../affiliate/clicks";
import { getPromoterStats } from "../affiliate/links";
import { refundSale } from "../refunds/refund-sale";

const UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
const ymd = (d: Date) => d.toISOString().slice(0, 10);

describe("daily stats: settlement writes sales and commission on the day the sale completed", () => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** An attributed sale of 1,000 cents at 25 % commission, completed through the signed webhook. */
  const attributedSale = async () => {
    n++;
    const artist = await h.makeUser({ artistName: `Daily Artist ${n}` });
    const { track } = await h.makeTrack(artist, {
      priceCents: 1000,
      commissionBps: 2500,
      title: `Daily Track ${n}`,
    });
    const promoter = await h.makeUser();
    const promoterId = (await promoter.caller.promoter.me()).promoter.id;
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const click = await recordClick(
      {
        slug: track.slug,
        code: link.code,
        method: "GET",
        ip: `198.51.100.${n}`,
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
      buyerEmail: `daily-buyer${n}@example.com`,
    });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    return {
      artist,
      promoterId,
      linkId: link.id,
      saleId: checkout.saleId,
      complete: async () =>
        expect(
          (await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl })).status,
        ).toBe(200),
    };
  };

  const days = async (s: { promoterId: string; linkId: string }) => ({
    promoter: (
      await h.db.promoterDailyStats.findMany({
        where: { promoterId: s.promoterId },
        orderBy: { day: "asc" },
      })
    ).map((d) => [ymd(d.day), d.sales, d.commissionCents]),
    link: (
      await h.db.linkDailyStats.findMany({ where: { linkId: s.linkId }, orderBy: { day: "asc" } })
    ).map((d) => [ymd(d.day), d.promoterId, d.sales, d.commissionCents]),
  });

  test("a completed sale adds 1 sale and its commission to the promoter's and the link's day at once (no job), matching the totals", async () => {
    const s = await attributedSale();
    await s.complete();
    const sale = await h.db.sale.findUniqueOrThrow({ where: { id: s.saleId } });
    const day = ymd(sale.completedAt!);
    expect(await days(s)).toEqual({
      promoter: [[day, 1, 250]],
      link: [[day, s.promoterId, 1, 250]],
    });
    const stats = await getPromoterStats({ promoterId: s.promoterId }, h.db);
    expect(stats).toMatchObject({ salesCount: 1, earningsCents: 250 });
    expect(stats.daily).toHaveLength(30);
    expect(stats.daily.at(-1)).toMatchObject({ day, sales: 1, commissionCents: 250 });
    expect(stats.daily.slice(0, -1).every((d) => d.sales === 0 && d.commissionCents === 0)).toBe(
      true,
    );
  });

  test("refunds are netted on the day the sale completed, not the day of the refund: a partial refund takes its share of commission, a full one the sale", async () => {
    const s = await attributedSale();
    // The sale completes on 2026-11-20 (UTC); the refunds come later, today.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-20T23:30:00.000Z"));
    await s.complete();
    vi.useRealTimers();
    expect(await days(s)).toEqual({
      promoter: [["2026-11-20", 1, 250]],
      link: [["2026-11-20", s.promoterId, 1, 250]],
    });

    const payments = getPayments(h.db, { webhookUrl: h.webhookUrl });
    await refundSale({ saleId: s.saleId, amountCents: 400 }, { db: h.db, payments });
    // 40 % refunded: 100 of the 250 cents of commission reversed, the sale still counts.
    expect(await days(s)).toEqual({
      promoter: [["2026-11-20", 1, 150]],
      link: [["2026-11-20", s.promoterId, 1, 150]],
    });
    await refundSale({ saleId: s.saleId }, { db: h.db, payments });
    expect(await days(s)).toEqual({
      promoter: [["2026-11-20", 0, 0]],
      link: [["2026-11-20", s.promoterId, 0, 0]],
    });
    const profile = await h.db.promoterProfile.findUniqueOrThrow({ where: { id: s.promoterId } });
    const link = await h.db.affiliateLink.findUniqueOrThrow({ where: { id: s.linkId } });
    expect([profile.salesCount, profile.earningsCents]).toEqual([0, 0n]);
    expect([link.salesCount, link.commissionCents]).toEqual([0, 0n]);
  });

  test("the artist's sales list shows each share net of refunds, and what was refunded (issue 10, defect 6)", async () => {
    const s = await attributedSale();
    await s.complete();
    const row = async () =>
      (await s.artist.caller.artist.sales()).items.find((i) => i.id === s.saleId)!;
    const before = await row();
    expect(before).toMatchObject({ status: "COMPLETED", reversedCents: 0, commissionCents: 250 });
    expect(before.netArtistCents).toBe(before.artistCents);
    expect(before.netCommissionCents).toBe(250);

    const payments = getPayments(h.db, { webhookUrl: h.webhookUrl });
    await refundSale({ saleId: s.saleId, amountCents: 400 }, { db: h.db, payments });
    const partial = await row();
    const fee = before.platformFeeCents;
    // 40 % back: the fee and the commission in proportion (rounded half up), the artist the rest.
    const feeBack = Math.floor((fee * 400 * 2 + 1000) / 2000);
    expect(partial).toMatchObject({
      status: "COMPLETED",
      refundedCents: 400,
      reversedCents: 400,
      netCommissionCents: 150,
      netArtistCents: before.artistCents - (400 - feeBack - 100),
    });

    await refundSale({ saleId: s.saleId }, { db: h.db, payments });
    expect(await row()).toMatchObject({
      status: "REFUNDED",
      refundedCents: 1000,
      reversedCents: 1000,
      netArtistCents: 0,
      netCommissionCents: 0,
      // What the sale was split into stays visible beside the net.
      artistCents: before.artistCents,
      commissionCents: 250,
    });
  });

  test("an unattributed sale writes no daily stats", async () => {
    const artist = await h.makeUser({ artistName: "Daily Direct" });
    const { track } = await h.makeTrack(artist, { priceCents: 800, title: "Daily Direct" });
    const before = [await h.db.promoterDailyStats.count(), await h.db.linkDailyStats.count()];
    const buyer = await h.callerFor(null);
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: "direct@example.com",
    });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    expect(
      (await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl })).status,
    ).toBe(200);
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } })).toMatchObject({
      status: "COMPLETED",
      promoterId: null,
    });
    expect([await h.db.promoterDailyStats.count(), await h.db.linkDailyStats.count()]).toEqual(
      before,
    );
  });
});
