import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { getMyLeaderboardPosition } from "./my-position";
import { legacyPeriodDays } from "./periods";
import { rankLive } from "./ranking";
import { refreshLeaderboards } from "./refresh";
import { getTopPromoters } from "./top-promoters";

const NOW = new Date("2030-06-30T12:00:00.000Z");
const d = (ymd: string) => new Date(`${ymd}T00:00:00.000Z`);

/** `rankPromoters` as it was before issue 13: a rolling board of the platform, ranked live. */
const rankPromoters = (
  input: {
    period: "week" | "month" | "all";
    metric: "earnings" | "sales";
    now: Date;
    limit: number;
  },
  db: Harness["db"],
) =>
  rankLive(
    {
      range: legacyPeriodDays(input.period, input.now),
      scope: { type: "platform" },
      metric: input.metric,
      minClicks: 20,
      limit: input.limit,
    },
    db,
  );

describe("the rolling leaderboards of topPromoters / myPosition (the shipped mobile app's)", () => {
  let h: Harness;
  /** Promoter ids by name; created in an order unrelated to their ids' order. */
  const ids: Record<string, string> = {};

  const promoter = async (
    name: string,
    totals: { salesCount: number; earningsCents: number },
    opts: { showOnLeaderboard?: boolean; displayName?: string } = {},
  ) => {
    const user = await h.db.user.create({
      data: { email: `${name}-${Date.now()}@lb.test`, name: `${name} Person` },
    });
    const p = await h.db.promoterProfile.create({
      data: { userId: user.id, ...totals, ...opts },
    });
    ids[name] = p.id;
    return p.id;
  };
  const day = (name: string, ymd: string, sales: number, commissionCents: number) =>
    h.db.promoterDailyStats.create({
      data: { promoterId: ids[name]!, day: d(ymd), sales, commissionCents },
    });

  beforeAll(async () => {
    h = await setupHarness();
    // tie1 and tie2 earn the same in the week; their order is by promoter id.
    await promoter("tie1", { salesCount: 1, earningsCents: 500 });
    await promoter("tie2", { salesCount: 3, earningsCents: 500 });
    await promoter("monthOnly", { salesCount: 1, earningsCents: 900 });
    await promoter(
      "old",
      { salesCount: 40, earningsCents: 10_100 },
      { showOnLeaderboard: true, displayName: "Old Hand" },
    );
    await promoter("refunded", { salesCount: 0, earningsCents: 0 });
    await day("tie1", "2030-06-30", 1, 500); // today
    await day("tie2", "2030-06-24", 3, 500); // 6 days ago: still in the week
    await day("monthOnly", "2030-06-23", 1, 900); // 7 days ago: month, not week
    await day("old", "2030-06-01", 1, 100); // 29 days ago: the month's first day
    await day("old", "2030-05-31", 39, 10_000); // 30 days ago: all time only
    await day("refunded", "2030-06-29", 0, 0); // a fully refunded sale nets to nothing
    await day("tie1", "2030-07-01", 9, 9_999); // after `now`: in no period yet
  });
  afterAll(async () => {
    await h.close();
  });

  const names = (rows: { promoterId: string }[]) => {
    const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    return rows.map((r) => byId[r.promoterId]);
  };
  /** The names in promoter-id order (how ties are broken). */
  const byId = (...ns: string[]) => [...ns].sort((a, b) => (ids[a]! < ids[b]! ? -1 : 1));

  test("periods are whole UTC days ending today: week = 7, month = 30", () => {
    expect(legacyPeriodDays("week", NOW)).toEqual({ from: "2030-06-24", to: "2030-06-30" });
    expect(legacyPeriodDays("month", NOW)).toEqual({ from: "2030-06-01", to: "2030-06-30" });
    expect(legacyPeriodDays("all", NOW)).toBeNull();
  });

  test("refreshLeaderboards ranks each period and metric: earnings and sales descending, ties by promoter id, nobody with nothing", async () => {
    // Rolling: week 2 + 2, month 4 + 4; all time 4 + 4 ("refunded" has nothing, so it is in no
    // set). leaderboard.top's sets by sales and earnings (no clicks here: no clicks or conversion
    // sets): today 1 + 1, ISO week 2 + 2, calendar month 4 + 4, last month 1 + 1, all 4 + 4.
    // Refreshed again with nothing new: the same rankings, so no cached page is expired.
    expect(await refreshLeaderboards({ now: NOW }, h.db)).toEqual({ rows: 36, changed: true });
    expect(await refreshLeaderboards({ now: NOW }, h.db)).toEqual({ rows: 36, changed: false });
    const key = { week: "rolling7", month: "rolling30", all: "all" } as Record<string, string>;
    const set = async (period: string, metric: string) =>
      h.db.leaderboardSnapshot.findMany({
        where: { period: key[period]!, metric },
        orderBy: { rank: "asc" },
      });

    const weekEarnings = await set("week", "earnings");
    expect(weekEarnings.map((r) => r.rank)).toEqual([1, 2]);
    expect(names(weekEarnings)).toEqual(byId("tie1", "tie2"));
    expect(weekEarnings.map((r) => [names([r])[0], r.commissionCents, r.sales]).sort()).toEqual([
      ["tie1", 500n, 1],
      ["tie2", 500n, 3],
    ]);
    expect(names(await set("week", "sales"))).toEqual(["tie2", "tie1"]);

    expect(names(await set("month", "earnings"))).toEqual([
      "monthOnly",
      ...byId("tie1", "tie2"),
      "old",
    ]);
    expect(names(await set("month", "sales"))).toEqual([
      "tie2",
      ...byId("monthOnly", "tie1", "old"),
    ]);
    const all = await set("all", "earnings");
    expect(names(all)).toEqual(["old", "monthOnly", ...byId("tie1", "tie2")]);
    expect(all[0]).toMatchObject({ commissionCents: 10_100n, sales: 40, computedAt: NOW });
    expect(names(await set("all", "sales"))).toEqual(["old", "tie2", ...byId("monthOnly", "tie1")]);
  });

  test("getTopPromoters reads the snapshot (a later sale shows after the next refresh), keeps its output and limit, and shows initials unless the promoter opted in", async () => {
    await refreshLeaderboards({ now: NOW }, h.db);
    const month = await getTopPromoters({ period: "month", limit: 2 }, h.db, NOW);
    expect(month).toHaveLength(2);
    expect(month[0]).toEqual({
      rank: 1,
      promoterId: ids.monthOnly,
      label: "M. P.",
      earningsCents: 900,
      salesCount: 1,
    });
    const all = await getTopPromoters({ period: "all" }, h.db, NOW);
    expect(all[0]).toMatchObject({ label: "Old Hand", earningsCents: 10_100, salesCount: 40 });
    expect(
      (await getTopPromoters({ period: "week", metric: "sales" }, h.db, NOW)).map((r) => r.rank),
    ).toEqual([1, 2]);

    // A new sale today: the snapshot still shows the old ranking until the job runs again.
    await h.db.promoterDailyStats.update({
      where: { promoterId_day: { promoterId: ids.refunded!, day: d("2030-06-29") } },
      data: { sales: 1, commissionCents: 5_000 },
    });
    expect((await getTopPromoters({ period: "week" }, h.db, NOW))[0]!.promoterId).not.toBe(
      ids.refunded,
    );
    await refreshLeaderboards({ now: NOW }, h.db);
    expect((await getTopPromoters({ period: "week" }, h.db, NOW))[0]).toMatchObject({
      promoterId: ids.refunded,
      earningsCents: 5_000,
    });
  });

  test("with no snapshot built yet, getTopPromoters ranks on the spot from the same rollups", async () => {
    await h.db.leaderboardSnapshot.deleteMany();
    const live = await getTopPromoters({ period: "month", limit: 100 }, h.db, NOW);
    const ranked = await rankPromoters(
      { period: "month", metric: "earnings", now: NOW, limit: 100 },
      h.db,
    );
    expect(live.map((r) => [r.rank, r.promoterId, r.earningsCents, r.salesCount])).toEqual(
      ranked.map((r) => [r.rank, r.promoterId, r.commissionCents, r.sales]),
    );
    expect(live.length).toBeGreaterThan(0);
  });

  test("a set keeps the top 100, and concurrent refreshes leave exactly one snapshot", async () => {
    const users = await Promise.all(
      Array.from({ length: 105 }, (_, i) =>
        h.db.user.create({ data: { email: `bulk${i}-${Date.now()}@lb.test`, name: `Bulk ${i}` } }),
      ),
    );
    await h.db.promoterProfile.createMany({
      data: users.map((u, i) => ({ userId: u.id, salesCount: 1, earningsCents: 1 + i })),
    });
    const results = await Promise.all([1, 2, 3].map(() => refreshLeaderboards({ now: NOW }, h.db)));
    expect(new Set(results.map((r) => r.rows)).size).toBe(1);
    const all = await h.db.leaderboardSnapshot.findMany({
      where: { period: "all", metric: "earnings" },
      orderBy: { rank: "asc" },
    });
    expect(all).toHaveLength(100);
    expect(all.map((r) => r.rank)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(all[0]!.commissionCents).toBe(10_100n);
    for (let i = 1; i < all.length; i++)
      expect(all[i]!.commissionCents).toBeLessThanOrEqual(all[i - 1]!.commissionCents);
    expect(
      await h.db.leaderboardSnapshot.count({ where: { period: "all", metric: "sales" } }),
    ).toBe(100);
  });

  test("getMyLeaderboardPosition gives every promoter the rank the board ranks them at, past the top 100 too, with what it takes to pass the one ahead", async () => {
    const profiles = await h.db.promoterProfile.findMany({ select: { id: true, userId: true } });
    for (const [period, metric] of [
      ["all", "earnings"],
      ["month", "sales"],
      ["week", "earnings"],
    ] as const) {
      const board = await rankPromoters({ period, metric, now: NOW, limit: 1_000 }, h.db);
      if (period === "all") expect(board.length).toBeGreaterThan(100);
      const value = (r: (typeof board)[number]) =>
        metric === "sales" ? r.sales : r.commissionCents;
      for (const p of profiles) {
        const me = await getMyLeaderboardPosition({ period, metric }, p.userId, h.db, NOW);
        const i = board.findIndex((r) => r.promoterId === p.id);
        if (i < 0) {
          expect(me).toMatchObject({ ranked: false, promotersRanked: board.length });
          continue;
        }
        const above = board[i - 1];
        expect(me).toEqual({
          ranked: true,
          showOnLeaderboard: p.id === ids.old,
          promotersRanked: board.length,
          rank: i + 1,
          value: value(board[i]!),
          ahead: above
            ? {
                rank: i,
                toPass: value(above) - value(board[i]!) + (above.promoterId < p.id ? 1 : 0),
              }
            : null,
        });
      }
    }
    // Someone who never promoted has no place on any board.
    const stranger = await h.db.user.create({ data: { email: `stranger-${Date.now()}@lb.test` } });
    expect(await getMyLeaderboardPosition({ period: "all" }, stranger.id, h.db, NOW)).toEqual({
      ranked: false,
      showOnLeaderboard: false,
      promotersRanked: expect.any(Number),
    });
  });
});
