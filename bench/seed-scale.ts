/**
 * `pnpm bench:seed` — the scale data set of issue 9 §3: fills a migrated PostgreSQL database
 * (DATABASE_URL; never the embedded default) with, at `--scale 1`, 100k promoters, 2k artists,
 * 20k tracks, ~120k affiliate links, 10M sales over the last 365 days (~70 % through a link,
 * ~4 % fully and ~2 % partly refunded, released or still held by `holdUntil`, ~2.5 % pending or
 * failed checkouts), their commissions, refund facts, ledger transactions and entries, 50M click
 * events (ClickDedupe left empty), the daily rollups (LinkDailyStats, PromoterDailyStats), the
 * denormalised totals on AffiliateLink / Track / PromoterProfile and LeaderboardSnapshot.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/fanfare_scale pnpm bench:seed --scale 0.01 [--yes]
 *
 * Consistent with what the services write, so `pnpm ledger:verify` passes on it:
 * - sale splits are `splitSaleAmount` (fee 10 % and the track's commission, each rounded half up;
 *   the artist the remainder) recorded as each sale's SaleShare rows, reversals `reverseShares`
 *   on them, both written in SQL below;
 * - each sale's ledger transactions are what `settleSale` posts, at the time it would post them:
 *   SALE at completion (BUYER_CLEARING −A, PLATFORM_REVENUE +F, ARTIST_PENDING +R,
 *   PROMOTER_PENDING +C), RELEASE at `holdUntil` (pending → balance, of what is not reversed yet),
 *   REFUND at the refund (from pending before the release, from the balance after), accounts
 *   named by `ledgerAccountId` ("<type>:<ownerId>");
 * - balance chains are computed set-based: one window (row_number, running SUM) per account over
 *   every line in time order, inserted with INSERT … SELECT; accounts from their entries;
 * - daily stats: counted clicks on their UTC day; sales net of full reversals and commission net
 *   of reversals on the UTC day the sale completed (the rules of migration
 *   20261128042825_scale_click_rollups_daily_stats); LeaderboardSnapshot by `refreshLeaderboards`.
 * Fast: everything is generate_series + INSERT … SELECT in a few large transactions; secondary
 * indexes (and the primary keys nothing references) are dropped before the load and rebuilt
 * after it; triggers (the ledger's chain and balance triggers, foreign-key checks) are off during
 * the load and back on after it (the data is consistent by construction, and `ledger:verify`
 * checks it); VACUUM ANALYZE at the end. Prices range 99–1499 cents (BUYER_CLEARING passes 2^31
 * cents at --scale 1: the money columns are bigint since migration bigint_money); on a database
 * migrated before it (`LedgerAccount.balanceCents` integer) they stay at 99–199 cents.
 *
 * Deviations from production rows, to keep the load in minutes: short deterministic ids
 * (prefix + zero-padded number, in time order) instead of cuids; md5 (32 hex) visitor hashes and
 * download-token hashes instead of SHA-256 (64 hex); sales carry no clickId; no emails, webhook
 * events or payouts. Prints the time per phase and the row counts.
 */
import { openDb } from "@fanfare/db";

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const scale = Number(option("--scale") ?? "1");
if (!(scale > 0 && scale <= 10))
  throw new Error(`--scale must be in (0, 10], got ${option("--scale")}`);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    "bench:seed needs DATABASE_URL (a migrated PostgreSQL database); it never runs on the embedded default.",
  );
  process.exit(2);
}

const n = (full: number, min = 1) => Math.max(min, Math.round(full * scale));
const P = n(100_000, 10); // promoters
const A = n(2_000, 2); // artists
const T = n(20_000, 5); // tracks
const L = Math.max(P, n(120_000, 12)); // link candidates (a few collapse on (promoter, track))
const S = n(10_000_000, 100); // sales
const C = n(50_000_000, 500); // click events
const DAYS = 365;
/** Share of planned sales that came through a link. */
const ATTRIBUTED = 0.7;
/** Share of clicks that count (the rest: bots and repeats inside the dedupe window). */
const COUNTED = 0.8;

const startedAt = new Date();
startedAt.setUTCSeconds(0, 0);
/** The seed's clock (UTC, timestamp without time zone like Prisma's DateTime columns). */
const NOW = `TIMESTAMP '${startedAt.toISOString().replace("T", " ").replace("Z", "")}'`;
const TODAY = `(${NOW})::date`;

const handle = openDb({ url });
const db = handle.db;
const timings: { phase: string; seconds: number }[] = [];

async function phase(name: string, fn: () => Promise<void>) {
  const t0 = performance.now();
  process.stdout.write(`${name} … `);
  await fn();
  const seconds = (performance.now() - t0) / 1000;
  timings.push({ phase: name, seconds });
  console.log(`${seconds.toFixed(1)} s`);
}

