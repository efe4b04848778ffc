import type { LeaderboardMetric, LeaderboardPeriod, LeaderboardScope } from "@fanfare/validators";
import { LEADERBOARD_METRICS, LEADERBOARD_PERIODS } from "@fanfare/validators";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { setPublicPageInvalidator } from "../cache/public-pages";
import { forgetProgramSettings, updateProgramSettings } from "../settings/program-settings";
import { getLeaderboardMe } from "./me";
import { rankLive } from "./ranking";
import { refreshLeaderboards } from "./refresh";
import { getLeaderboardTop } from "./top";
import { getTopPromoters } from "./top-promoters";

// A Wednesday: the ISO week began on Monday 2030-07-08, the month on 07-01, last month is June.
const NOW = new Date("2030-07-10T10:00:00.000Z");
const d = (ymd: string) => new Date(`${ymd}T00:00:00.000Z`);
type Day = { day: string; clicks: number; sales: number; commissionCents: number };

describe("leaderboard.top and leaderboard.me (issue 13 §4)", () => {
  let h: Harness;
  const ids: Record<string, string> = {};
  const users: Record<string, string> = {};
  const names = (rows: { promoterId: string }[]) => {
    const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    return rows.map((r) => byId[r.promoterId] ?? r.promoterId);
  };
  /** The names in promoter-id order (how ties are broken). */
  const byId = (...ns: string[]) => [...ns].sort((a, b) => (ids[a]! < ids[b]! ? -1 : 1));

  /** A promoter whose daily stats are `days` and whose all-time totals are `totals`. */
  const promoter = async (
    name: string,
    days: Day[],
    totals: { clicks: number; sales: number; commissionCents: number },
    opts: { displayName?: string; showOnLeaderboard?: boolean; userName?: string } = {},
  ) => {
    const user = await h.db.user.create({
      data: { email: `${name}-${Date.now()}@lb2.test`, name: opts.userName ?? `${name} Person` },
    });
    const p = await h.db.promoterProfile.create({
      data: {
        userId: user.id,
        clickCount: totals.clicks,
        salesCount: totals.sales,
        earningsCents: totals.commissionCents,
        displayName: opts.displayName,
        showOnLeaderboard: opts.showOnLeaderboard ?? false,
      },
    });
    await h.db.promoterDailyStats.createMany({
      data: days.map((x) => ({ promoterId: p.id, ...x, day: d(x.day) })),
    });
    ids[name] = p.id;
    users[name] = user.id;
  };

  const top = (
    period: LeaderboardPeriod,
    metric: LeaderboardMetric,
    scope: LeaderboardScope = { type: "platform" },
    limit = 100,
  ) => getLeaderboardTop({ period, metric, scope, limit }, h.db, NOW);
  const setSetting = async (key: string, value: number | null) => {
    if (value == null) await h.db.programSetting.deleteMany({ where: { key } });
    else
      await h.db.programSetting.upsert({
        where: { key },
        create: { key, value },
        update: { value },
      });
    forgetProgramSettings(h.db);
  };

  const scopes: Record<string, LeaderboardScope> = {};
  const trackIds: Record<string, string> = {};

  beforeAll(async () => {
    h = await setupHarness();
    await promoter(
      "ann",
      [
        { day: "2030-07-10", clicks: 10, sales: 2, commissionCents: 400 }, // today
        { day: "2030-07-07", clicks: 30, sales: 3, commissionCents: 900 }, // Sunday: last week, this month
      ],
      { clicks: 40, sales: 5, commissionCents: 1_300 },
    );
    await promoter(
      "bob",
      [
        { day: "2030-07-08", clicks: 20, sales: 1, commissionCents: 1_000 }, // Monday: this week
        { day: "2030-06-01", clicks: 5, sales: 4, commissionCents: 200 }, // last month's first day
      ],
      { clicks: 25, sales: 5, commissionCents: 1_200 },
    );
    await promoter(
      "cat",
      [
        { day: "2030-06-30", clicks: 100, sales: 1, commissionCents: 50 }, // last month's last day
        { day: "2030-05-31", clicks: 0, sales: 10, commissionCents: 5_000 }, // all time only
      ],
      { clicks: 100, sales: 11, commissionCents: 5_050 },
      { displayName: "Cat Walk", showOnLeaderboard: true },
    );
    await promoter(
      "dan",
      [
        { day: "2030-07-09", clicks: 2, sales: 1, commissionCents: 100 },
        { day: "2030-07-11", clicks: 0, sales: 9, commissionCents: 999 }, // after `now`: no period
      ],
      { clicks: 2, sales: 1, commissionCents: 100 },
      // A display name typed but not chosen for the boards: it must never be shown.
      { displayName: "Secret Name", showOnLeaderboard: false, userName: "Zed Zulu" },
    );

    // Artist X with tracks T1 and T2, artist Y with T3; the links' own daily stats and totals.
    const x = await h.makeUser({ artistName: "Artist X" });
    const y = await h.makeUser({ artistName: "Artist Y" });
    const t1 = (await h.makeTrack(x, { title: "One" })).track;
    const t2 = (await h.makeTrack(x, { title: "Two" })).track;
    const t3 = (await h.makeTrack(y, { title: "Three" })).track;
    const artistOf = async (userId: string) =>
      (await h.db.artistProfile.findUniqueOrThrow({ where: { userId } })).id;
    scopes.x = { type: "artist", artistId: await artistOf(x.id) };
    scopes.y = { type: "artist", artistId: await artistOf(y.id) };
    scopes.t1 = { type: "track", trackId: t1.id };
    scopes.t2 = { type: "track", trackId: t2.id };
    trackIds.t2 = t2.id;
    scopes.t3 = { type: "track", trackId: t3.id };
    let code = 0;
    const link = async (
      who: string,
      trackId: string,
      days: Day[],
      older: { clicks: number; sales: number; commissionCents: number } = {
        clicks: 0,
        sales: 0,
        commissionCents: 0,
      },
    ) => {
      const sum = (k: "clicks" | "sales" | "commissionCents") =>
        days.reduce((t, x) => t + x[k], older[k]);
      const l = await h.db.affiliateLink.create({
        data: {
          code: `lb${++code}${Date.now()}`,
          promoterId: ids[who]!,
          trackId,
          clickCount: sum("clicks"),
          salesCount: sum("sales"),
          commissionCents: sum("commissionCents"),
        },
      });
      await h.db.linkDailyStats.createMany({
        data: days.map((x) => ({ linkId: l.id, promoterId: ids[who]!, ...x, day: d(x.day) })),
      });
      if (older.sales)
        await h.db.linkDailyStats.create({
          data: { linkId: l.id, promoterId: ids[who]!, day: d("2030-05-01"), ...older },
        });
    };
    await link("ann", t1.id, [{ day: "2030-07-10", clicks: 10, sales: 2, commissionCents: 400 }], {
      clicks: 0,
      sales: 1,
      commissionCents: 100,
    });
    await link("bob", t1.id, [{ day: "2030-07-08", clicks: 20, sales: 1, commissionCents: 1_000 }]);
    await link("bob", t2.id, [{ day: "2030-07-09", clicks: 5, sales: 3, commissionCents: 300 }]);
    await link("cat", t3.id, [{ day: "2030-07-10", clicks: 50, sales: 5, commissionCents: 5_000 }]);
    await link("dan", t3.id, [{ day: "2030-07-09", clicks: 1, sales: 0, commissionCents: 0 }]);
  }, 120_000);
  afterAll(async () => {
    await h.close();
  });

  // Each board twice: ranked live (no snapshot built yet), then read from the snapshot.
  describe.each(["live", "snapshot"] as const)("the platform boards, %s", (mode) => {
    beforeAll(async () => {
      if (mode === "live") await h.db.leaderboardSnapshot.deleteMany();
      else await refreshLeaderboards({ now: NOW }, h.db);
    });

    test("each period is its UTC days: today, the ISO week from Monday, the calendar month, the whole last month, all time", async () => {
      expect(names((await top("today", "sales")).rows)).toEqual(["ann"]);
      expect(names((await top("week", "sales")).rows)).toEqual(["ann", ...byId("bob", "dan")]);
      expect(names((await top("month", "sales")).rows)).toEqual(["ann", ...byId("bob", "dan")]);
      expect((await top("month", "sales")).rows[0]).toMatchObject({ value: 5, sales: 5 });
      expect((await top("week", "sales")).rows[0]).toMatchObject({ value: 2, sales: 2 });
      expect(names((await top("lastMonth", "sales")).rows)).toEqual(["bob", "cat"]);
      expect(names((await top("all", "sales")).rows)).toEqual([
        "cat",
        ...byId("ann", "bob"),
        "dan",
      ]);
    });

    test("earnings and clicks rank by their own totals, and every row carries all of them", async () => {
      const week = await top("week", "earnings");
      expect(names(week.rows)).toEqual(["bob", "ann", "dan"]);
      expect(week.rows[0]).toEqual({
        rank: 1,
        promoterId: ids.bob,
        label: "B. P.",
        value: 1_000,
        sales: 1,
        clicks: 20,
        earningsCents: 1_000,
        conversionBps: 500,
      });
      expect(names((await top("month", "clicks")).rows)).toEqual(["ann", "bob", "dan"]);
      expect((await top("month", "clicks")).rows.map((r) => r.value)).toEqual([40, 20, 2]);
      expect(names((await top("lastMonth", "earnings")).rows)).toEqual(["bob", "cat"]);
    });

    test("conversion is sales per click in basis points, among promoters with the minimum of clicks (20) and a sale", async () => {
      const all = await top("all", "conversion");
      expect(all.minClicks).toBe(20);
      // bob 5 / 25 = 20 %, ann 5 / 40 = 12.5 %, cat 11 / 100 = 11 %; dan (2 clicks) is not ranked.
      expect(all.rows.map((r) => [names([r])[0], r.value])).toEqual([
        ["bob", 2_000],
        ["ann", 1_250],
        ["cat", 1_100],
      ]);
      expect(names((await top("month", "conversion")).rows)).toEqual(["ann", "bob"]);
      // Today ann has 10 clicks: nobody qualifies.
      expect((await top("today", "conversion")).rows).toEqual([]);
      expect(names((await top("lastMonth", "conversion")).rows)).toEqual(["cat"]);
    });

    test("privacy: initials unless the promoter opted in; a name not opted in never leaves the server", async () => {
      const all = await top("all", "sales");
      const label = (n: string) => all.rows.find((r) => r.promoterId === ids[n])?.label;
      expect(label("cat")).toBe("Cat Walk");
      expect(label("ann")).toBe("A. P.");
      expect(label("dan")).toBe("S. N.");
      for (const period of LEADERBOARD_PERIODS)
        for (const metric of LEADERBOARD_METRICS)
          for (const scope of [{ type: "platform" } as const, scopes.x!, scopes.y!, scopes.t3!]) {
            const json = JSON.stringify(await top(period, metric, scope));
            expect(json).not.toContain("Secret");
            expect(json).not.toContain("Zed");
          }
    });

    test("a limit returns the first rows", async () => {
      expect(names((await top("all", "sales", { type: "platform" }, 2)).rows)).toEqual([
        "cat",
        byId("ann", "bob")[0],
      ]);
    });
  });

  test("the snapshot keeps each platform board's rows and when they were ranked", async () => {
    await refreshLeaderboards({ now: NOW }, h.db);
    const week = await top("week", "sales");
    expect(week).toMatchObject({ disabled: false, computedAt: NOW.toISOString() });
    // A sale after the refresh shows on the public board after the next one.
    await h.db.promoterDailyStats.update({
      where: { promoterId_day: { promoterId: ids.dan!, day: d("2030-07-09") } },
      data: { sales: 50 },
    });
    expect(names((await top("week", "sales")).rows)[0]).toBe("ann");
    await refreshLeaderboards({ now: NOW }, h.db);
    expect(names((await top("week", "sales")).rows)[0]).toBe("dan");
    await h.db.promoterDailyStats.update({
      where: { promoterId_day: { promoterId: ids.dan!, day: d("2030-07-09") } },
      data: { sales: 1 },
    });
    await refreshLeaderboards({ now: NOW }, h.db);
  });

  test("the conversion minimum is a program setting, applied by the next refresh", async () => {
    await setSetting("leaderboardMinClicks", 5);
    await refreshLeaderboards({ now: NOW }, h.db);
    const week = await top("week", "conversion");
    expect(week.minClicks).toBe(5);
    // ann 2 / 10 = 20 %, bob 1 / 20 = 5 %; dan still has 2 clicks.
    expect(week.rows.map((r) => [names([r])[0], r.value])).toEqual([
      ["ann", 2_000],
      ["bob", 500],
    ]);
    await setSetting("leaderboardMinClicks", null);
    await refreshLeaderboards({ now: NOW }, h.db);
    expect(names((await top("week", "conversion")).rows)).toEqual(["bob"]);
  });

  test("artist and track scopes rank the promoters of that artist's tracks or that track, from the links' stats", async () => {
    // Track One: ann 2 sales today (3 all time), bob 1 on Monday.
    expect(
      (await top("week", "sales", scopes.t1)).rows.map((r) => [names([r])[0], r.value]),
    ).toEqual([
      ["ann", 2],
      ["bob", 1],
    ]);
    expect(
      (await top("all", "sales", scopes.t1)).rows.map((r) => [names([r])[0], r.value]),
    ).toEqual([
      ["ann", 3],
      ["bob", 1],
    ]);
    expect((await top("today", "sales", scopes.t1)).rows.map((r) => names([r])[0])).toEqual([
      "ann",
    ]);
    // Artist X sums bob's two links: 1 + 3 sales, 1,000 + 300 cents.
    const x = await top("week", "earnings", scopes.x);
    expect(x.rows.map((r) => [names([r])[0], r.value, r.sales, r.clicks])).toEqual([
      ["bob", 1_300, 4, 25],
      ["ann", 400, 2, 10],
    ]);
    expect(names((await top("all", "sales", scopes.x)).rows)).toEqual(["bob", "ann"]);
    expect(names((await top("lastMonth", "sales", scopes.x)).rows)).toEqual([]);
    // Artist Y: cat (5 sales of 50 clicks); dan clicked once, sold nothing.
    expect(names((await top("all", "sales", scopes.y)).rows)).toEqual(["cat"]);
    expect(names((await top("month", "clicks", scopes.y)).rows)).toEqual(["cat", "dan"]);
    expect((await top("all", "conversion", scopes.t3)).rows.map((r) => r.value)).toEqual([1_000]);
  });

  test("a suspended or terminated promoter leaves every board (platform and scoped) and is back when reinstated", async () => {
    const before = await top("all", "sales", scopes.x);
    expect(names(before.rows)).toContain("bob");
    await h.db.promoterProfile.update({ where: { id: ids.bob! }, data: { status: "SUSPENDED" } });
    try {
      expect(names((await top("all", "sales", scopes.x)).rows)).not.toContain("bob");
      const all = await rankLive(
        { range: null, scope: { type: "platform" }, metric: "sales", minClicks: 0, limit: 100 },
        h.db,
      );
      expect(all.map((r) => r.promoterId)).not.toContain(ids.bob);
    } finally {
      await h.db.promoterProfile.update({ where: { id: ids.bob! }, data: { status: "ACTIVE" } });
    }
    expect(names((await top("all", "sales", scopes.x)).rows)).toEqual(names(before.rows));
  });

  test("a scope must name an artist, or a track on sale", async () => {
    await expect(top("all", "sales", { type: "artist", artistId: "nope" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "Artist nope does not exist.",
    });
    await h.db.track.update({
      where: { id: trackIds.t2 },
      data: { published: false },
    });
    await expect(top("all", "sales", scopes.t2)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      getLeaderboardMe({ period: "all", metric: "sales", scope: scopes.t2 }, users.bob!, h.db, NOW),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The artist's board still counts the draft's past sales (they happened).
    expect(names((await top("week", "sales", scopes.x)).rows)).toEqual(["bob", "ann"]);
  });

  const me = (
    name: string,
    period: LeaderboardPeriod,
    metric: LeaderboardMetric,
    scope?: LeaderboardScope,
  ) => getLeaderboardMe({ period, metric, scope }, users[name]!, h.db, NOW);

  test("me: rank, value, how many are ranked and the gap to pass the one above", async () => {
    expect(await me("ann", "week", "earnings")).toEqual({
      disabled: false,
      ranked: true,
      rank: 2,
      value: 400,
      total: 3,
      // bob's 1,000 − 400, plus one when bob wins a tie (his id is smaller).
      gap: 600 + (ids.bob! < ids.ann! ? 1 : 0),
      qualifies: true,
      clicksToQualify: 0,
      minClicks: 20,
      showOnLeaderboard: false,
    });
    expect(await me("bob", "week", "earnings")).toMatchObject({ ranked: true, rank: 1, gap: null });
    // Conversion: ann has 10 of the 20 clicks it takes today.
    expect(await me("ann", "today", "conversion")).toMatchObject({
      ranked: false,
      rank: null,
      value: 2_000,
      total: 0,
      qualifies: false,
      clicksToQualify: 10,
    });
    // cat sold nothing this week: not on the board, which ranks 3.
    expect(await me("cat", "week", "sales")).toMatchObject({
      ranked: false,
      rank: null,
      value: 0,
      total: 3,
      gap: null,
      qualifies: true,
      showOnLeaderboard: true,
    });
    expect(await me("bob", "week", "sales", scopes.x)).toMatchObject({
      rank: 1,
      value: 4,
      total: 2,
    });
    expect(await me("ann", "all", "sales", scopes.t1)).toMatchObject({
      rank: 1,
      value: 3,
      total: 2,
    });
    // Someone who never promoted: no place, but the board's size.
    const stranger = await h.db.user.create({ data: { email: `stranger-${Date.now()}@lb2.test` } });
    expect(
      await getLeaderboardMe({ period: "all", metric: "sales" }, stranger.id, h.db, NOW),
    ).toMatchObject({ ranked: false, rank: null, value: 0, total: 4, showOnLeaderboard: false });
  });

  test("me agrees with the board for every promoter, period, metric and scope", async () => {
    await refreshLeaderboards({ now: NOW }, h.db);
    for (const scope of [{ type: "platform" } as const, scopes.x!, scopes.t1!, scopes.t3!])
      for (const period of LEADERBOARD_PERIODS)
        for (const metric of LEADERBOARD_METRICS) {
          const board = (await top(period, metric, scope)).rows;
          for (const name of ["ann", "bob", "cat", "dan"]) {
            const mine = await me(name, period, metric, scope);
            const i = board.findIndex((r) => r.promoterId === ids[name]);
            const where = `${name} ${period} ${metric} ${scope.type}`;
            expect(mine.total, where).toBe(board.length);
            if (i < 0) {
              expect(mine.ranked, where).toBe(false);
              continue;
            }
            const above = board[i - 1];
            expect(mine, where).toMatchObject({
              ranked: true,
              rank: i + 1,
              value: board[i]!.value,
              gap: above
                ? above.value - board[i]!.value + (above.promoterId < ids[name]! ? 1 : 0)
                : null,
            });
          }
        }
  });

  test("own rank outside the top 100: #N of M and the gap, while the public board lists 100", async () => {
    // 120 more promoters with 1..120 sales today; ann has 2 today, so 119 are ahead of her
    // (those with 3 or more: 118) plus those with 2 and a smaller id.
    const bulk = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        h.db.user.create({ data: { email: `bulk${i}-${Date.now()}@lb2.test`, name: `Bulk ${i}` } }),
      ),
    );
    const profiles = await h.db.promoterProfile.createManyAndReturn({
      data: bulk.map((u) => ({ userId: u.id })),
      select: { id: true },
    });
    await h.db.promoterDailyStats.createMany({
      data: profiles.map((p, i) => ({
        promoterId: p.id,
        day: d("2030-07-10"),
        sales: i + 1,
        commissionCents: 10 * (i + 1),
      })),
    });
    await refreshLeaderboards({ now: NOW }, h.db);
    const board = await top("today", "sales");
    expect(board.rows).toHaveLength(100);
    expect(board.rows.some((r) => r.promoterId === ids.ann)).toBe(false);
    const twoSales = profiles[1]!.id;
    const mine = await me("ann", "today", "sales");
    expect(mine).toMatchObject({
      ranked: true,
      rank: 118 + (twoSales < ids.ann! ? 1 : 0) + 1,
      value: 2,
      total: 121,
      // The one above has 2 sales and wins the tie (1 more passes them), or has 3.
      gap: 1,
    });
    expect(mine.rank!).toBeGreaterThan(100);
  });

  test("the admin switch: off, every board is empty and says so, and nobody's position is told", async () => {
    await setSetting("leaderboardVisibility", 1);
    expect(await top("all", "sales")).toEqual({
      disabled: true,
      minClicks: 20,
      computedAt: null,
      rows: [],
    });
    expect((await top("week", "earnings", scopes.x)).rows).toEqual([]);
    expect(await me("ann", "all", "sales")).toMatchObject({
      disabled: true,
      ranked: false,
      rank: null,
      total: 0,
    });
    // The shipped app's procedures are boards too.
    expect(await getTopPromoters({ period: "all" }, h.db, NOW)).toEqual([]);
    // Through the router, for anyone.
    const anon = await h.callerFor(null);
    expect(await anon.leaderboard.top({ period: "all", metric: "sales" })).toMatchObject({
      disabled: true,
      rows: [],
    });
    await setSetting("leaderboardVisibility", null);
    expect((await top("all", "sales")).rows.length).toBeGreaterThan(0);
    expect(
      (await anon.leaderboard.top({ period: "all", metric: "sales", limit: 3 })).rows,
    ).toHaveLength(3);
  });

  test("the cached boards expire when the rankings change, and when the leaderboard's settings do", async () => {
    const seen: string[][] = [];
    setPublicPageInvalidator((tags) => seen.push(tags));
    try {
      await refreshLeaderboards({ now: NOW }, h.db);
      seen.length = 0;
      // Nothing new: the same rankings, no page expired.
      expect((await refreshLeaderboards({ now: NOW }, h.db)).changed).toBe(false);
      expect(seen).toEqual([]);
      const where = { promoterId_day: { promoterId: ids.dan!, day: d("2030-07-09") } };
      await h.db.promoterDailyStats.update({ where, data: { clicks: 3 } });
      expect((await refreshLeaderboards({ now: NOW }, h.db)).changed).toBe(true);
      expect(seen).toEqual([["leaderboard"]]);
      await h.db.promoterDailyStats.update({ where, data: { clicks: 2 } });
      await refreshLeaderboards({ now: NOW }, h.db);

      const admin = await h.makeAdmin();
      seen.length = 0;
      await updateProgramSettings(
        { values: { leaderboardVisibility: 1 }, reason: "Off for the test" },
        { userId: admin.id },
        h.db,
      );
      expect(seen).toEqual([["leaderboard"]]);
      seen.length = 0;
      await updateProgramSettings(
        { values: { holdDays: 13, leaderboardVisibility: 1 }, reason: "Unrelated" },
        { userId: admin.id },
        h.db,
      );
      expect(seen).toEqual([]);
    } finally {
      setPublicPageInvalidator(null);
      await setSetting("leaderboardVisibility", null);
      await setSetting("holdDays", null);
    }
  });
});
