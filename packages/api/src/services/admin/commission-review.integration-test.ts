import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { cents } from "@fanfare/db";
import { completeSandboxOnboarding, getPayments } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { setPromoterStatus } from "../affiliate/promoter-status";
import { verifyLedger } from "../ledger/verify-ledger";
import { refreshConnectAccount, startConnectOnboarding } from "../payouts/connect";
import { releaseDueSales, requestPayout } from "../payouts/payouts";
import { refundSale } from "../refunds/refund-sale";
import {
  holdPromoterForReview,
  listReviewQueue,
  rejectCommission,
  releaseCommission,
} from "./commission-review";

const DAY = 86_400_000;

/**
 * The fraud review's decisions (issue 11 §3): held commissions never become payable until
 * released; a rejected commission goes to the artist through settlement (a clawback when it was
 * paid out); every decision is audited and keeps `ledger:verify` clean.
 */
describe("commission review", () => {
  let h: Harness;
  let adminId = "";
  const admin = () => ({ userId: adminId });
  beforeAll(async () => {
    h = await setupHarness();
    adminId = (await h.makeAdmin()).id;
  });
  afterAll(async () => {
    await h.close();
  });

  /** A promoter with `n` completed sales of a 1000-cent track at 20 % (200 cents each). */
  async function promoterWithSales(n: number) {
    const artistUser = await h.makeUser({
      artistName: `Review Artist ${Math.random().toString(36).slice(2, 7)}`,
    });
    const { track } = await h.makeTrack(artistUser, { priceCents: 1000, commissionBps: 2000 });
    const user = await h.makeUser();
    const promoter = await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: user.id } });
    const link = await user.caller.promoter.getOrCreateLink({ trackId: track.id });
    const saleIds: string[] = [];
    for (let i = 0; i < n; i++) saleIds.push(await h.sellThroughLink(link, track));
    const artistId = (
      await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artistUser.id } })
    ).id;
    const commissions = await h.db.commission.findMany({
      where: { saleId: { in: saleIds } },
      orderBy: { createdAt: "asc" },
    });
    return { user, promoterId: promoter.id, artistId, track, link, saleIds, commissions };
  }

  const balance = async (id: string) =>
    cents((await h.db.ledgerAccount.findUnique({ where: { id } }))?.balanceCents ?? 0);

  test("held commissions stay pending past release; a released one becomes payable, a rejected one goes to the artist", async () => {
    const p = await promoterWithSales(2);
    const held = await holdPromoterForReview(
      { promoterId: p.promoterId, reason: "Two buyers from one household" },
      admin(),
      h.db,
    );
    expect(held.heldCommissions).toBe(2);
    const queue = await listReviewQueue({}, h.db);
    expect(queue.items.filter((i) => i.promoter.id === p.promoterId)).toHaveLength(2);
    expect(queue.items[0]).toMatchObject({ holdReason: "REVIEW", status: "PENDING" });

    // Past the holding period: the artist is paid, the held commissions are not.
    const later = new Date(Date.now() + 15 * DAY);
    await releaseDueSales(h.db, { now: later });
    const artistShares = (await h.db.sale.findMany({ where: { id: { in: p.saleIds } } })).reduce(
      (t, s) => t + s.artistCents,
      0,
    );
    expect(await balance(`ARTIST_BALANCE:${p.artistId}`)).toBe(artistShares);
    expect(await balance(`PROMOTER_PENDING:${p.promoterId}`)).toBe(400);
    expect(await balance(`PROMOTER_BALANCE:${p.promoterId}`)).toBe(0);
    expect(await verifyLedger(h.db)).toEqual([]);

    const [first, second] = p.commissions;
    const released = await releaseCommission(
      { commissionId: first!.id, reason: "Reviewed: a real fan" },
      admin(),
      h.db,
      later,
    );
    expect(released).toMatchObject({ status: "PAYABLE" });
    expect(await balance(`PROMOTER_BALANCE:${p.promoterId}`)).toBe(200);

    const rejected = await rejectCommission(
      { commissionId: second!.id, reason: "Bought by the promoter's partner" },
      admin(),
      h.db,
      later,
    );
    expect(rejected).toMatchObject({ status: "REJECTED" });
    expect(rejected.transactionId).not.toBeNull();
    expect(await balance(`PROMOTER_PENDING:${p.promoterId}`)).toBe(0);
    expect(await balance(`ARTIST_BALANCE:${p.artistId}`)).toBe(artistShares + 200);
    const entries = await h.db.ledgerEntry.findMany({
      where: { transactionId: rejected.transactionId! },
    });
    expect(new Set(entries.map((e) => e.kind))).toEqual(new Set(["COMMISSION_REJECTED"]));
    // The totals follow: the rejected sale is no longer the promoter's or the link's.
    expect(
      await h.db.promoterProfile.findUniqueOrThrow({ where: { id: p.promoterId } }),
    ).toMatchObject({ salesCount: 1, earningsCents: 200n });
    expect(await h.db.affiliateLink.findUniqueOrThrow({ where: { id: p.link.id } })).toMatchObject({
      salesCount: 1,
      commissionCents: 200n,
    });
    expect(await h.db.track.findUniqueOrThrow({ where: { id: p.track.id } })).toMatchObject({
      salesCount: 2,
      commissionsCents: 200n,
    });
    // Audited, and the promoter is told each time.
    expect(
      await h.db.auditLog.count({
        where: { subjectId: { in: [first!.id, second!.id] }, actorId: adminId },
      }),
    ).toBe(2);
    expect(
      await h.db.emailOutbox.count({
        where: { template: "commission-review", to: p.user.email },
      }),
    ).toBe(3);
    // A refund after the rejection reverses the artist's larger share; the books stay clean.
    await refundSale({ saleId: second!.saleId }, { db: h.db, payments: getPayments(h.db) });
    expect(await h.db.commission.findUniqueOrThrow({ where: { id: second!.id } })).toMatchObject({
      status: "REJECTED",
    });
    expect(
      await h.db.promoterProfile.findUniqueOrThrow({ where: { id: p.promoterId } }),
    ).toMatchObject({ salesCount: 1, earningsCents: 200n });
    expect(await verifyLedger(h.db)).toEqual([]);

    await expect(
      rejectCommission({ commissionId: second!.id, reason: "Again" }, admin(), h.db),
    ).rejects.toThrow(`Commission ${second!.id} is rejected: there is nothing to reject.`);
    await expect(
      releaseCommission({ commissionId: first!.id, reason: "Again" }, admin(), h.db),
    ).rejects.toThrow(`Commission ${first!.id} is not on hold (it is PAYABLE).`);
  });

  test("rejecting a commission already paid out is a clawback on the promoter's balance", async () => {
    const p = await promoterWithSales(3);
    const later = new Date(Date.now() + 15 * DAY);
    const payee = { type: "PROMOTER" as const, id: p.promoterId };
    const payments = getPayments(h.db);
    const { stripeAccountId } = await startConnectOnboarding(
      { payee, email: p.user.email },
      { db: h.db, payments },
    );
    await completeSandboxOnboarding(h.db, {
      accountId: stripeAccountId,
      webhookUrl: h.webhookUrl,
    });
    await refreshConnectAccount(payee, { db: h.db, payments });
    const payout = await requestPayout({ payee }, { db: h.db, payments, now: () => later });
    expect(payout).toMatchObject({ status: "PAID", amountCents: 600 });

    await rejectCommission(
      { commissionId: p.commissions[0]!.id, reason: "Self-purchase with a second card" },
      admin(),
      h.db,
      later,
    );
    expect(await balance(`PROMOTER_BALANCE:${p.promoterId}`)).toBe(-200);
    const email = await h.db.emailOutbox.findFirstOrThrow({
      where: { template: "commission-review", to: p.user.email },
    });
    expect(email.subject).toBe("Your commission of $2.00 was rejected");
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("a suspended promoter's commission is released by reinstating them, not one by one", async () => {
    const p = await promoterWithSales(1);
    await setPromoterStatus(
      { promoterId: p.promoterId, status: "SUSPENDED", reason: "Review" },
      admin(),
      h.db,
    );
    await expect(
      releaseCommission(
        { commissionId: p.commissions[0]!.id, reason: "Looks fine" },
        admin(),
        h.db,
      ),
    ).rejects.toThrow("reinstate the promoter to release their held commissions");
    // Rejecting it is allowed: a terminated promoter's unpaid commissions end so.
    await rejectCommission(
      { commissionId: p.commissions[0]!.id, reason: "Fraud confirmed" },
      admin(),
      h.db,
    );
    expect(
      await h.db.commission.findUniqueOrThrow({ where: { id: p.commissions[0]!.id } }),
    ).toMatchObject({ status: "REJECTED", heldAt: null, rejectReason: "Fraud confirmed" });
    expect(await verifyLedger(h.db)).toEqual([]);
  });
});