/** Runs statements in one transaction with bulk-load settings (memory for sorts and index builds). */
async function run(statements: string[], opts: { workMem?: string } = {}) {
  await db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL work_mem = '${opts.workMem ?? "256MB"}'`);
      await tx.$executeRawUnsafe(`SET LOCAL maintenance_work_mem = '1GB'`);
      await tx.$executeRawUnsafe(`SET LOCAL synchronous_commit = off`);
      await tx.$executeRawUnsafe(`SET LOCAL synchronize_seqscans = off`);
      await tx.$executeRawUnsafe(`SET LOCAL timezone = 'UTC'`);
      for (const s of statements) await tx.$executeRawUnsafe(s);
    },
    { timeout: 24 * 3_600_000, maxWait: 60_000 },
  );
}

async function scalar<T = unknown>(sql: string): Promise<T> {
  const rows = await db.$queryRawUnsafe<Record<string, T>[]>(sql);
  return Object.values(rows[0]!)[0] as T;
}

/** Tables the seed fills; their secondary indexes are rebuilt after the load. */
const LOADED = [
  "User",
  "PromoterProfile",
  "ArtistProfile",
  "Genre",
  "Track",
  "AffiliateLink",
  "Sale",
  "SaleShare",
  "Commission",
  "PaymentFact",
  "LedgerAccount",
  "LedgerEntry",
  "ClickEvent",
  "LinkDailyStats",
  "PromoterDailyStats",
];
/** Tables no foreign key points at, whose primary key is also rebuilt after the load. */
const DROP_PK = ["LedgerEntry", "LinkDailyStats", "PromoterDailyStats", "PaymentFact"];

/**
 * `reverseShares` (money/shares.ts) in SQL on the seed's three shares, over columns a (amount),
 * f, r, c (fee, artist, commission), t (reversed).
 */
const REVERSED = `
  CROSS JOIN LATERAL (SELECT
    CASE WHEN t = 0 OR a = 0 THEN 0 WHEN t = a THEN f ELSE (f * t * 2 + a) / (2 * a) END AS f0,
    CASE WHEN t = 0 OR a = 0 THEN 0 WHEN t = a THEN c ELSE (c * t * 2 + a) / (2 * a) END AS c0) p0
  CROSS JOIN LATERAL (SELECT CASE WHEN t = 0 OR a = 0 THEN 0 WHEN t = a THEN r ELSE GREATEST(0, LEAST(r, t - f0 - c0)) END AS rr) p1
  CROSS JOIN LATERAL (SELECT t - f0 - c0 - rr AS rest) p2
  CROSS JOIN LATERAL (SELECT CASE WHEN rest > 0 THEN LEAST(rest, f - f0) ELSE GREATEST(rest, -f0) END AS tofee) p3`;

/** formatCents for usd in SQL ("$1,234.56"). */
const usd = (x: string) => `'$' || to_char((${x})::numeric / 100, 'FM999,999,999,990.00')`;

console.log(
  `bench:seed at --scale ${scale}: ${P} promoters, ${A} artists, ${T} tracks, ~${L} links, ~${S} sales, ~${C} clicks; clock ${startedAt.toISOString()}`,
);

// ---------------------------------------------------------------------------------------------
// Guards: a migrated database; one with users only with --yes (everything in it is replaced).
const migrated = await scalar<boolean>(`SELECT to_regclass('public."LedgerEntry"') IS NOT NULL`);
if (!migrated) {
  console.error("The database is not migrated: run `DATABASE_URL=… pnpm db:migrate` first.");
  process.exit(2);
}
const users = Number(await scalar(`SELECT COUNT(*) FROM "User"`));
if (users > 0 && !flag("--yes")) {
  console.error(
    `The database has ${users} users. bench:seed replaces every row in it: run again with --yes if that is what you want.`,
  );
  process.exit(2);
}
const balanceType = await scalar<string>(
  `SELECT data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'LedgerAccount' AND column_name = 'balanceCents'`,
);
const wide = balanceType === "bigint";
const PRICES = wide ? "ARRAY[99,129,199,299,499,799,999,1499]" : "ARRAY[99,129,149,199]";
if (!wide)
  console.log(
    "LedgerAccount.balanceCents is integer (migrated before bigint_money): prices 99–199 cents keep BUYER_CLEARING within 2^31.",
  );

await phase("reset (truncate, drop indexes, triggers off)", async () => {
  const tables = await db.$queryRawUnsafe<{ t: string }[]>(
    `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  );
  await run([
    `CREATE SCHEMA IF NOT EXISTS bench_seed`,
    // Statements that rebuild what the load drops; kept across a crashed run, replayed at the end.
    `CREATE TABLE IF NOT EXISTS bench_seed.restore (ord int NOT NULL, name text PRIMARY KEY, stmt text NOT NULL)`,
    `DROP TABLE IF EXISTS bench_seed.link, bench_seed.link_day, bench_seed.track_day, bench_seed.sale_plan, bench_seed.link_sales`,
    `TRUNCATE ${tables.map((t) => `"${t.t}"`).join(", ")} RESTART IDENTITY CASCADE`,
    `INSERT INTO bench_seed.restore (ord, name, stmt)
     SELECT 0, con.conname, format('ALTER TABLE %s ADD CONSTRAINT %I %s', con.conrelid::regclass, con.conname, pg_get_constraintdef(con.oid))
     FROM pg_constraint con WHERE con.contype = 'p' AND con.conrelid = ANY (ARRAY[${DROP_PK.map((t) => `'"${t}"'::regclass`).join(", ")}])
     ON CONFLICT (name) DO NOTHING`,
    `INSERT INTO bench_seed.restore (ord, name, stmt)
     SELECT 1, ic.relname, pg_get_indexdef(i.indexrelid)
     FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
     WHERE i.indrelid = ANY (ARRAY[${LOADED.map((t) => `'"${t}"'::regclass`).join(", ")}]) AND NOT i.indisprimary
     ON CONFLICT (name) DO NOTHING`,
  ]);
  const drops = await db.$queryRawUnsafe<{ stmt: string }[]>(`
    SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', con.conrelid::regclass, con.conname) AS stmt
    FROM pg_constraint con WHERE con.contype = 'p' AND con.conrelid = ANY (ARRAY[${DROP_PK.map((t) => `'"${t}"'::regclass`).join(", ")}])
    UNION ALL
    SELECT format('DROP INDEX %s', i.indexrelid::regclass) FROM pg_index i
    WHERE i.indrelid = ANY (ARRAY[${LOADED.map((t) => `'"${t}"'::regclass`).join(", ")}]) AND NOT i.indisprimary`);
  await run([
    ...drops.map((d) => d.stmt),
    ...LOADED.map((t) => `ALTER TABLE "${t}" DISABLE TRIGGER ALL`),
  ]);
});

