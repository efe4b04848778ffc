import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { badgesAwardJob } from "../jobs/handlers";
import { getPromoterProgress } from "../tiers/progress";
import { awardBadges } from "./award";

/**
 * Badges (issue 13 §3): each rule at its boundary on real rows, the award stored and notified
 * exactly once (also under two concurrent runs), a muted user's badge without a notification,
 * and `promoter.progress`'s badges and next badges.
 */
describe("badges", () => {
  let h: Harness;
  const now = new Date("2026-12-10T12:00:00Z");

  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  /** A signed-up promoter (profile created as the dashboard would). */
  const makePromoter = async () => {
    const user = await h.makeUser();
    await user.caller.promoter.me();
    const profile = await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: user.id } });
    return { ...user, promoterId: profile.id };
  };

  const badgesOf = async (promoterId: string) =>
    (
      await h.db.promoterBadge.findMany({
        where: { promoterId },
        orderBy: [{ badge: "asc" }, { instance: "asc" }],
      })
    ).map((b) => (b.instance ? `${b.badge}:${b.instance}` : b.badge));

  const badgeNotifications = (userId: string) =>
    h.db.notification.findMany({
      where: { userId, type: "badge_earned" },
      orderBy: { dedupeKey: "asc" },
    });

  /** Counted sales of the promoter on the given UTC days (their daily rollup rows). */
  const dailyStats = (promoterId: string, days: { day: string; sales: number; cents: number }[]) =>
    h.db.promoterDailyStats.createMany({
      data: days.map((d) => ({
        promoterId,
        day: new Date(`${d.day}T00:00:00Z`),
        sales: d.sales,
        commissionCents: d.cents,
      })),
    });

  let payouts = 0;
  const payout = (promoterId: string, status: "PAID" | "FAILED" | "PROCESSING") => {
    payouts++;
    return h.db.payout.create({
      data: {
        payeeType: "PROMOTER",
        payeeId: promoterId,
        accountId: `PROMOTER_BALANCE:${promoterId}`,
        connectAccountId: "acct_test",
        amountCents: 1000n,
        status,
        idempotencyKey: `payout:badge-test-${payouts}`,
        paidAt: status === "PAID" ? now : null,
      },
    });
  };

  test("counted clicks and sales at their boundaries: 0 → none, 1 click, 1 sale, 9 and 10 sales, 99 and 100 sales", async () => {
    const cases = [
      { clickCount: 0, salesCount: 0, expected: [] },
      { clickCount: 1, salesCount: 0, expected: ["first_click"] },
      { clickCount: 0, salesCount: 1, expected: ["first_sale"] },
      { clickCount: 0, salesCount: 9, expected: ["first_sale"] },
      { clickCount: 0, salesCount: 10, expected: ["first_sale", "ten_sales"] },
      { clickCount: 5, salesCount: 99, expected: ["first_click", "first_sale", "ten_sales"] },
      {
        clickCount: 5,
        salesCount: 100,
        expected: ["first_click", "first_sale", "hundred_sales", "ten_sales"],
      },
    ];
    const promoters = [];
    for (const c of cases) {
      const p = await makePromoter();
      await h.db.promoterProfile.update({
        where: { id: p.promoterId },
        data: { clickCount: c.clickCount, salesCount: c.salesCount },
      });
      promoters.push(p);
    }
    const result = await awardBadges(
      { promoterIds: promoters.map((p) => p.promoterId), now },
      h.db,
    );
    expect(result).toMatchObject({ checked: cases.length, awarded: 12, notified: 12 });
    for (const [i, c] of cases.entries())
      expect(await badgesOf(promoters[i]!.promoterId)).toEqual(c.expected);
    // awardedAt is the run's clock; the notification says which badge.
    const badge = await h.db.promoterBadge.findFirstOrThrow({
      where: { promoterId: promoters[4]!.promoterId, badge: "ten_sales" },
    });
    expect(badge.awardedAt).toEqual(now);
    expect(
      (await badgeNotifications(promoters[4]!.id)).map((n) => [n.dedupeKey, n.title, n.href]),
    ).toEqual([
      ["badge:first_sale:", "Badge earned: First sale", "/dashboard/promoter"],
      ["badge:ten_sales:", "Badge earned: Ten sales", "/dashboard/promoter"],
    ]);
  });

  test("first payout: only a PAID payout of the promoter counts (not a failed or processing one)", async () => {
    const failedOnly = await makePromoter();
    const paid = await makePromoter();
    await payout(failedOnly.promoterId, "FAILED");
    await payout(failedOnly.promoterId, "PROCESSING");
    await payout(paid.promoterId, "PAID");
    await awardBadges({ promoterIds: [failedOnly.promoterId, paid.promoterId], now }, h.db);
    expect(await badgesOf(failedOnly.promoterId)).toEqual([]);
    expect(await badgesOf(paid.promoterId)).toEqual(["first_payout"]);
  });

  test("Regular: counted sales in 3 distinct UTC calendar months (2 months, or a month of refunded sales, is not enough)", async () => {
    const two = await makePromoter();
    const refundedMonth = await makePromoter();
    const three = await makePromoter();
    await dailyStats(two.promoterId, [
      { day: "2026-09-03", sales: 2, cents: 400 },
      { day: "2026-09-20", sales: 1, cents: 200 },
      { day: "2026-10-01", sales: 1, cents: 200 },
    ]);
    await dailyStats(refundedMonth.promoterId, [
      { day: "2026-08-31", sales: 1, cents: 200 },
      { day: "2026-09-01", sales: 1, cents: 200 },
      // Every sale of that October day was refunded: the rollup nets it to 0.
      { day: "2026-10-15", sales: 0, cents: 0 },
    ]);
    await dailyStats(three.promoterId, [
      { day: "2026-08-31", sales: 1, cents: 200 },
      { day: "2026-09-01", sales: 1, cents: 200 },
      { day: "2026-12-01", sales: 1, cents: 200 },
    ]);
    const ids = [two, refundedMonth, three].map((p) => p.promoterId);
    await awardBadges({ promoterIds: ids, now }, h.db);
    expect(await badgesOf(two.promoterId)).not.toContain("regular");
    expect(await badgesOf(refundedMonth.promoterId)).not.toContain("regular");
    expect(await badgesOf(three.promoterId)).toContain("regular");
    const regular = await h.db.promoterBadge.findFirstOrThrow({
      where: { promoterId: three.promoterId, badge: "regular" },
    });
    expect(regular.detail).toBe("Sales in August 2026, September 2026, December 2026");
  });

  test("top 10 of a month: the 10th by commission in a completed month earns it, the 11th does not, the month in progress waits; only the run over everyone ranks", async () => {
    // Eleven promoters in June 2026 with 1,100 … 100 cents; ties would go by promoter id.
    const ranked = [];
    for (let i = 0; i < 11; i++) {
      const p = await makePromoter();
      await dailyStats(p.promoterId, [
        { day: "2026-06-10", sales: 1, cents: 1100 - i * 100 },
        { day: "2026-06-30", sales: 0, cents: 0 },
      ]);
      ranked.push(p);
    }
    // First in the month in progress (December): not ranked until it is over.
    const current = await makePromoter();
    await dailyStats(current.promoterId, [{ day: "2026-12-01", sales: 5, cents: 99_999 }]);

    // A run for some promoters (after a sale) does not rank months.
    await awardBadges({ promoterIds: [ranked[0]!.promoterId], now }, h.db);
    expect(await badgesOf(ranked[0]!.promoterId)).not.toContain("top_ten_month:2026-06");

    await awardBadges({ now }, h.db);
    expect(await badgesOf(ranked[0]!.promoterId)).toContain("top_ten_month:2026-06");
    expect(await badgesOf(ranked[9]!.promoterId)).toContain("top_ten_month:2026-06");
    expect(await badgesOf(ranked[10]!.promoterId)).not.toContain("top_ten_month:2026-06");
    expect((await badgesOf(current.promoterId)).some((b) => b.startsWith("top_ten_month"))).toBe(
      false,
    );
    const tenth = await h.db.promoterBadge.findFirstOrThrow({
      where: { promoterId: ranked[9]!.promoterId, badge: "top_ten_month" },
    });
    expect(tenth).toMatchObject({ instance: "2026-06", detail: "10th in June 2026" });

    // Once December is over, the run in January ranks it.
    await awardBadges({ now: new Date("2027-01-02T03:37:00Z") }, h.db);
    expect(await badgesOf(current.promoterId)).toContain("top_ten_month:2026-12");
  });

  test("a contest win: one badge per contest, naming the place", async () => {
    const winner = await makePromoter();
    const contests = [];
    for (const name of ["Autumn Cup", "Winter Sprint"]) {
      const contest = await h.db.contest.create({
        data: {
          name,
          metric: "sales",
          startsAt: new Date("2026-10-01T00:00:00Z"),
          endsAt: new Date("2026-11-01T00:00:00Z"),
          status: "CLOSED",
          closedAt: new Date("2026-11-01T00:05:00Z"),
        },
      });
      contests.push(contest);
    }
    await h.db.contestWinner.createMany({
      data: contests.map((c, i) => ({
        contestId: c.id,
        place: i + 1,
        promoterId: winner.promoterId,
        value: 12,
        reachedAt: new Date("2026-10-20T00:00:00Z"),
      })),
    });
    await awardBadges({ promoterIds: [winner.promoterId], now }, h.db);
    const wins = await h.db.promoterBadge.findMany({
      where: { promoterId: winner.promoterId, badge: "contest_winner" },
      orderBy: { detail: "asc" },
    });
    expect(wins.map((w) => [w.instance, w.detail])).toEqual([
      [contests[0]!.id, "1st place in Autumn Cup"],
      [contests[1]!.id, "2nd place in Winter Sprint"],
    ]);
  });

  test("once each: two concurrent runs store every badge once and notify once; a later run adds nothing", async () => {
    const p = await makePromoter();
    await h.db.promoterProfile.update({
      where: { id: p.promoterId },
      data: { clickCount: 3, salesCount: 12 },
    });
    await payout(p.promoterId, "PAID");
    const runs = await Promise.all([
      awardBadges({ promoterIds: [p.promoterId], now }, h.db),
      awardBadges({ promoterIds: [p.promoterId], now }, h.db),
    ]);
    const expected = ["first_click", "first_payout", "first_sale", "ten_sales"];
    expect(runs.reduce((sum, r) => sum + r.awarded, 0)).toBe(expected.length);
    expect(runs.reduce((sum, r) => sum + r.notified, 0)).toBe(expected.length);
    expect(await badgesOf(p.promoterId)).toEqual(expected);
    expect((await badgeNotifications(p.id)).map((n) => n.dedupeKey)).toEqual(
      expected.map((b) => `badge:${b}:`),
    );
    // A retry (the job again, through its handler) changes nothing.
    expect(await badgesAwardJob({ db: h.db, now }, { promoterIds: [p.promoterId] })).toEqual({
      checked: 1,
      awarded: 0,
      notified: 0,
    });
    expect(await badgeNotifications(p.id)).toHaveLength(expected.length);
  });

  test("a badge stays once earned, even when the facts fall back (a refund under 10 sales)", async () => {
    const p = await makePromoter();
    await h.db.promoterProfile.update({ where: { id: p.promoterId }, data: { salesCount: 10 } });
    await awardBadges({ promoterIds: [p.promoterId], now }, h.db);
    await h.db.promoterProfile.update({ where: { id: p.promoterId }, data: { salesCount: 9 } });
    await awardBadges({ promoterIds: [p.promoterId], now }, h.db);
    expect(await badgesOf(p.promoterId)).toEqual(["first_sale", "ten_sales"]);
  });

  test("a user who muted badges gets the badge but no notification", async () => {
    const p = await makePromoter();
    await p.caller.notification.setMuted({ type: "badge_earned", muted: true });
    await h.db.promoterProfile.update({ where: { id: p.promoterId }, data: { salesCount: 1 } });
    const result = await awardBadges({ promoterIds: [p.promoterId], now }, h.db);
    expect(result).toMatchObject({ awarded: 1, notified: 0 });
    expect(await badgesOf(p.promoterId)).toEqual(["first_sale"]);
    expect(await badgeNotifications(p.id)).toEqual([]);
  });

  test("a real sale through a link earns First sale on the next run", async () => {
    const artist = await h.makeUser({ artistName: "Badge Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 });
    const p = await makePromoter();
    const link = await p.caller.promoter.getOrCreateLink({ trackId: track.id });
    await h.sellThroughLink(link, track);
    await badgesAwardJob({ db: h.db }, { promoterIds: [p.promoterId] });
    expect(await badgesOf(p.promoterId)).toContain("first_sale");
  });

  test("promoter.progress lists the badges held (newest first, with level, icon and date) and what the others take", async () => {
    const p = await makePromoter();
    await h.db.promoterProfile.update({
      where: { id: p.promoterId },
      data: { clickCount: 2, salesCount: 4 },
    });
    await awardBadges({ promoterIds: [p.promoterId], now }, h.db);
    const progress = await p.caller.promoter.progress();
    expect(progress.badges.map((b) => b.key).sort()).toEqual(["first_click", "first_sale"]);
    expect(progress.badges[0]).toMatchObject({
      level: "bronze",
      detail: expect.any(String),
      awardedAt: now,
    });
    expect(progress.nextBadges.map((b) => b.key)).toEqual([
      "ten_sales",
      "hundred_sales",
      "first_payout",
      "regular",
      "top_ten_month",
      "contest_winner",
    ]);
    expect(progress.nextBadges[0]).toMatchObject({
      name: "Ten sales",
      level: "silver",
      icon: "flame",
      hint: "6 more sales to go",
      value: 4,
      target: 10,
    });
    // The service answers the same (the router only adds the output check).
    const direct = await getPromoterProgress({ promoterId: p.promoterId, now }, h.db);
    expect(direct.nextBadges).toEqual(progress.nextBadges);
  });
});
