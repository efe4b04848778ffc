import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { getPayments } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { verifyLedger } from "../ledger/verify-ledger";
import { refundSale } from "../refunds/refund-sale";
import { recomputeTiers } from "./recompute";

/**
 * A tier's money (issue 13 §1): the bonus rate in force at checkout start is recorded on the sale
 * and paid by the platform on top of the artist's rate, as a claim on the fee after a platform
 * discount and campaign boost (never taking the fee below zero); it is settled with the
 * commission, reversed with it, and a tier's payout minimum replaces the program's.
 */
describe("tier bonus and payout minimum", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  test("the bonus in force at checkout is recorded, paid from the fee (capped by it), settled and reversed with the commission", async () => {
    const artist = await h.makeUser({ artistName: "Tier Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2500 });
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const profile = await h.db.promoterProfile.findUniqueOrThrow({
      where: { userId: promoter.id },
    });
    await h.db.promoterTier.createMany({
      data: [
        { name: "Bronze", rank: 0, threshold: 0 },
        { name: "Gold", rank: 2, threshold: 1, bonusBps: 500, payoutMinimumCents: 200 },
      ],
    });
    // Bronze (no bonus) at the first sale.
    await recomputeTiers({}, h.db);
    const first = await h.sellThroughLink(link, track);
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: first } })).toMatchObject({
      tierBonusBps: 0,
      commissionCents: 250,
      platformFeeCents: 100,
    });
    // One counted sale reaches Gold: +5 % from the fee on the next sale.
    await recomputeTiers({ promoterIds: [profile.id] }, h.db);
    expect(
      await h.db.promoterProfile.findUniqueOrThrow({
        where: { id: profile.id },
        include: { tier: true },
      }),
    ).toMatchObject({ tier: { name: "Gold" } });
    const second = await h.sellThroughLink(link, track);
    const sale = await h.db.sale.findUniqueOrThrow({
      where: { id: second },
      include: { commission: true, shares: true },
    });
    expect(sale).toMatchObject({
      tierBonusBps: 500,
      commissionCents: 300,
      platformFeeCents: 50,
      artistCents: 650,
      commission: { amountCents: 300, rateBps: 3000 },
    });
    expect(sale.shares.find((s) => s.kind === "COMMISSION")?.amountCents).toBe(300);

    // A 15 % bonus is capped by the fee: the platform keeps 0, never less.
    await h.db.promoterTier.update({ where: { name: "Gold" }, data: { bonusBps: 1500 } });
    const third = await h.sellThroughLink(link, track);
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: third } })).toMatchObject({
      tierBonusBps: 1500,
      commissionCents: 350,
      platformFeeCents: 0,
      artistCents: 650,
    });

    // A full refund takes the bonus back with the commission.
    await refundSale(
      { saleId: second },
      { db: h.db, payments: getPayments(h.db, { webhookUrl: h.webhookUrl }) },
    );
    const refunded = await h.db.sale.findUniqueOrThrow({
      where: { id: second },
      include: { commission: true },
    });
    expect(refunded).toMatchObject({ status: "REFUNDED", reversedCents: 1000 });
    expect(refunded.commission).toMatchObject({ reversedCents: 300 });
    expect(await verifyLedger(h.db)).toEqual([]);

    // Gold's payout minimum is $2, not the program's $5.
    expect(await promoter.caller.promoter.payoutEligibility()).toMatchObject({
      minimumPayoutCents: 200,
    });
  });
});