await phase(`users, profiles, artists, tracks (${P} + ${A} users, ${T} tracks)`, async () => {
  await run([
    `SELECT setseed(0.42)`,
    `INSERT INTO "User" ("id", "name", "email", "sessionVersion", "isAdmin", "createdAt", "updatedAt")
     SELECT 'u' || g, 'Promoter ' || g, 'promoter' || g || '@bench.fanfare.test', 0, false, ${NOW} - interval '800 days' + random() * interval '400 days', ${NOW}
     FROM generate_series(1, ${P}) g
     UNION ALL
     SELECT 'ua' || g, 'Artist ' || g, 'artist' || g || '@bench.fanfare.test', 0, false, ${NOW} - interval '800 days', ${NOW}
     FROM generate_series(1, ${A}) g`,
    `INSERT INTO "PromoterProfile" ("id", "userId", "displayName", "showOnLeaderboard", "createdAt", "updatedAt")
     SELECT 'p' || g, 'u' || g, CASE WHEN g % 3 = 0 THEN 'Promoter ' || g END, g % 3 = 0, ${NOW} - interval '400 days', ${NOW}
     FROM generate_series(1, ${P}) g`,
    `INSERT INTO "ArtistProfile" ("id", "userId", "name", "slug", "bio", "createdAt", "updatedAt")
     SELECT 'a' || g, 'ua' || g, 'Artist ' || g, 'artist-' || g, '', ${NOW} - interval '800 days', ${NOW} FROM generate_series(1, ${A}) g`,
    `INSERT INTO "Genre" ("id", "slug", "name")
     SELECT 'g' || g, 'genre-' || g, 'Genre ' || g FROM generate_series(1, 12) g`,
    // Every 5th track is pay-what-you-want (minimum half the suggested price, at least 50 cents).
    `INSERT INTO "Track" ("id", "artistId", "slug", "title", "description", "genreId", "masterUploadId", "masterKey", "masterContentType",
       "masterFilename", "masterSizeBytes", "masterFormat", "previewKey", "durationSeconds", "priceCents", "minPriceCents", "currency",
       "affiliateEnabled", "commissionBps", "published", "publishedAt", "createdAt", "updatedAt")
     SELECT 't' || g, 'a' || (1 + (g - 1) % ${A}), 'track-' || g, 'Track ' || g, '', 'g' || (1 + g % 12), 'up-t' || g, 'masters/t' || g || '.wav', 'audio/wav',
       'master.wav', 31752044, 'wav', 'previews/t' || g || '.mp3', 120 + g % 180, price, CASE WHEN g % 5 = 0 THEN GREATEST(50, price / 2) END, 'usd',
       true, (ARRAY[1000,1500,2000,2500,3000,4000,5000])[1 + g % 7], true, ${NOW} - interval '400 days', ${NOW} - interval '400 days', ${NOW}
     FROM generate_series(1, ${T}) g
     CROSS JOIN LATERAL (SELECT (${PRICES})[1 + (hashint4(g) & 1023) % array_length(${PRICES}, 1)] AS price) x`,
  ]);
});

