import type { LeaderboardMetric, LeaderboardPeriod } from "@fanfare/validators";
import { LEADERBOARD_METRICS, LEADERBOARD_PERIODS } from "@fanfare/validators";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { getLeaderboardMe } from "./me";
import { periodDays } from "./periods";
import { rankLive } from "./ranking";

// `leaderboard.me` counts a platform board by the cheapest route to it (ranking.ts,
// `rankedValuesSql`): the profiles' totals for all time, one day's rows as they are, the sum of
// the rows that move the metric for longer periods. Each must rank exactly as the board does.
// A Wednesday: today is one day, the week (from Monday 07-08) and the month (from 07-01) several.
const MID = new Date("2030-07-10T10:00:00.000Z");
// Monday the 1st: today, the week and the month are all the one day 07-01.
const FIRST = new Date("2030-07-01T10:00:00.000Z");
const DAYS = ["2030-06-15", "2030-07-01", "2030-07-08", "2030-07-10"];
const d = (ymd: string) => new Date(`${ymd}T00:00:00.000Z`);
type Row = { clicks: number; sales: number; commissionCents: number };
const row = (clicks: number, sales: number, commissionCents: number): Row => ({
  clicks,
  sales,
  commissionCents,
});

describe("leaderboard.me counts every platform board as the board ranks it", () => {
  let h: Harness;
  const ids: Record<string, string> = {};
  const users: Record<string, string> = {};

  /** A promoter with `days` of daily stats, all-time totals and a status. */
  const promoter = async (
    name: string,
    days: Record<string, Row>,
    totals: Row,
    status: "ACTIVE" | "SUSPENDED" | "PENDING" = "ACTIVE",
  ) => {
    const user = await h.db.user.create({
      data: { email: `${name}-${Date.now()}@lbpos.test`, name: `${name} Person` },
    });
    const p = await h.db.promoterProfile.create({
      data: {
        userId: user.id,
        status,
        clickCount: totals.clicks,
        salesCount: totals.sales,
        earningsCents: totals.commissionCents,
      },
    });
    await h.db.promoterDailyStats.createMany({
      data: Object.entries(days).map(([day, r]) => ({ promoterId: p.id, day: d(day), ...r })),
    });
    ids[name] = p.id;
    users[name] = user.id;
  };
  const everyDay = (r: Row) => Object.fromEntries(DAYS.map((day) => [day, r]));

  const me = (name: string, period: LeaderboardPeriod, metric: LeaderboardMetric, now = MID) =>
    getLeaderboardMe({ period, metric }, users[name]!, h.db, now);
  const board = (period: LeaderboardPeriod, metric: LeaderboardMetric, now = MID) =>
    rankLive(
      {
        range: periodDays(period, now),
        scope: { type: "platform" },
        metric,
        minClicks: 20,
        limit: 1_000,
      },
      h.db,
    );

  beforeAll(async () => {
    h = await setupHarness();
    await promoter("hi", everyDay(row(40, 5, 500)), row(160, 20, 2_000));
    // Three promoters tied on every board: the promoter id breaks the tie.
    for (const name of ["tie1", "tie2", "tie3"])
      await promoter(name, everyDay(row(30, 3, 300)), row(120, 12, 1_200));
    await promoter("lo", everyDay(row(25, 1, 100)), row(100, 4, 400));
    // The most of everything, but not in good standing: on no board, ahead of nobody.
    await promoter("suspended", everyDay(row(100, 9, 900)), row(400, 36, 3_600), "SUSPENDED");
    await promoter("pending", everyDay(row(50, 4, 400)), row(200, 16, 1_600), "PENDING");
    // The best conversion (20 %), from 10 clicks a day: below the 20 clicks conversion asks for
    // on a one-day board, enough over the week (07-08 and 07-10).
    await promoter(
      "few",
      { "2030-07-08": row(10, 2, 200), "2030-07-10": row(10, 2, 200) },
      row(20, 4, 400),
    );
    // Clicks and no sale: only on the clicks board.
    await promoter("clicker", everyDay(row(7, 0, 0)), row(28, 0, 0));
    // A sale on Monday taken back on Wednesday: nothing this week, ranked on Monday alone.
    await promoter(
      "netZero",
      { "2030-07-08": row(0, 2, 200), "2030-07-10": row(0, -2, -200) },
      row(0, 0, 0),
    );
    // Daily stats whose profile is gone rank nobody.
    await h.db.promoterDailyStats.createMany({
      data: DAYS.map((day) => ({
        promoterId: "zz-no-profile",
        day: d(day),
        ...row(500, 50, 5_000),
      })),
    });
  }, 120_000);
  afterAll(async () => {
    await h.close();
  });

  test.each([
    ["a Wednesday", MID],
    ["Monday the 1st", FIRST],
  ] as const)(
    "on %s: every promoter's rank, #N of M and gap equal the board's, every period and metric",
    async (_, now) => {
      for (const period of LEADERBOARD_PERIODS)
        for (const metric of LEADERBOARD_METRICS) {
          const rows = await board(period, metric, now);
          for (const name of Object.keys(ids)) {
            const mine = await me(name, period, metric, now);
            const where = `${name} ${period} ${metric} ${now.toISOString()}`;
            const i = rows.findIndex((r) => r.promoterId === ids[name]);
            expect(mine.total, where).toBe(rows.length);
            if (i < 0) {
              expect(mine, where).toMatchObject({ ranked: false, rank: null, gap: null });
              continue;
            }
            const above = rows[i - 1];
            expect(mine, where).toMatchObject({
              ranked: true,
              rank: i + 1,
              value: rows[i]!.value,
              gap: above
                ? above.value - rows[i]!.value + (above.promoterId < ids[name]! ? 1 : 0)
                : null,
            });
          }
        }
    },
  );

  test("ties: equal values rank by promoter id, and passing the one above takes one more", async () => {
    const tied = ["tie1", "tie2", "tie3"].sort((a, b) => (ids[a]! < ids[b]! ? -1 : 1));
    for (const [period, now] of [
      ["today", MID], // one day's rows
      ["week", MID], // a sum over days
      ["week", FIRST], // one day
      ["all", MID], // the profiles' totals
    ] as const) {
      // hi is first; then the three tied, in id order.
      const [a, b, c] = await Promise.all(tied.map((n) => me(n, period, "sales", now)));
      const where = `${period} ${now.toISOString()}`;
      expect(a, where).toMatchObject({ rank: 2 });
      expect(a!.gap, where).toBe(
        (await me("hi", period, "sales", now)).value -
          a!.value +
          (ids.hi! < ids[tied[0]!]! ? 1 : 0),
      );
      expect(b, where).toMatchObject({ rank: 3, gap: 1, value: a!.value });
      expect(c, where).toMatchObject({ rank: 4, gap: 1, value: a!.value });
    }
  });

  test("not ranked: a promoter not in good standing keeps their figures but is on no board and ahead of nobody", async () => {
    expect(await me("suspended", "today", "sales")).toMatchObject({
      ranked: false,
      rank: null,
      value: 9,
      total: 6, // hi, the three tied, few, lo: not the suspended, pending or orphaned figures
      gap: null,
    });
    expect(await me("pending", "all", "earnings")).toMatchObject({
      ranked: false,
      value: 1_600,
    });
    expect(await me("hi", "today", "sales")).toMatchObject({ rank: 1, gap: null, total: 6 });
    expect(await me("hi", "all", "sales")).toMatchObject({ rank: 1, gap: null });
    // No sale, no place on the sales board; a place on the clicks board.
    expect(await me("clicker", "month", "sales")).toMatchObject({ ranked: false, value: 0 });
    expect(await me("clicker", "month", "clicks")).toMatchObject({ ranked: true, value: 21 });
    // A sale and its reversal within the week: zero, not ranked; Monday alone ranks it.
    expect(await me("netZero", "week", "sales")).toMatchObject({ ranked: false, value: 0 });
    expect(await me("netZero", "week", "sales", d("2030-07-08"))).toMatchObject({
      ranked: true,
      value: 2,
    });
  });

  test("conversion below the minimum clicks: not ranked, how many clicks are missing, and nobody is counted ahead for it", async () => {
    // Today: 10 of 20 clicks; 2 sales of 10 clicks would be 20 %.
    expect(await me("few", "today", "conversion")).toMatchObject({
      ranked: false,
      rank: null,
      value: 2_000,
      qualifies: false,
      clicksToQualify: 10,
      gap: null,
    });
    // hi converts 12.5 %, the best of those with 20 clicks today: first, few is not ahead.
    expect(await me("hi", "today", "conversion")).toMatchObject({
      ranked: true,
      rank: 1,
      value: 1_250,
      gap: null,
    });
    // Over the week few has 20 clicks: ranked, first.
    expect(await me("few", "week", "conversion")).toMatchObject({
      ranked: true,
      rank: 1,
      qualifies: true,
      clicksToQualify: 0,
    });
    expect(await me("hi", "week", "conversion")).toMatchObject({
      rank: 2,
      gap: 2_000 - 1_250 + (ids.few! < ids.hi! ? 1 : 0),
    });
  });

  test("someone without a promoter profile learns only how many the board ranks", async () => {
    const stranger = await h.db.user.create({
      data: { email: `stranger-${Date.now()}@lbpos.test` },
    });
    for (const period of LEADERBOARD_PERIODS)
      expect(
        await getLeaderboardMe({ period, metric: "sales" }, stranger.id, h.db, MID),
      ).toMatchObject({
        ranked: false,
        rank: null,
        value: 0,
        total: (await board(period, "sales")).length,
      });
  });
});
