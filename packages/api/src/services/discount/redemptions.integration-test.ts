import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { cents } from "@fanfare/db";
import { completeSandboxCheckout, expireSandboxCheckout, getPayments } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { verifyLedger } from "../ledger/verify-ledger";
import { refundSale } from "../refunds/refund-sale";
import { reserveDiscount } from "./codes";

/**
 * A code at checkout (issue 12 §2): the sale is split on the price before the discount and the
 * discount comes from its funder's share; a use is reserved when the checkout starts (never more
 * than `maxUses`, even under concurrency), redeemed on completion, given back when the session
 * expires or the sale is refunded in full.
 */
describe("discount codes at checkout", () => {
  let h: Harness;
  let admin: Awaited<ReturnType<Harness["makeAdmin"]>>;
  let artist: Awaited<ReturnType<Harness["makeUser"]>>;
  let track: Awaited<ReturnType<Harness["makeTrack"]>>["track"];

  beforeAll(async () => {
    h = await setupHarness();
    admin = await h.makeAdmin();
    artist = await h.makeUser({ artistName: "Redeem Artist" });
    ({ track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2500 }));
  });
  afterAll(async () => {
    await h.close();
  });

  const checkout = async (code: string, buyerEmail = `b${randomUUID()}@example.com`) =>
    (await h.callerFor(null)).buyer.startCheckout({
      slug: track.slug,
      buyerEmail,
      discountCode: code,
    });
  const sessionOf = (url: string) => new URL(url).pathname.split("/").pop()!;
  const codeRow = (code: string) => h.db.discountCode.findUniqueOrThrow({ where: { code } });

  test("a platform code: the sale is split on the list price and the fee gives the discount; completion redeems the use", async () => {
    await admin.caller.discount.create({
      code: "TENOFF",
      type: "PERCENT",
      value: 1000,
      scope: "PLATFORM",
    });
    const c = await checkout("tenoff");
    const sale = await h.db.sale.findUniqueOrThrow({
      where: { id: c.saleId },
      include: { shares: true },
    });
    expect(sale).toMatchObject({
      amountCents: 900,
      listAmountCents: 1000,
      discountCents: 100,
      platformFeeCents: 0,
      artistCents: 900,
      commissionCents: 0,
    });
    expect(sale.shares.reduce((t, s) => t + s.amountCents, 0)).toBe(900);
    expect(
      await h.db.discountRedemption.findUniqueOrThrow({ where: { saleId: c.saleId } }),
    ).toMatchObject({
      status: "RESERVED",
      discountCents: 100,
    });
    await completeSandboxCheckout(h.db, {
      sessionId: sessionOf(c.checkoutUrl),
      webhookUrl: h.webhookUrl,
    });
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: c.saleId } })).toMatchObject({
      status: "COMPLETED",
      amountCents: 900,
      discountCents: 100,
    });
    expect(
      await h.db.discountRedemption.findUniqueOrThrow({ where: { saleId: c.saleId } }),
    ).toMatchObject({
      status: "REDEEMED",
    });
    const code = await codeRow("TENOFF");
    expect(code.usesCount).toBe(1);
    expect(cents(code.discountGivenCents)).toBe(100);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("an artist's code through a promoter's link: the discount comes from the artist's share, the commission is whole", async () => {
    await artist.caller.discount.create({
      code: "ART3",
      type: "FIXED",
      value: 300,
      scope: "ARTIST",
    });
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const click = await h.db.clickEvent.create({
      data: {
        linkId: link.id,
        trackId: track.id,
        visitorHash: `v${randomUUID()}`,
        landingPath: "/t/x",
        counted: true,
      },
    });
    const buyer = await h.callerFor(null, { cookie: `ff_ref_${track.id}=${click.id}` });
    const c = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: `b${randomUUID()}@example.com`,
      discountCode: "ART3",
    });
    await completeSandboxCheckout(h.db, {
      sessionId: sessionOf(c.checkoutUrl),
      webhookUrl: h.webhookUrl,
    });
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: c.saleId } })).toMatchObject({
      amountCents: 700,
      platformFeeCents: 100,
      commissionCents: 250,
      artistCents: 350,
      discountCents: 300,
    });
    expect(
      (await h.db.commission.findUniqueOrThrow({ where: { saleId: c.saleId } })).amountCents,
    ).toBe(250);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("an expired checkout gives its reserved use back; a second use by one email is refused", async () => {
    await admin.caller.discount.create({
      code: "ONCEEACH",
      type: "FIXED",
      value: 100,
      scope: "PLATFORM",
      maxUses: 1,
      maxUsesPerEmail: 1,
    });
    const first = await checkout("ONCEEACH", "same@example.com");
    // Held by the open checkout: nobody else gets it.
    await expect(checkout("ONCEEACH")).rejects.toThrow("The code ONCEEACH has been used up.");
    await expireSandboxCheckout(h.db, sessionOf(first.checkoutUrl), h.webhookUrl);
    expect(
      await h.db.discountRedemption.findUniqueOrThrow({ where: { saleId: first.saleId } }),
    ).toMatchObject({
      status: "RELEASED",
    });
    const again = await checkout("ONCEEACH", "same@example.com");
    await completeSandboxCheckout(h.db, {
      sessionId: sessionOf(again.checkoutUrl),
      webhookUrl: h.webhookUrl,
    });
    await admin.caller.discount.update({ id: (await codeRow("ONCEEACH")).id, maxUses: 5 });
    await expect(checkout("ONCEEACH", "SAME@example.com ")).rejects.toThrow(
      "The code ONCEEACH was already used with same@example.com.",
    );
    // The buy form's check says so before checkout, for this email only.
    const anon = await h.callerFor(null);
    expect(
      await anon.discount.validate({
        code: "onceeach",
        slug: track.slug,
        email: "Same@Example.com",
      }),
    ).toMatchObject({
      valid: false,
      reason: "The code ONCEEACH was already used with same@example.com.",
    });
    expect(
      await anon.discount.validate({
        code: "onceeach",
        slug: track.slug,
        email: "other@example.com",
      }),
    ).toMatchObject({ valid: true });
  });

  test("a full refund gives the use back, a partial one does not", async () => {
    await admin.caller.discount.create({
      code: "REFUNDME",
      type: "FIXED",
      value: 100,
      scope: "PLATFORM",
    });
    const payments = getPayments(h.db, { webhookUrl: h.webhookUrl });
    const sales = [];
    for (let i = 0; i < 2; i++) {
      const c = await checkout("REFUNDME");
      await completeSandboxCheckout(h.db, {
        sessionId: sessionOf(c.checkoutUrl),
        webhookUrl: h.webhookUrl,
      });
      sales.push(c.saleId);
    }
    expect((await codeRow("REFUNDME")).usesCount).toBe(2);
    await refundSale({ saleId: sales[0]!, amountCents: 300 }, { db: h.db, payments });
    expect((await codeRow("REFUNDME")).usesCount).toBe(2);
    await refundSale({ saleId: sales[1]! }, { db: h.db, payments });
    const code = await codeRow("REFUNDME");
    expect(code.usesCount).toBe(1);
    expect(cents(code.discountGivenCents)).toBe(100);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("a 100 % code: the artist's is a free download (nothing charged or shared), the platform's gives only its fee", async () => {
    await artist.caller.discount.create({
      code: "FREEBIE",
      type: "PERCENT",
      value: 10_000,
      scope: "ARTIST",
    });
    const c = await checkout("FREEBIE");
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: c.saleId } })).toMatchObject({
      status: "COMPLETED",
      amountCents: 0,
      discountCents: 1000,
      platformFeeCents: 0,
      artistCents: 0,
    });
    await admin.caller.discount.create({
      code: "ALLFREE",
      type: "PERCENT",
      value: 10_000,
      scope: "TRACKS",
      trackIds: [track.id],
    });
    const p = await checkout("ALLFREE");
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: p.saleId } })).toMatchObject({
      amountCents: 900,
      discountCents: 100,
      platformFeeCents: 0,
      artistCents: 900,
    });
  });

  test("1,000 concurrent reservations on a code limited to 100 reserve exactly 100", async () => {
    const code = await admin.caller.discount.create({
      code: "HUNDRED",
      type: "FIXED",
      value: 50,
      scope: "PLATFORM",
      maxUses: 100,
    });
    const now = new Date();
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) =>
        h.db.$transaction((tx) =>
          reserveDiscount(tx, {
            codeId: code.id,
            saleId: `sale-${i}`,
            buyerEmail: `fan${i}@example.com`,
            discountCents: 50,
            reservedUntil: new Date(now.getTime() + 30 * 60_000),
            now,
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(100);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(900);
    expect(refused.every((r) => /The code HUNDRED has been used up/.test(String(r.reason)))).toBe(
      true,
    );
    expect(await h.db.discountRedemption.count({ where: { codeId: code.id } })).toBe(100);
  });
});
