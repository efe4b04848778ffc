import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { getPayments } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { setPromoterStatus } from "../affiliate/promoter-status";
import { verifyLedger } from "../ledger/verify-ledger";
import { releaseDueSales, settleSalesInBatches } from "../payouts/payouts";
import { refundSale } from "../refunds/refund-sale";
import { getPromoterProgress } from "../tiers/progress";
import { awardMilestones, milestoneTransactionId } from "./award";
import { deleteMilestone, upsertMilestone } from "./manage-milestones";

const DAY = 86_400_000;
const later = () => new Date(Date.now() + 60 * DAY);

/**
 * Milestones (issue 13 §2): one-time bonuses at thresholds of released sales, paid from
 * PLATFORM_PROMOTIONS through the ledger exactly once per promoter and milestone, never reversed
 * by a later refund, with an email and an in-app notification.
 */
describe("milestones", () => {
  let h: Harness;
  let adminId: string;

  beforeAll(async () => {
    h = await setupHarness();
    adminId = (await h.makeAdmin()).id;
  });
  afterAll(async () => {
    await h.close();
  });

  /** A promoter with a link on a fresh track. */
  const promoterWithLink = async () => {
    const artist = await h.makeUser({ artistName: `Milestone Artist ${Math.random()}` });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 });
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const profile = await h.db.promoterProfile.findUniqueOrThrow({
      where: { userId: promoter.id },
    });
    return { promoter, profile, link, track };
  };

  /** Each test starts with no active milestone (a test's own are created by it). */
  const noActiveMilestones = () =>
    h.db.milestone.updateMany({ where: { active: true }, data: { active: false } });

  const balance = async (id: string) =>
    Number((await h.db.ledgerAccount.findUnique({ where: { id } }))?.balanceCents ?? 0n);

  test("only released sales count: clearing sales show on the dashboard, the bonus is paid once at release, and a later refund does not take it back", async () => {
    await noActiveMilestones();
    const three = await upsertMilestone(
      { name: "Three sales", metric: "SALES", threshold: 3, bonusCents: 500 },
      { userId: adminId },
      h.db,
    );
    await upsertMilestone(
      { name: "Ten sales", metric: "SALES", threshold: 10, bonusCents: 2500 },
      { userId: adminId },
      h.db,
    );
    const { promoter, profile, link, track } = await promoterWithLink();
    const sales = [];
    for (let i = 0; i < 3; i++) sales.push(await h.sellThroughLink(link, track));

    // Inside the holding period: nothing is paid, the dashboard says they are clearing.
    expect(await awardMilestones({ promoterIds: [profile.id] }, h.db)).toMatchObject({
      awarded: 0,
    });
    const before = await getPromoterProgress({ promoterId: profile.id }, h.db);
    expect(before.milestones.find((m) => m.id === three.id)).toMatchObject({
      released: 0,
      clearing: 3,
      awardedAt: null,
    });

    await releaseDueSales(h.db, { now: later() });
    const platformBefore = await balance("PLATFORM_PROMOTIONS");
    const payableBefore = await balance(`PROMOTER_BALANCE:${profile.id}`);
    expect(await awardMilestones({ promoterIds: [profile.id] }, h.db)).toEqual({
      checked: 1,
      awarded: 1,
      bonusCents: 500,
    });
    // Exactly once: a second run (a retried job, the daily sweep) pays nothing.
    expect(await awardMilestones({}, h.db)).toMatchObject({ awarded: 0 });

    const tid = milestoneTransactionId(three.id, profile.id);
    const entries = await h.db.ledgerEntry.findMany({ where: { transactionId: tid } });
    expect(entries.map((e) => [e.accountId, Number(e.amountCents), e.kind]).sort()).toEqual([
      ["PLATFORM_PROMOTIONS", -500, "MILESTONE_BONUS"],
      [`PROMOTER_BALANCE:${profile.id}`, 500, "MILESTONE_BONUS"],
    ]);
    expect(await balance("PLATFORM_PROMOTIONS")).toBe(platformBefore - 500);
    expect(await balance(`PROMOTER_BALANCE:${profile.id}`)).toBe(payableBefore + 500);
    expect(
      await h.db.notification.findMany({
        where: { userId: promoter.id, type: "milestone_reached" },
      }),
    ).toEqual([expect.objectContaining({ title: "Milestone reached: Three sales (+$5.00)" })]);
    const email = await h.db.emailOutbox.findUniqueOrThrow({ where: { idempotencyKey: tid } });
    expect(email).toMatchObject({
      to: promoter.email,
      template: "milestone-reached",
      subject: "Milestone reached: Three sales (+$5.00)",
    });
    expect(email.props).toMatchObject({ next: { name: "Ten sales", gap: "7 more sales" } });

    const after = await getPromoterProgress({ promoterId: profile.id }, h.db);
    expect(after.milestones.find((m) => m.id === three.id)).toMatchObject({
      released: 3,
      clearing: 0,
      paidCents: 500,
      awardedAt: expect.any(Date),
    });

    // A refund after release claws the commission back but never the bonus.
    await refundSale(
      { saleId: sales[0]! },
      { db: h.db, payments: getPayments(h.db, { webhookUrl: h.webhookUrl }) },
    );
    expect(await h.db.milestoneAward.count({ where: { promoterId: profile.id } })).toBe(1);
    expect(await awardMilestones({ promoterIds: [profile.id] }, h.db)).toMatchObject({
      awarded: 0,
    });
    expect(await h.db.ledgerEntry.count({ where: { transactionId: tid } })).toBe(2);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("exactly once under 50 concurrent qualifying releases", async () => {
    await noActiveMilestones();
    const first = await upsertMilestone(
      { name: "First release", metric: "SALES", threshold: 1, bonusCents: 300 },
      { userId: adminId },
      h.db,
    );
    const { profile, link, track } = await promoterWithLink();
    const sales: string[] = [];
    for (let i = 0; i < 50; i += 10)
      sales.push(
        ...(await Promise.all(Array.from({ length: 10 }, () => h.sellThroughLink(link, track)))),
      );
    const artistId = track.artistId;
    await h.db.sale.updateMany({
      where: { id: { in: sales } },
      data: { holdUntil: new Date(Date.now() - 1000) },
    });
    // Each release settles its own sale and asks for an award run, all at once.
    const results = await Promise.all(
      sales.map(async (id) => {
        await settleSalesInBatches(h.db, [{ id, promoterId: profile.id, artistId }], new Date());
        return awardMilestones({ promoterIds: [profile.id] }, h.db);
      }),
    );
    expect(results.reduce((n, r) => n + r.awarded, 0)).toBe(1);
    expect(await h.db.milestoneAward.findMany({ where: { promoterId: profile.id } })).toEqual([
      expect.objectContaining({ milestoneId: first.id, bonusCents: 300 }),
    ]);
    expect(
      await h.db.ledgerEntry.count({
        where: { transactionId: milestoneTransactionId(first.id, profile.id) },
      }),
    ).toBe(2);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("a suspended promoter is paid when reinstated; a milestone with awards cannot be deleted; a corrupted award is reported by ledger:verify", async () => {
    await noActiveMilestones();
    const m = await upsertMilestone(
      { name: "Two commission dollars", metric: "COMMISSION", threshold: 200, bonusCents: 100 },
      { userId: adminId },
      h.db,
    );
    const { profile, link, track } = await promoterWithLink();
    await h.sellThroughLink(link, track); // 20 % of $10 = $2.00
    await releaseDueSales(h.db, { now: later() });
    await setPromoterStatus(
      { promoterId: profile.id, status: "SUSPENDED", reason: "Checking a traffic spike" },
      { userId: adminId },
      h.db,
    );
    expect(await awardMilestones({ promoterIds: [profile.id] }, h.db)).toMatchObject({
      awarded: 0,
    });
    await setPromoterStatus(
      { promoterId: profile.id, status: "ACTIVE", reason: "Reviewed" },
      { userId: adminId },
      h.db,
    );
    // Reinstatement asks for an award run: a job runner sharing this database (the embedded one,
    // in one test process) may award before this call does; either way exactly once.
    const run = await awardMilestones({ promoterIds: [profile.id] }, h.db);
    expect(run.awarded).toBeLessThanOrEqual(1);
    expect(
      await h.db.milestoneAward.findMany({
        where: { milestoneId: m.id, promoterId: profile.id },
        select: { bonusCents: true },
      }),
    ).toEqual([{ bonusCents: 100 }]);

    await expect(deleteMilestone({ id: m.id }, { userId: adminId }, h.db)).rejects.toThrow(
      /deactivate it instead/,
    );
    await expect(
      upsertMilestone(
        { name: "two COMMISSION dollars", metric: "SALES", threshold: 5, bonusCents: 100 },
        { userId: adminId },
        h.db,
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const unused = await upsertMilestone(
      { name: "Never reached", metric: "SALES", threshold: 999, bonusCents: 100, active: false },
      { userId: adminId },
      h.db,
    );
    expect(await deleteMilestone({ id: unused.id }, { userId: adminId }, h.db)).toEqual({
      id: unused.id,
    });

    const award = await h.db.milestoneAward.findUniqueOrThrow({
      where: { milestoneId_promoterId: { milestoneId: m.id, promoterId: profile.id } },
    });
    await h.db.milestoneAward.update({ where: { id: award.id }, data: { bonusCents: 150 } });
    expect(await verifyLedger(h.db)).toEqual([
      expect.objectContaining({ check: "promotions", subject: award.transactionId }),
    ]);
    await h.db.milestoneAward.update({ where: { id: award.id }, data: { bonusCents: 100 } });
    expect(await verifyLedger(h.db)).toEqual([]);
  });
});