await phase(`affiliate links (~${L})`, async () => {
  await run([
    `SELECT setseed(0.43)`,
    // Every promoter has a link; the rest go to a few heavy promoters; popular tracks get more.
    `CREATE TABLE bench_seed.link AS
     WITH cand AS (
       SELECT g AS p, 1 + floor(${T} * power(random(), 2))::int AS t FROM generate_series(1, ${P}) g
       UNION ALL
       SELECT 1 + floor(${P} * power(random(), 3))::int, 1 + floor(${T} * power(random(), 2))::int FROM generate_series(1, ${L - P})
     ), d AS (SELECT DISTINCT p, t FROM cand)
     SELECT row_number() OVER (ORDER BY random()) AS no, p, t FROM d`,
    `ALTER TABLE bench_seed.link ADD COLUMN w float8`,
    // Popularity: Zipf-like in the (random) link number.
    `UPDATE bench_seed.link SET w = 1 / power(no + 20, 0.9)`,
    `CREATE UNIQUE INDEX ON bench_seed.link (no)`,
    `INSERT INTO "AffiliateLink" ("id", "code", "promoterId", "trackId", "disabled", "createdAt", "updatedAt")
     SELECT 'l' || no, 'c' || no, 'p' || p, 't' || t, false, ${NOW} - interval '380 days', ${NOW} FROM bench_seed.link`,
  ]);
});

await phase("clicks and sales per link and day (plan)", async () => {
  const linkWeight = Number(await scalar(`SELECT SUM(w) FROM bench_seed.link`));
  const countedPerDay = (C * COUNTED) / DAYS;
  // Attributed completed-or-not sales per counted click.
  const conversion = (S * ATTRIBUTED) / (C * COUNTED);
  await run([
    `SELECT setseed(0.44)`,
    // Recent days busier (growth 0.5x → 1.5x over the year; mean 1); noise ×(0.5..1.5) per day;
    // fractions resolved by a random draw, so every expectation is exact.
    `CREATE TABLE bench_seed.link_day AS
     SELECT l.no, d AS dayoff, x.counted,
       floor(x.counted * ${(1 - COUNTED) / COUNTED} * 2 * random() + random())::int AS uncounted,
       floor(x.counted * ${conversion} * (0.5 + random()) + random())::int AS sales
     FROM bench_seed.link l CROSS JOIN generate_series(0, ${DAYS - 1}) d
     CROSS JOIN LATERAL (SELECT floor(${countedPerDay} * l.w / ${linkWeight} * (0.5 + (${DAYS} - d)::float8 / ${DAYS}) * (0.5 + random()) + random())::int AS counted) x
     WHERE x.counted > 0`,
    // Sales without a link: per track and day, popular tracks more.
    `CREATE TABLE bench_seed.track_day AS
     WITH tw AS (SELECT g AS t, 1 / power(g + 10, 0.8) AS w FROM generate_series(1, ${T}) g), total AS (SELECT SUM(w) AS s FROM tw)
     SELECT tw.t, d AS dayoff, x.sales FROM tw CROSS JOIN total CROSS JOIN generate_series(0, ${DAYS - 1}) d
     CROSS JOIN LATERAL (SELECT floor(${(S * (1 - ATTRIBUTED)) / DAYS} * tw.w / total.s * (0.5 + (${DAYS} - d)::float8 / ${DAYS}) * (0.5 + random()) + random())::int AS sales) x
     WHERE x.sales > 0`,
  ]);
});

await phase("sale plan (amounts, splits, refunds, holds, in time order)", async () => {
  await run(
    [
      `SELECT setseed(0.45)`,
      `CREATE TABLE bench_seed.sale_plan AS
       WITH raw AS (
         SELECT l.t, l.p, l.no AS lno, ld.dayoff FROM bench_seed.link_day ld JOIN bench_seed.link l ON l.no = ld.no CROSS JOIN generate_series(1, ld.sales)
         UNION ALL
         SELECT td.t, NULL, NULL, td.dayoff FROM bench_seed.track_day td CROSS JOIN generate_series(1, td.sales)
       ), timed AS (
         SELECT raw.*, (${TODAY} - dayoff)::timestamp + random() * CASE WHEN dayoff = 0 THEN ${NOW} - ${TODAY}::timestamp ELSE interval '1 day' END AS at,
           random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5
         FROM raw
       ), priced AS (
         SELECT timed.*, tr."artistId", tr."commissionBps" AS bps, tr."title",
           CASE WHEN tr."minPriceCents" IS NOT NULL AND u5 < 0.4 THEN tr."priceCents" + (ARRAY[50,100,200,500])[1 + floor(u5 * 10)::int]
             ELSE tr."priceCents" END::bigint AS a
         FROM timed JOIN "Track" tr ON tr."id" = 't' || timed.t
       ), split AS (
         -- splitSaleAmount: fee 10 % and commission each rounded half up; artist the remainder.
         SELECT priced.*, (a * 1000 + 5000) / 10000 AS f, CASE WHEN p IS NOT NULL THEN (a * bps + 5000) / 10000 ELSE 0 END AS c,
           CASE WHEN u1 < 0.02 THEN 'PENDING' WHEN u1 < 0.025 THEN 'FAILED' ELSE 'DONE' END AS state,
           at + interval '14 days' AS hold,
           at + power(u3, 2) * interval '30 days' AS refund_at
         FROM priced
       )
       SELECT row_number() OVER (ORDER BY at) AS no, t, p, lno, "artistId", bps, "title", a, f, a - f - c AS r, c, state, at, hold,
         CASE WHEN state = 'DONE' AND refund_at <= ${NOW} AND u2 < 0.06 THEN refund_at END AS refund_at,
         CASE WHEN state <> 'DONE' OR refund_at > ${NOW} OR u2 >= 0.06 THEN 0 WHEN u2 < 0.04 THEN a ELSE 1 + floor(u4 * (a - 1))::bigint END AS t_rev
       FROM split ORDER BY at`,
      `ALTER TABLE bench_seed.sale_plan RENAME COLUMN t TO tno`,
      `ALTER TABLE bench_seed.sale_plan RENAME COLUMN t_rev TO t`,
      // The reversal's shares and the release: released at holdUntil when it has passed, unless a
      // full refund came first (a REFUNDED sale is never released).
      `CREATE TABLE bench_seed.sale_plan2 AS
       SELECT s.*, f0 + tofee AS fr, rr, c0 + rest - tofee AS cr,
         s.state = 'DONE' AND s.hold <= ${NOW} AND NOT (s.t = s.a AND s.refund_at < s.hold) AS released
       FROM bench_seed.sale_plan s ${REVERSED}`,
      `DROP TABLE bench_seed.sale_plan`,
      `ALTER TABLE bench_seed.sale_plan2 RENAME TO sale_plan`,
    ],
    { workMem: "1GB" },
  );
});

