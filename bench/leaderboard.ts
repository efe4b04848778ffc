/**
 * `pnpm --filter @fanfare/bench leaderboard` — the leaderboards of issue 13 §4 on a large data
 * set: `leaderboard.top` top-100 p95 for the platform (goal ≤ 20 ms at 10M sales), the minutely
 * `leaderboard.refresh`, `leaderboard.me` for random promoters, and the artist and track boards
 * (ranked live), with their query plans. Figures only, nothing asserts; not part of CI.
 *
 * It makes its own database `fanfare_bench_leaderboard` on the PostgreSQL server at BENCH_PG_URL
 * (default postgresql://postgres@127.0.0.1:5432/postgres), migrated, and fills only what the
 * leaderboards read, shaped like `pnpm bench:seed` at the same scale: at `--scale 1` 100k
 * promoters (users + profiles, a third opted in to their name), 2k artists, 20k tracks, ~120k
 * links; the daily stats of the last 70 UTC days (every period but all time: today, the ISO week,
 * this and last calendar month, the rolling 30 days) at the 10M-sale data set's density (~57k
 * active promoters a day, ~110k counted clicks and ~19k sales through links a day), written per
 * link (`LinkDailyStats`) and summed per promoter (`PromoterDailyStats`); and the all-time totals
 * on links and profiles adding up to 10M sales. No Sale, ledger or click rows: no leaderboard
 * reads them. `--scale 0.1` takes seconds, `--scale 1` a few minutes on 2 cores.
 *
 *   pnpm --filter @fanfare/bench leaderboard [--scale 1] [--runs 400] [--keep]
 */
import type { PrismaClient } from "@fanfare/db";
import { Prisma as P } from "@fanfare/db";
import { createCaller, createTRPCContext } from "@fanfare/api";
import { getLeaderboardMe } from "@fanfare/api/services/leaderboard/me";
import { periodDays } from "@fanfare/api/services/leaderboard/periods";
import { totalsSql } from "@fanfare/api/services/leaderboard/ranking";
import { refreshLeaderboards } from "@fanfare/api/services/leaderboard/refresh";
import { getLeaderboardTop } from "@fanfare/api/services/leaderboard/top";
// Types only: the bench package does not depend on the validators at run time.
import type { LeaderboardMetric, LeaderboardPeriod, LeaderboardScope } from "@fanfare/validators";

import { freshPgDatabase, pct, withDb } from "./lib";

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const SCALE = arg("--scale", 1);
const RUNS = arg("--runs", 400);
const KEEP = argv.includes("--keep");
const DAYS = 70;
const PERIODS: LeaderboardPeriod[] = ["today", "week", "month", "lastMonth", "all"];
const METRICS: LeaderboardMetric[] = ["sales", "earnings", "conversion", "clicks"];
const P_COUNT = Math.max(200, Math.round(100_000 * SCALE));
const A_COUNT = Math.max(10, Math.round(2_000 * SCALE));
const T_COUNT = Math.max(50, Math.round(20_000 * SCALE));
const EXTRA_LINKS = Math.round(20_000 * SCALE);
const TOTAL_SALES = Math.round(10_000_000 * SCALE);
/** The 10M-sale set's density: promoter-days with activity, and per such day clicks and sales. */
const ACTIVE_SHARE = 0.57;

const results: { name: string; runs: number; p50: number; p95: number; max: number }[] = [];

/** Runs `fn` `runs` times after `warmup` unmeasured runs; prints p50/p95/max in ms. */
async function measure(
  name: string,
  runs: number,
  fn: (i: number) => Promise<unknown>,
  warmup = 5,
) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  const r = { name, runs, p50: pct(ms, 50), p95: pct(ms, 95), max: Math.max(...ms) };
  results.push(r);
  console.log(
    `${name.padEnd(70)} p50 ${r.p50.toFixed(1).padStart(8)} ms  p95 ${r.p95.toFixed(1).padStart(8)} ms  max ${r.max.toFixed(1).padStart(8)} ms  (${runs} runs)`,
  );
  return r;
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  console.log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

