import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { getPayments } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { releaseCommission } from "../admin/commission-review";
import { verifyLedger } from "../ledger/verify-ledger";
import { refundSale } from "../refunds/refund-sale";
import { scoreDirtyPromoters } from "./fraud-score";
import { markFraudScoreDirty } from "./score-events";

/**
 * Fraud scoring with holds (issue 11 §3): the `fraud.score` job rescores the promoters touched by
 * sales and refunds, stores each signal with its evidence and weight, holds pending commissions
 * at the review threshold and suspends at the auto-suspend threshold.
 */
describe("fraud scoring", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  test("buyers on the promoter's domain and fast refunds cross the review threshold; refused self-referrals then suspend", async () => {
    const artist = await h.makeUser({ artistName: "Fraud Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 });
    const promoter = await h.makeUser({ email: "pat@acmerecords.co" });
    const promoterId = (await h.db.promoterProfile.findUniqueOrThrow({
      where: { userId: promoter.id },
    }))!.id;
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const sell = (buyerEmail: string) => h.sellThroughLink(link, track, buyerEmail);
    // Three buyers on the promoter's own company domain (20 points)…
    for (const name of ["ann", "bob", "cy"]) await sell(`${name}@acmerecords.co`);
    // …and three sales refunded within the hour (25 points).
    for (const name of ["dee", "eve", "fay"]) {
      const saleId = await sell(`${name}@fans.example`);
      await refundSale({ saleId }, { db: h.db, payments: getPayments(h.db) });
    }
    expect(await h.db.fraudScoreEvent.count({ where: { promoterId } })).toBeGreaterThan(0);

    const first = await scoreDirtyPromoters({}, h.db);
    expect(first).toMatchObject({ scored: 1, held: 3, suspended: 0 });
    expect(await h.db.fraudScoreEvent.count()).toBe(0);
    const scored = await h.db.promoterProfile.findUniqueOrThrow({ where: { id: promoterId } });
    expect(scored.fraudScore).toBe(45);
    expect(scored.fraudScoreDetail).toEqual([
      expect.objectContaining({ kind: "fast_reversals", count: 3, weight: 25, points: 25 }),
      expect.objectContaining({
        kind: "buyer_domain",
        count: 3,
        points: 20,
        evidence: { domains: ["acmerecords.co"] },
      }),
    ]);
    const held = await h.db.commission.findMany({
      where: { promoterId, heldAt: { not: null } },
    });
    expect(held.map((c) => c.holdReason)).toEqual(["REVIEW", "REVIEW", "REVIEW"]);
    expect(
      await h.db.emailOutbox.findFirst({
        where: { template: "commission-review", to: "pat@acmerecords.co" },
      }),
    ).not.toBeNull();

    // An admin's release stands: rescoring holds it no more.
    await releaseCommission(
      { commissionId: held[0]!.id, reason: "A colleague who really bought it" },
      { userId: null },
      h.db,
    );
    await markFraudScoreDirty(h.db, [promoterId]);
    expect(await scoreDirtyPromoters({}, h.db)).toMatchObject({ held: 0 });
    expect(await h.db.commission.findUniqueOrThrow({ where: { id: held[0]!.id } })).toMatchObject({
      heldAt: null,
      status: "PENDING",
    });

    // Two refused self-referrals (30 points) take the score to 75: suspended pending review.
    const sale = await h.db.sale.findFirstOrThrow({ where: { promoterId } });
    await h.db.fraudSignal.createMany({
      data: [1, 2].map((n) => ({
        promoterId,
        kind: "SELF_REFERRAL_BLOCKED" as const,
        evidence: { test: n },
        ...(n === 1 ? { saleId: sale.id } : {}),
      })),
    });
    await markFraudScoreDirty(h.db, [promoterId]);
    expect(await scoreDirtyPromoters({}, h.db)).toMatchObject({ suspended: 1 });
    const after = await h.db.promoterProfile.findUniqueOrThrow({ where: { id: promoterId } });
    expect(after).toMatchObject({ fraudScore: 75, status: "SUSPENDED" });
    expect(after.statusReason).toMatch(/^Automatic review: fraud score 75 \(/);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("a promoter with ordinary sales scores 0 and nothing is held", async () => {
    const artist = await h.makeUser({ artistName: "Calm Artist" });
    const { track } = await h.makeTrack(artist);
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    await h.sellThroughLink(link, track, "fan@fans.example");
    expect(await scoreDirtyPromoters({}, h.db)).toMatchObject({ scored: 1, held: 0, suspended: 0 });
    expect(
      await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: promoter.id } }),
    ).toMatchObject({ fraudScore: 0, fraudScoreDetail: [] });
  });
});