const sid = `'s' || lpad(s.no::text, 9, '0')`;
const cid = `'m' || lpad(s.no::text, 9, '0')`;

await phase("sales, commissions, refund facts", async () => {
  await run([
    `INSERT INTO "Sale" ("id", "trackId", "artistId", "buyerEmail", "buyerName", "amountCents", "currency", "platformFeeCents", "artistCents", "commissionCents",
       "commissionBps", "promoterId", "linkId", "status", "refundedCents", "disputedCents", "reversedCents", "holdUntil", "releasedAt",
       "stripeCheckoutSessionId", "stripePaymentIntentId", "downloadTokenHash", "downloadExpiresAt", "downloadCount", "downloadLimit",
       "completedAt", "failedAt", "refundedAt", "createdAt", "updatedAt")
     SELECT ${sid}, 't' || s.tno, s."artistId", 'buyer' || s.no || '@bench.fanfare.test', NULL, s.a, 'usd', s.f, s.r, s.c,
       CASE WHEN s.p IS NOT NULL THEN s.bps ELSE 0 END, 'p' || s.p, 'l' || s.lno,
       CAST(CASE s.state WHEN 'PENDING' THEN 'PENDING' WHEN 'FAILED' THEN 'FAILED' ELSE CASE WHEN s.t = s.a THEN 'REFUNDED' ELSE 'COMPLETED' END END AS "SaleStatus"),
       s.t, 0, s.t, CASE WHEN s.state = 'DONE' THEN s.hold END, CASE WHEN s.released THEN s.hold END,
       'cs_' || s.no, CASE WHEN s.state = 'DONE' THEN 'pi_' || s.no END, md5('download' || s.no),
       CASE WHEN s.state = 'DONE' THEN s.at + interval '7 days' END, CASE WHEN s.state = 'DONE' THEN s.no % 3 ELSE 0 END, 5,
       CASE WHEN s.state = 'DONE' THEN s.at END, CASE WHEN s.state = 'FAILED' THEN s.at END, CASE WHEN s.t = s.a THEN s.refund_at END,
       s.at - interval '2 minutes', GREATEST(s.at, CASE WHEN s.released THEN s.hold END, s.refund_at)
     FROM bench_seed.sale_plan s`,
    // The sale's recorded shares, as checkout start records them (`sharesOfSale`): fee, artist
    // (the residual share), commission when attributed.
    `INSERT INTO "SaleShare" ("saleId", "position", "kind", "payee", "ownerId", "amountCents", "residual")
     SELECT ${sid}, v.pos, v.kind, v.payee, v.owner, v.cents, v.residual
     FROM bench_seed.sale_plan s CROSS JOIN LATERAL (VALUES
       (0, 'PLATFORM_FEE', 'platform', NULL, s.f, false),
       (1, 'ARTIST', 'artist', s."artistId", s.r, true),
       (2, 'COMMISSION', 'promoter', 'p' || s.p, s.c, false)) v(pos, kind, payee, owner, cents, residual)
     WHERE v.pos < 2 OR s.p IS NOT NULL`,
    `INSERT INTO "Commission" ("id", "saleId", "promoterId", "linkId", "trackId", "amountCents", "rateBps", "status", "holdUntil", "reversedCents",
       "createdAt", "updatedAt")
     SELECT ${cid}, ${sid}, 'p' || s.p, 'l' || s.lno, 't' || s.tno, s.c, s.bps,
       CAST(CASE WHEN s.c - s.cr = 0 THEN 'CANCELLED' WHEN s.released THEN 'PAYABLE' ELSE 'PENDING' END AS "CommissionStatus"),
       s.hold, s.cr, s.at, GREATEST(s.at, CASE WHEN s.released THEN s.hold END, s.refund_at)
     FROM bench_seed.sale_plan s WHERE s.state = 'DONE' AND s.p IS NOT NULL`,
    `INSERT INTO "PaymentFact" ("id", "paymentIntentId", "kind", "amountCents", "status", "eventCreated", "createdAt", "updatedAt")
     SELECT 'refund:pi_' || s.no, 'pi_' || s.no, 'REFUND_TOTAL', s.t, 'recorded', extract(epoch FROM s.refund_at)::int, s.refund_at, s.refund_at
     FROM bench_seed.sale_plan s WHERE s.t > 0`,
  ]);
});

