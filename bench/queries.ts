/**
 * `pnpm --filter @fanfare/bench queries` — query latencies on the scale data set (`pnpm bench:seed`),
 * against BENCH_SCALE_DATABASE_URL (or DATABASE_URL). Figures only, nothing asserts:
 * (a) the top-100 leaderboards: `getLeaderboardTop` (leaderboard.top, every period and metric in turn) and
 *     `getTopPromoters` (the shipped app's 30 days) as they are on this checkout (services/leaderboard),
 *     the raw aggregate over `PromoterDailyStats` it replaces, and the original scan of commissions;
 * (b) the promoter dashboard for random promoters: `getPromoterStats` (promoter.stats),
 *     `getEarnings` (the payee's earnings), `listPromoterLinks`, and the three together as the
 *     dashboard loads them;
 * (c) `verifyLedger` once.
 * Then `EXPLAIN (ANALYZE, BUFFERS)` of the main statements, for bench/README.md "Scale data set".
 * With BENCH_QUERIES_JSON (how `pnpm bench` runs it) it writes `{ leaderboardTop100P95Ms,
 * dashboardStatsP95Ms, ... }` there and skips (c) and the plans unless `--verify` / `--explain`.
 *
 *   BENCH_SCALE_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/fanfare_scale pnpm --filter @fanfare/bench queries [--runs 200] [--no-verify] [--no-explain]
 */
import fs from "node:fs";

import { getPromoterStats, listPromoterLinks } from "@fanfare/api/services/affiliate/links";
import { getLeaderboardTop } from "@fanfare/api/services/leaderboard/top";
import { getTopPromoters } from "@fanfare/api/services/leaderboard/top-promoters";
import { verifyLedger } from "@fanfare/api/services/ledger/verify-ledger";
import { getEarnings } from "@fanfare/api/services/payouts/earnings";
import { openDb } from "@fanfare/db";

const argv = process.argv.slice(2);
const runsArg = argv.indexOf("--runs");
const RUNS = runsArg >= 0 ? Number(argv[runsArg + 1]) : 200;
const url = process.env.BENCH_SCALE_DATABASE_URL ?? process.env.DATABASE_URL;
if (!url) {
  console.error(
    "queries.ts needs BENCH_SCALE_DATABASE_URL or DATABASE_URL (a database filled by `pnpm bench:seed`).",
  );
  process.exit(2);
}
const handle = openDb({ url });
const db = handle.db;

/** Nearest-rank percentile of `xs` (milliseconds). */
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

const results: { name: string; runs: number; p50: number; p95: number; max: number }[] = [];

/** Runs `fn` `runs` times after `warmup` unmeasured runs; records p50/p95/max in ms. */
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
    `${name.padEnd(64)} p50 ${r.p50.toFixed(1).padStart(8)} ms  p95 ${r.p95.toFixed(1).padStart(8)} ms  max ${r.max.toFixed(1).padStart(8)} ms  (${runs} runs)`,
  );
}

const [size] = await db.$queryRawUnsafe<
  { sales: bigint; entries: bigint; clicks: bigint; promoters: bigint }[]
>(`
  SELECT (SELECT reltuples::bigint FROM pg_class WHERE oid = '"Sale"'::regclass) AS sales,
    (SELECT reltuples::bigint FROM pg_class WHERE oid = '"LedgerEntry"'::regclass) AS entries,
    (SELECT reltuples::bigint FROM pg_class WHERE oid = '"ClickEvent"'::regclass) AS clicks,
    (SELECT COUNT(*) FROM "PromoterProfile") AS promoters`);
console.log(
  `data set: ~${size!.sales} sales, ~${size!.entries} ledger entries, ~${size!.clicks} clicks, ${size!.promoters} promoters`,
);

const MONTH_FROM = `(now() AT TIME ZONE 'UTC')::date - 29`;
const RAW_LEADERBOARD = `
  SELECT "promoterId", SUM("commissionCents")::int AS "commissionCents", SUM("sales")::int AS "sales"
  FROM "PromoterDailyStats" WHERE "day" BETWEEN ${MONTH_FROM} AND (now() AT TIME ZONE 'UTC')::date
  GROUP BY "promoterId" HAVING SUM("commissionCents") > 0 ORDER BY 2 DESC, 1 LIMIT 100`;
const SNAPSHOT = `SELECT "rank", "promoterId", "commissionCents", "sales" FROM "LeaderboardSnapshot"
  WHERE "period" = 'month' AND "metric" = 'earnings' ORDER BY "rank" LIMIT 100`;
const OLD_LEADERBOARD = `
  SELECT "promoterId", SUM("amountCents") AS "sum", COUNT(*) FROM "Commission"
  WHERE "status" <> 'CANCELLED' AND "createdAt" >= now() AT TIME ZONE 'UTC' - interval '30 days'
  GROUP BY "promoterId" ORDER BY 2 DESC, 1 LIMIT 100`;

console.log("\n(a) leaderboard, top 100");
// leaderboard.top (issue 13 §4): every platform board in turn, from the snapshot.
const BOARDS = (["today", "week", "month", "lastMonth", "all"] as const).flatMap((period) =>
  (["sales", "earnings", "conversion", "clicks"] as const).map((metric) => ({ period, metric })),
);
await measure("getLeaderboardTop({ every period and metric, limit: 100 })", RUNS, (i) =>
  getLeaderboardTop({ ...BOARDS[i % BOARDS.length]!, limit: 100 }, db),
);
await measure("getTopPromoters({ period: month, limit: 100 }) (the shipped app's)", RUNS, () =>
  getTopPromoters({ period: "month", limit: 100 }, db),
);
await measure("LeaderboardSnapshot read (SQL)", RUNS, () => db.$queryRawUnsafe(SNAPSHOT));
await measure(
  "raw aggregate over PromoterDailyStats, 30 days (SQL)",
  Math.min(RUNS, 50),
  () => db.$queryRawUnsafe(RAW_LEADERBOARD),
  2,
);
await measure(
  "before issue 9: GROUP BY over Commission, 30 days (SQL)",
  Math.min(RUNS, 10),
  () => db.$queryRawUnsafe(OLD_LEADERBOARD),
  1,
);