/** Fills the tables the leaderboards read (see the header). */
async function load(db: PrismaClient, now: Date) {
  const today = now.toISOString().slice(0, 10);
  const run = async (sql: string) => db.$executeRawUnsafe(sql);
  const TABLES = [
    "User",
    "PromoterProfile",
    "ArtistProfile",
    "Track",
    "AffiliateLink",
    "LinkDailyStats",
    "PromoterDailyStats",
  ];
  // Foreign keys are triggers: off while loading (the rows are consistent by construction).
  for (const t of TABLES) await run(`ALTER TABLE "${t}" DISABLE TRIGGER ALL`);
  await timed(
    `users, profiles, artists, tracks (${P_COUNT} promoters, ${A_COUNT} artists, ${T_COUNT} tracks)`,
    async () => {
      await run(`SELECT setseed(0.42)`);
      await run(`INSERT INTO "User" ("id", "name", "email", "sessionVersion", "isAdmin", "createdAt", "updatedAt")
      SELECT 'u' || g, 'Promoter ' || g, 'promoter' || g || '@bench.fanfare.test', 0, false, now(), now() FROM generate_series(1, ${P_COUNT}) g
      UNION ALL
      SELECT 'ua' || g, 'Artist ' || g, 'artist' || g || '@bench.fanfare.test', 0, false, now(), now() FROM generate_series(1, ${A_COUNT}) g`);
      await run(`INSERT INTO "PromoterProfile" ("id", "userId", "displayName", "showOnLeaderboard", "createdAt", "updatedAt")
      SELECT 'p' || g, 'u' || g, CASE WHEN g % 3 = 0 THEN 'Promoter ' || g END, g % 3 = 0, now(), now() FROM generate_series(1, ${P_COUNT}) g`);
      await run(`INSERT INTO "ArtistProfile" ("id", "userId", "name", "slug", "bio", "createdAt", "updatedAt")
      SELECT 'a' || g, 'ua' || g, 'Artist ' || g, 'artist-' || g, '', now(), now() FROM generate_series(1, ${A_COUNT}) g`);
      await run(`INSERT INTO "Track" ("id", "artistId", "slug", "title", "description", "masterUploadId", "masterKey", "masterContentType",
        "masterFilename", "masterSizeBytes", "masterFormat", "durationSeconds", "priceCents", "currency", "affiliateEnabled", "commissionBps",
        "published", "publishedAt", "createdAt", "updatedAt")
      SELECT 't' || g, 'a' || (1 + (g - 1) % ${A_COUNT}), 'track-' || g, 'Track ' || g, '', 'up-t' || g, 'masters/t' || g || '.wav', 'audio/wav',
        'master.wav', 1, 'wav', 180, 1000, 'usd', true, 2000, true, now(), now(), now()
      FROM generate_series(1, ${T_COUNT}) g`);
    },
  );
  await timed(
    `affiliate links (every promoter one, ${EXTRA_LINKS} more on busy promoters; popular tracks more)`,
    async () => {
      await run(`SELECT setseed(0.43)`);
      await run(`CREATE TEMP TABLE bench_link AS
      WITH cand AS (
        SELECT g AS p, 1 + floor(${T_COUNT} * power(random(), 2))::int AS t FROM generate_series(1, ${P_COUNT}) g
        UNION ALL
        SELECT 1 + floor(${P_COUNT} * power(random(), 3))::int, 1 + floor(${T_COUNT} * power(random(), 2))::int FROM generate_series(1, ${EXTRA_LINKS})
      ) SELECT DISTINCT p, t FROM cand`);
      await run(`ALTER TABLE bench_link ADD COLUMN no serial`);
      await run(`INSERT INTO "AffiliateLink" ("id", "code", "promoterId", "trackId", "disabled", "createdAt", "updatedAt")
      SELECT 'l' || no, 'c' || no, 'p' || p, 't' || t, false, now(), now() FROM bench_link`);
      // Each promoter's links, numbered, so a day's activity lands on one of them.
      await run(`CREATE TEMP TABLE bench_plink AS
      SELECT p, no, row_number() OVER (PARTITION BY p ORDER BY no) - 1 AS k, COUNT(*) OVER (PARTITION BY p) AS n FROM bench_link`);
      await run(`CREATE INDEX ON bench_plink (p, k)`);
    },
  );
  await timed(
    `LinkDailyStats: ${DAYS} days, ~${Math.round(P_COUNT * ACTIVE_SHARE)} active promoters a day`,
    async () => {
      await run(`SELECT setseed(0.44)`);
      // Busy promoters (small numbers) click and sell more: weight ~ 1 / p^0.35 around a mean of
      // ~2 counted clicks and ~0.33 sales per active promoter-day.
      await run(`INSERT INTO "LinkDailyStats" ("linkId", "day", "promoterId", "clicks", "sales", "commissionCents")
      SELECT 'l' || l.no, x.day, 'p' || x.p, x.clicks, x.sales, x.sales * (50 + (hashint4(x.p) & 255))
      FROM (
        SELECT p, ('${today}'::date - d) AS day, d,
          floor(-ln(1 - random()) * 2 * w)::int AS clicks,
          CASE WHEN random() < 0.28 * w THEN 1 + floor(-ln(1 - random()) * 0.3)::int ELSE 0 END AS sales
        FROM generate_series(0, ${DAYS - 1}) d
        CROSS JOIN LATERAL (SELECT g AS p, LEAST(4.0, 3.2 / power(g, 0.12)) AS w FROM generate_series(1, ${P_COUNT}) g) pw
        WHERE random() < ${ACTIVE_SHARE}
      ) x
      JOIN bench_plink pl ON pl.p = x.p AND pl.k = x.d % pl.n
      JOIN bench_link l ON l.no = pl.no
      WHERE x.clicks > 0 OR x.sales > 0`);
    },
  );
  await timed("PromoterDailyStats: the same per promoter and day", async () => {
    await run(`INSERT INTO "PromoterDailyStats" ("promoterId", "day", "clicks", "sales", "commissionCents")
      SELECT "promoterId", "day", SUM("clicks"), SUM("sales"), SUM("commissionCents") FROM "LinkDailyStats" GROUP BY 1, 2`);
  });
  await timed(
    `all-time totals: the ${DAYS} days plus older sales, ${TOTAL_SALES.toLocaleString("en-US")} in all`,
    async () => {
      await run(`SELECT setseed(0.45)`);
      await run(`CREATE TEMP TABLE bench_recent AS
      SELECT "linkId", SUM("clicks") AS clicks, SUM("sales") AS sales, SUM("commissionCents") AS cents FROM "LinkDailyStats" GROUP BY 1`);
      await run(`CREATE UNIQUE INDEX ON bench_recent ("linkId")`);
      const [r] = await db.$queryRawUnsafe<{ s: bigint }[]>(
        `SELECT COALESCE(SUM(sales), 0)::bigint AS s FROM bench_recent`,
      );
      const older = Math.max(0, TOTAL_SALES - Number(r!.s));
      await run(`CREATE TEMP TABLE bench_w AS SELECT no, power(random(), 3) AS w FROM bench_link`);
      await run(`UPDATE "AffiliateLink" a SET
        "salesCount" = COALESCE(r.sales, 0) + o.sales, "clickCount" = COALESCE(r.clicks, 0) + o.sales * 6,
        "commissionCents" = COALESCE(r.cents, 0) + o.sales * 150
      FROM (SELECT no, floor(${older} * w / SUM(w) OVER ())::int AS sales FROM bench_w) o
      LEFT JOIN bench_recent r ON r."linkId" = 'l' || o.no
      WHERE a."id" = 'l' || o.no`);
      await run(`UPDATE "PromoterProfile" p SET "salesCount" = t.sales, "clickCount" = t.clicks, "earningsCents" = t.cents
      FROM (SELECT "promoterId", SUM("salesCount")::int AS sales, SUM("clickCount")::int AS clicks, SUM("commissionCents") AS cents
        FROM "AffiliateLink" GROUP BY 1) t WHERE p."id" = t."promoterId"`);
    },
  );
  for (const t of TABLES) await run(`ALTER TABLE "${t}" ENABLE TRIGGER ALL`);
  await timed("VACUUM ANALYZE", async () => {
    for (const t of TABLES) await run(`VACUUM ANALYZE "${t}"`);
  });
}