// Every line settlement posts, as narrow rows: account, amount, time, order at the same instant,
// sale number, kind (0 SALE, 1 REFUND, 2 RELEASE). Lines of amount 0 are never posted
// (postLedgerTransaction filters them). "platform": BUYER_CLEARING and PLATFORM_REVENUE;
// "owners": the artists' and promoters' accounts. Same instant: the sale first, then the refund
// and the release in the order they happened.
function ledgerLines(group: "platform" | "owners"): string {
  const ap = `'ARTIST_PENDING:' || s."artistId"`;
  const ab = `'ARTIST_BALANCE:' || s."artistId"`;
  const pp = `'PROMOTER_PENDING:p' || s.p`;
  const pb = `'PROMOTER_BALANCE:p' || s.p`;
  const refundFirst = `(s.t > 0 AND (NOT s.released OR s.refund_at < s.hold))`;
  const ordRefund = `CASE WHEN ${refundFirst} THEN 1 ELSE 2 END`;
  const ordRelease = `CASE WHEN ${refundFirst} THEN 2 ELSE 1 END`;
  const moved = (x: string, back: string) =>
    `(${x} - CASE WHEN ${refundFirst} THEN ${back} ELSE 0 END)`;
  const branch = (kc: number, at: string, ord: string, where: string, values: string[]) =>
    `SELECT l.acct, l.amt, ${at} AS at, ${ord} AS ord, s.no, ${kc} AS kc, s.tno, s.a, s.t, s.p IS NOT NULL AS hasp
     FROM bench_seed.sale_plan s CROSS JOIN LATERAL (VALUES ${values.join(", ")}) l(ok, acct, amt)
     WHERE s.state = 'DONE' AND ${where} AND l.ok AND l.amt <> 0`;
  const withP = `s.p IS NOT NULL`;
  if (group === "platform")
    return [
      branch(0, "s.at", "0", "true", [
        `(true, 'BUYER_CLEARING', -s.a)`,
        `(true, 'PLATFORM_REVENUE', s.f)`,
      ]),
      branch(1, "s.refund_at", ordRefund, "s.t > 0", [
        `(true, 'BUYER_CLEARING', s.t)`,
        `(true, 'PLATFORM_REVENUE', -s.fr)`,
      ]),
    ].join("\n UNION ALL \n");
  return [
    branch(0, "s.at", "0", "true", [`(true, ${ap}, s.r)`, `(${withP}, ${pp}, s.c)`]),
    branch(1, "s.refund_at", ordRefund, "s.t > 0", [
      `(true, CASE WHEN ${refundFirst} THEN ${ap} ELSE ${ab} END, -s.rr)`,
      `(${withP}, CASE WHEN ${refundFirst} THEN ${pp} ELSE ${pb} END, -s.cr)`,
    ]),
    branch(2, "s.hold", ordRelease, "s.released", [
      `(true, ${ap}, -${moved("s.r", "s.rr")})`,
      `(true, ${ab}, ${moved("s.r", "s.rr")})`,
      `(${withP}, ${pp}, -${moved("s.c", "s.cr")})`,
      `(${withP}, ${pb}, ${moved("s.c", "s.cr")})`,
    ]),
  ].join("\n UNION ALL \n");
}

/**
 * One group's entries: per account in time order, sequence = row_number and balance after =
 * running sum (one sort of narrow rows), then the wide columns; the accounts from the inserted
 * rows (RETURNING), so the entries are not read again. Transaction ids are UUID-shaped and
 * deterministic per (sale, kind), like the random UUIDs settlement uses.
 */