console.log("\n(b) promoter dashboard, random promoters");
const promoters = (
  await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT "id" FROM "PromoterProfile" ORDER BY random() LIMIT ${RUNS + 10}`,
  )
).map((r) => r.id);
// The busiest promoters too: their dashboards read the most rows.
const top = (
  await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT "id" FROM "PromoterProfile" ORDER BY "salesCount" DESC LIMIT 20`,
  )
).map((r) => r.id);
const pick = (i: number) => promoters[i % promoters.length]!;
await measure("getPromoterStats (promoter.stats)", RUNS, (i) =>
  getPromoterStats({ promoterId: pick(i) }, db),
);
await measure("getEarnings (promoter earnings: balances, payouts, 30-day series)", RUNS, (i) =>
  getEarnings({ payee: { type: "PROMOTER", id: pick(i + 1) } }, db),
);
await measure("listPromoterLinks (promoter.links)", RUNS, (i) =>
  listPromoterLinks({ promoterId: pick(i + 2) }, db),
);
await measure("dashboard stats: getPromoterStats + getEarnings in parallel", RUNS, (i) =>
  Promise.all([
    getPromoterStats({ promoterId: pick(i + 4) }, db),
    getEarnings({ payee: { type: "PROMOTER", id: pick(i + 4) } }, db),
  ]),
);
await measure("dashboard: the three above in parallel", RUNS, (i) =>
  Promise.all([
    getPromoterStats({ promoterId: pick(i + 3) }, db),
    getEarnings({ payee: { type: "PROMOTER", id: pick(i + 3) } }, db),
    listPromoterLinks({ promoterId: pick(i + 3) }, db),
  ]),
);
await measure("dashboard for the 20 busiest promoters", Math.min(RUNS, 100), (i) =>
  Promise.all([
    getPromoterStats({ promoterId: top[i % top.length]! }, db),
    getEarnings({ payee: { type: "PROMOTER", id: top[i % top.length]! } }, db),
    listPromoterLinks({ promoterId: top[i % top.length]! }, db),
  ]),
);

const jsonOut = process.env.BENCH_QUERIES_JSON;
let verifySeconds: number | undefined;
if (jsonOut ? argv.includes("--verify") : !argv.includes("--no-verify")) {
  console.log("\n(c) verifyLedger");
  const t0 = performance.now();
  const found = await verifyLedger(db);
  const s = (verifySeconds = (performance.now() - t0) / 1000);
  console.log(
    `verifyLedger: ${found.length} discrepancies in ${s.toFixed(1)} s${found.length ? `; first: ${JSON.stringify(found[0])}` : ""}`,
  );
}

if (jsonOut ? argv.includes("--explain") : !argv.includes("--no-explain")) {
  const someone = top[0]!;
  const explain = async (title: string, sql: string) => {
    const plan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
    );
    console.log(`\n--- ${title}\n${plan.map((p) => p["QUERY PLAN"]).join("\n")}`);
  };
  console.log("\nEXPLAIN (ANALYZE, BUFFERS) of the main statements");
  await explain("leaderboard: snapshot read (getTopPromoters)", SNAPSHOT);
  await explain(
    "leaderboard: raw 30-day aggregate over PromoterDailyStats (refreshLeaderboards / rankPromoters)",
    RAW_LEADERBOARD,
  );
  await explain(
    "dashboard: commissions by status (getPromoterStats)",
    `SELECT "status", SUM("amountCents"), COUNT(*) FROM "Commission" WHERE "promoterId" = '${someone}' GROUP BY "status"`,
  );
  await explain(
    "dashboard: 30 days of sale entries on the promoter's accounts (getEarnings)",
    `SELECT "amountCents", "createdAt" FROM "LedgerEntry" WHERE "accountId" IN ('PROMOTER_BALANCE:${someone}', 'PROMOTER_PENDING:${someone}')
     AND "saleId" IS NOT NULL AND "createdAt" >= now() AT TIME ZONE 'UTC' - interval '30 days'`,
  );
  await explain(
    "dashboard: due sales to release (releaseDueSales inside getEarnings)",
    `SELECT "id" FROM "Sale" WHERE "status" = 'COMPLETED' AND "releasedAt" IS NULL AND "holdUntil" <= now() AT TIME ZONE 'UTC' AND "promoterId" = '${someone}' ORDER BY "id" LIMIT 1000`,
  );
  await explain(
    "dashboard: links (listPromoterLinks)",
    `SELECT * FROM "AffiliateLink" WHERE "promoterId" = '${someone}' ORDER BY "createdAt" DESC`,
  );
}

if (jsonOut) {
  const p95 = (name: string) => results.find((r) => r.name.startsWith(name))?.p95;
  fs.writeFileSync(
    jsonOut,
    JSON.stringify({
      leaderboardTop100P95Ms: p95("getLeaderboardTop"),
      dashboardStatsP95Ms: p95("dashboard stats:"),
      leaderboardRawAggregateP95Ms: p95("raw aggregate"),
      dashboardAllThreeP95Ms: p95("dashboard: the three"),
      verifyLedgerSeconds: verifySeconds,
      sales: Number(size!.sales),
    }),
  );
}
console.log("\nsummary (ms):");
for (const r of results) console.log(`  ${r.name.padEnd(64)} p95 ${r.p95.toFixed(1).padStart(8)}`);
await handle.close();