/** The plan of one board's totals, ranked (EXPLAIN ANALYZE, BUFFERS), indented. */
async function explain(db: PrismaClient, title: string, sql: P.Sql) {
  const rows = await db.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN (ANALYZE, BUFFERS) ${sql}`;
  console.log(`\n  plan: ${title}`);
  for (const r of rows) console.log(`    ${r["QUERY PLAN"]}`);
}

const benchDb = await freshPgDatabase("fanfare_bench_leaderboard");
try {
  await withDb(benchDb, async (db) => {
    const now = new Date();
    console.log(`leaderboard bench, scale ${SCALE}, at ${now.toISOString()}`);
    await load(db, now);
    const [size] = await db.$queryRawUnsafe<
      {
        promoters: bigint;
        links: bigint;
        pds: bigint;
        lds: bigint;
        sales: bigint;
        clicks: bigint;
      }[]
    >(`SELECT (SELECT COUNT(*) FROM "PromoterProfile") AS promoters, (SELECT COUNT(*) FROM "AffiliateLink") AS links,
        (SELECT COUNT(*) FROM "PromoterDailyStats") AS pds, (SELECT COUNT(*) FROM "LinkDailyStats") AS lds,
        (SELECT SUM("salesCount") FROM "PromoterProfile") AS sales, (SELECT SUM("clickCount") FROM "PromoterProfile") AS clicks`);
    const fmt = (n: bigint) => Number(n).toLocaleString("en-US");
    console.log(
      `\ndata set: ${fmt(size!.sales)} sales and ${fmt(size!.clicks)} counted clicks through links (all time), ${fmt(size!.promoters)} promoters, ` +
        `${A_COUNT.toLocaleString("en-US")} artists, ${T_COUNT.toLocaleString("en-US")} tracks, ${fmt(size!.links)} links; ` +
        `${fmt(size!.pds)} PromoterDailyStats and ${fmt(size!.lds)} LinkDailyStats rows over ${DAYS} days`,
    );

    console.log("\n(a) leaderboard.refresh: every period and metric, top 100 (the minutely job)");
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const { rows } = await refreshLeaderboards({ now }, db);
      console.log(
        `  run ${i + 1}: ${(performance.now() - t0).toFixed(0)} ms, ${rows} snapshot rows`,
      );
    }

    const boards = PERIODS.flatMap((period) => METRICS.map((metric) => ({ period, metric })));
    console.log(
      `\n(b) leaderboard.top, platform, top 100 (each of the ${boards.length} boards in turn)`,
    );
    const service = await measure("getLeaderboardTop (service)", RUNS, (i) =>
      getLeaderboardTop({ ...boards[i % boards.length]!, limit: 100 }, db, now),
    );
    const caller = createCaller(
      await createTRPCContext({ headers: new Headers(), session: null, db }),
    );
    const procedure = await measure(
      "leaderboard.top (tRPC caller: input and output validated)",
      RUNS,
      (i) => caller.leaderboard.top({ ...boards[i % boards.length]!, limit: 100 }),
    );

    console.log("\n(c) leaderboard.me, random promoters (live over every promoter of the period)");
    const ids = (
      await db.$queryRawUnsafe<{ userId: string }[]>(
        `SELECT "userId" FROM "PromoterProfile" ORDER BY random() LIMIT 200`,
      )
    ).map((r) => r.userId);
    const meRuns = Math.max(10, Math.round(RUNS / 20));
    for (const [period, metric] of [
      ["today", "sales"],
      ["week", "sales"],
      ["month", "earnings"],
      ["lastMonth", "sales"],
      ["month", "conversion"],
      // The metrics whose every row counts (no row without clicks to skip): the slowest.
      ["lastMonth", "conversion"],
      ["lastMonth", "clicks"],
      ["all", "sales"],
    ] as [LeaderboardPeriod, LeaderboardMetric][])
      await measure(
        `getLeaderboardMe ${period} ${metric}`,
        meRuns,
        (i) => getLeaderboardMe({ period, metric }, ids[i % ids.length]!, db, now),
        2,
      );

    console.log("\n(d) artist and track boards, ranked live from the links' daily stats");
    const [busiestArtist] = await db.$queryRawUnsafe<{ id: string; links: bigint }[]>(
      `SELECT t."artistId" AS id, COUNT(*) AS links FROM "AffiliateLink" l JOIN "Track" t ON t."id" = l."trackId" GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    );
    const [busiestTrack] = await db.$queryRawUnsafe<{ id: string; links: bigint }[]>(
      `SELECT "trackId" AS id, COUNT(*) AS links FROM "AffiliateLink" GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    );
    console.log(
      `  busiest artist: ${busiestArtist!.links} links; busiest track: ${busiestTrack!.links} links`,
    );
    const scoped = async (
      label: string,
      scope: LeaderboardScope,
      period: LeaderboardPeriod,
      limit = 100,
    ) =>
      measure(
        `${label}, ${period}, by sales, top ${limit}`,
        Math.max(20, Math.round(RUNS / 10)),
        () => getLeaderboardTop({ period, metric: "sales", scope, limit }, db, now),
      );
    for (const period of ["week", "lastMonth", "all"] as const) {
      await scoped("busiest artist", { type: "artist", artistId: busiestArtist!.id }, period);
      await scoped("busiest track", { type: "track", trackId: busiestTrack!.id }, period);
    }
    await scoped(
      "track page's top fans (busiest track)",
      { type: "track", trackId: busiestTrack!.id },
      "all",
      5,
    );
    // `leaderboard.me` on those boards, for promoters with a link there.
    const scopedMe = async (label: string, scope: LeaderboardScope, promotersSql: string) => {
      const on = (await db.$queryRawUnsafe<{ userId: string }[]>(promotersSql)).map(
        (r) => r.userId,
      );
      for (const period of ["week", "lastMonth", "all"] as const)
        await measure(
          `getLeaderboardMe ${label}, ${period} sales`,
          meRuns,
          (i) => getLeaderboardMe({ period, metric: "sales", scope }, on[i % on.length]!, db, now),
          2,
        );
    };
    await scopedMe(
      "busiest artist",
      { type: "artist", artistId: busiestArtist!.id },
      `SELECT p."userId" FROM "Track" t JOIN "AffiliateLink" l ON l."trackId" = t."id"
        JOIN "PromoterProfile" p ON p."id" = l."promoterId" WHERE t."artistId" = '${busiestArtist!.id}' ORDER BY random() LIMIT 50`,
    );
    await scopedMe(
      "busiest track",
      { type: "track", trackId: busiestTrack!.id },
      `SELECT p."userId" FROM "AffiliateLink" l JOIN "PromoterProfile" p ON p."id" = l."promoterId"
        WHERE l."trackId" = '${busiestTrack!.id}' ORDER BY random() LIMIT 50`,
    );

    console.log("\n(e) plans (no index was added for these boards)");
    // Last month: a whole calendar month of days, whatever the day of the run.
    const month = periodDays("lastMonth", now);
    await explain(
      db,
      "artist board, last month",
      P.sql`SELECT * FROM (${totalsSql(month, { type: "artist", artistId: busiestArtist!.id })}) s ORDER BY "sales" DESC, "promoterId" LIMIT 100`,
    );
    await explain(
      db,
      "track board, all time",
      P.sql`SELECT * FROM (${totalsSql(null, { type: "track", trackId: busiestTrack!.id })}) s ORDER BY "sales" DESC, "promoterId" LIMIT 100`,
    );
    await explain(
      db,
      "platform board read (snapshot + profiles)",
      P.sql`
      SELECT s."rank", s."promoterId", p."displayName", u."name" FROM "LeaderboardSnapshot" s
      JOIN "PromoterProfile" p ON p."id" = s."promoterId" JOIN "User" u ON u."id" = p."userId"
      WHERE s."period" = 'month' AND s."metric" = 'sales' ORDER BY s."rank" LIMIT 100`,
    );

    console.log(
      `\nleaderboard.top top-100 p95 (platform): ${procedure.p95.toFixed(1)} ms through tRPC, ${service.p95.toFixed(1)} ms the service ` +
        `(goal ≤ 20 ms at 10M sales); data set ${fmt(size!.sales)} sales, ${fmt(size!.promoters)} promoters`,
    );
  });
} finally {
  if (!KEEP) await benchDb.drop();
  else console.log("kept the database fanfare_bench_leaderboard (--keep)");
}