function ledgerStatement(group: "platform" | "owners"): string {
  const sale = `'s' || lpad(x.no::text, 9, '0')`;
  return `
    WITH entries AS (
      INSERT INTO "LedgerEntry" ("id", "transactionId", "accountId", "sequence", "amountCents", "balanceBeforeCents", "balanceAfterCents",
        "kind", "description", "saleId", "commissionId", "payoutId", "createdAt")
      SELECT 'e${group === "platform" ? "a" : "b"}' || lpad((row_number() OVER ())::text, 10, '0'),
        '00000000-0000-4000-8000-' || lpad(to_hex(x.no * 4 + x.kc), 12, '0'), x.acct, x.seq, x.amt, x.after - x.amt, x.after,
        (ARRAY['SALE', 'REFUND', 'RELEASE'])[x.kc + 1],
        CASE x.kc WHEN 0 THEN 'Sale of "Track ' || x.tno || '" (' || ${sale} || ')'
          WHEN 2 THEN 'Holding period over for sale ' || ${sale} || ': now payable'
          ELSE 'Refund of ' || ${usd("x.t")} || ' on sale ' || ${sale} || ' (' || ${usd("x.a")} || '): each share reversed in proportion' END,
        ${sale}, CASE WHEN x.hasp THEN 'm' || lpad(x.no::text, 9, '0') END, NULL, x.at
      FROM (
        SELECT ev.*, row_number() OVER w AS seq, SUM(ev.amt::int) OVER w AS after
        FROM (${ledgerLines(group)}) ev
        WINDOW w AS (PARTITION BY ev.acct ORDER BY ev.at, ev.ord, ev.no ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
      ) x
      RETURNING "accountId", "amountCents", "createdAt"
    )
    INSERT INTO "LedgerAccount" ("id", "type", "ownerId", "balanceCents", "entryCount", "createdAt", "updatedAt")
    SELECT "accountId", CAST(split_part("accountId", ':', 1) AS "LedgerAccountType"), NULLIF(split_part("accountId", ':', 2), ''),
      SUM("amountCents"), COUNT(*), MIN("createdAt"), MAX("createdAt")
    FROM entries GROUP BY "accountId"`;
}

/** Runs `fn`, prints how long it took under `name` (inside a phase that runs several at once). */
async function timed(name: string, fn: () => Promise<void>) {
  const t0 = performance.now();
  await fn();
  console.log(`\n  ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

// The three biggest loads are independent: the platform accounts' chains, the artists' and
// promoters' chains, and the click events run side by side on three connections.
await phase(
  `ledger entries (balance chains by window functions) and accounts, click events (~${C}), side by side`,
  async () => {
    await Promise.all([
      timed("ledger: BUYER_CLEARING and PLATFORM_REVENUE", () =>
        run([ledgerStatement("platform")], { workMem: "1GB" }),
      ),
      timed("ledger: artist and promoter accounts", () =>
        run([ledgerStatement("owners")], { workMem: "1GB" }),
      ),
      timed("click events", () =>
        run([
          `SELECT setseed(0.46)`,
          // Oldest day first, so ids follow time (a day's clicks in random order within it).
          `INSERT INTO "ClickEvent" ("id", "linkId", "trackId", "visitorHash", "sessionId", "userAgent", "referer", "landingPath", "utmSource", "utmMedium",
       "utmCampaign", "utmTerm", "utmContent", "sourceTag", "isBot", "counted", "createdAt")
     SELECT 'k' || lpad((row_number() OVER ())::text, 10, '0'), 'l' || x.no, 't' || x.t, md5(x.no || ':' || x.dayoff || ':' || x.g),
       NULL, (ARRAY['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
                    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
                    'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36',
                    'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'])[CASE WHEN x.bot THEN 4 ELSE 1 + x.g % 3 END],
       CASE x.g % 4 WHEN 0 THEN 'https://www.youtube.com/' WHEN 1 THEN 'https://t.co/' END, '/t/track-' || x.t,
       CASE WHEN x.g % 5 = 0 THEN 'youtube' END, CASE WHEN x.g % 5 = 0 THEN 'video' END, NULL, NULL, NULL, CASE WHEN x.g % 7 = 0 THEN 'newsletter' END,
       x.bot, x.g <= x.counted,
       (${TODAY} - x.dayoff)::timestamp + random() * CASE WHEN x.dayoff = 0 THEN ${NOW} - ${TODAY}::timestamp ELSE interval '1 day' END
     FROM (
       SELECT ld.no, l.t, ld.dayoff, ld.counted, g, g > ld.counted AND g % 2 = 0 AS bot
       FROM bench_seed.link_day ld JOIN bench_seed.link l ON l.no = ld.no
       CROSS JOIN generate_series(1, ld.counted + ld.uncounted) g
       ORDER BY ld.dayoff DESC
     ) x`,
        ]),
      ),
    ]);
  },
);

await phase("daily stats and denormalised totals", async () => {
  await run([
    `CREATE TABLE bench_seed.link_sales AS
     SELECT s.lno, s.at::date AS day, COUNT(*) FILTER (WHERE s.t < s.a) AS sales, SUM(s.c - s.cr) AS commission
     FROM bench_seed.sale_plan s WHERE s.state = 'DONE' AND s.lno IS NOT NULL GROUP BY s.lno, s.at::date`,
    `INSERT INTO "LinkDailyStats" ("linkId", "day", "promoterId", "clicks", "sales", "commissionCents")
     SELECT 'l' || l.no, x.day, 'p' || l.p, SUM(x.clicks), SUM(x.sales), SUM(x.commission)
     FROM (
       SELECT no, ${TODAY} - dayoff AS day, counted AS clicks, 0 AS sales, 0 AS commission FROM bench_seed.link_day
       UNION ALL
       SELECT lno, day, 0, sales, commission FROM bench_seed.link_sales
     ) x JOIN bench_seed.link l ON l.no = x.no
     GROUP BY l.no, l.p, x.day`,
    `INSERT INTO "PromoterDailyStats" ("promoterId", "day", "clicks", "sales", "commissionCents")
     SELECT "promoterId", "day", SUM("clicks"), SUM("sales"), SUM("commissionCents") FROM "LinkDailyStats" GROUP BY "promoterId", "day"`,
    `UPDATE "AffiliateLink" al SET "clickCount" = x.clicks, "salesCount" = x.sales, "commissionCents" = x.commission
     FROM (SELECT "linkId", SUM("clicks") AS clicks, SUM("sales") AS sales, SUM("commissionCents") AS commission FROM "LinkDailyStats" GROUP BY "linkId") x
     WHERE al."id" = x."linkId"`,
    `UPDATE "PromoterProfile" pp SET "clickCount" = x.clicks, "salesCount" = x.sales, "earningsCents" = x.commission
     FROM (SELECT "promoterId", SUM("clickCount") AS clicks, SUM("salesCount") AS sales, SUM("commissionCents") AS commission FROM "AffiliateLink" GROUP BY "promoterId") x
     WHERE pp."id" = x."promoterId"`,
    `UPDATE "Track" tr SET "clickCount" = COALESCE(c.clicks, 0), "salesCount" = x.sales, "grossCents" = x.gross, "artistCents" = x.artist,
       "commissionsCents" = x.commission
     FROM (SELECT tno, COUNT(*) FILTER (WHERE t < a) AS sales, SUM(a - t) AS gross, SUM(r - rr) AS artist, SUM(c - cr) AS commission
           FROM bench_seed.sale_plan WHERE state = 'DONE' GROUP BY tno) x
     LEFT JOIN (SELECT "trackId", SUM("clickCount") AS clicks FROM "AffiliateLink" GROUP BY "trackId") c ON c."trackId" = 't' || x.tno
     WHERE tr."id" = 't' || x.tno`,
    `UPDATE "Track" tr SET "clickCount" = c.clicks
     FROM (SELECT "trackId", SUM("clickCount") AS clicks FROM "AffiliateLink" GROUP BY "trackId") c
     WHERE tr."id" = c."trackId" AND tr."salesCount" = 0`,
  ]);
});

await phase("indexes and primary keys rebuilt, triggers on", async () => {
  const restore = await db.$queryRawUnsafe<{ name: string; stmt: string }[]>(
    `SELECT name, stmt FROM bench_seed.restore ORDER BY ord, name`,
  );
  for (const r of restore) {
    const t0 = performance.now();
    await run([r.stmt, `DELETE FROM bench_seed.restore WHERE name = '${r.name}'`]);
    console.log(`\n  ${r.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  await run(LOADED.map((t) => `ALTER TABLE "${t}" ENABLE TRIGGER ALL`));
});

await phase("VACUUM ANALYZE", async () => {
  for (const t of LOADED) await db.$executeRawUnsafe(`VACUUM (ANALYZE) "${t}"`);
});

await phase("leaderboard snapshots (refreshLeaderboards)", async () => {
  try {
    const { refreshLeaderboards } = await import("@fanfare/api/services/leaderboard/refresh");
    const { rows } = await refreshLeaderboards({ now: startedAt }, db);
    process.stdout.write(`${rows} rows … `);
  } catch (e) {
    process.stdout.write(`skipped (${(e as Error).message.split("\n")[0]}) … `);
  }
});

await db.$executeRawUnsafe(`DROP SCHEMA bench_seed CASCADE`);

const counts = await db.$queryRawUnsafe<{ table: string; rows: bigint; bytes: bigint }[]>(`
  SELECT c.relname AS "table", c.reltuples::bigint AS "rows", pg_total_relation_size(c.oid) AS "bytes"
  FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
  WHERE ns.nspname = 'public' AND c.relkind = 'r' AND c.reltuples > 0 ORDER BY pg_total_relation_size(c.oid) DESC`);
const total = (await scalar<bigint>(`SELECT pg_database_size(current_database())`)) as bigint;
console.log("\nrows (planner estimates after ANALYZE) and size with indexes:");
for (const c of counts)
  console.log(
    `  ${c.table.padEnd(22)} ${String(c.rows).padStart(12)}  ${(Number(c.bytes) / 2 ** 20).toFixed(0).padStart(8)} MB`,
  );
console.log(`database size: ${(Number(total) / 2 ** 30).toFixed(2)} GB`);
console.log("\nphase times:");
for (const t of timings)
  console.log(`  ${t.phase.padEnd(64)} ${t.seconds.toFixed(1).padStart(8)} s`);
console.log(
  `  ${"total".padEnd(64)} ${timings
    .reduce((s, t) => s + t.seconds, 0)
    .toFixed(1)
    .padStart(8)} s`,
);
await handle.close();
