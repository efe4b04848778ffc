/**
 * Shared pieces of the benchmark harness (`bench/run.ts`, `bench/multi-process.ts`): databases
 * (a fresh PostgreSQL database or a fresh embedded one, seeded with the demo seed), starting the
 * production web server, autocannon runs, the pending sales and signed webhook events of the
 * webhook benchmarks, and the table printer. Figures only: nothing here asserts.
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import autocannon from "autocannon";

import { closeDb, getDb, openDb } from "@fanfare/db";
import type { PrismaClient } from "@fanfare/db";

/** The repository this bench runs in (the checkout holding this folder). */
export const root = path.resolve(import.meta.dirname, "..");
export const webDir = path.join(root, "apps/web");
/** The PostgreSQL server the benchmarks create their databases on. */
export const pgServerUrl =
  process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The p-th percentile (nearest rank) of `xs`, NaN when empty. */
export function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Whether `apps/web/.next` holds a production build (`next build` writes BUILD_ID last). */
export function hasProductionBuild(): boolean {
  return fs.existsSync(path.join(webDir, ".next", "BUILD_ID"));
}

/**
 * How to run pnpm from here: the pnpm running this script (`npm_execpath`), else `pnpm` on PATH,
 * else the pinned one through npx (`npx --yes pnpm@<version>`, as scripts/pnpm.mjs and CI do on a
 * machine with only Node). Returns [command, ...leading args].
 */
export function pnpmCommand(): [string, ...string[]] {
  const exec = process.env.npm_execpath;
  if (exec && /pnpm/.test(path.basename(exec)) && /\.c?js$/.test(exec))
    return [process.execPath, exec];
  if (spawnSync("pnpm", ["--version"], { stdio: "ignore" }).status === 0) return ["pnpm"];
  const { packageManager } = JSON.parse(
    fs.readFileSync(path.join(root, "package.json"), "utf8"),
  ) as {
    packageManager: string;
  };
  return ["npx", "--yes", packageManager];
}

/** Runs `pnpm <args>` in the repository root; throws with its output's tail when it fails. */
export function pnpm(args: string[], env: NodeJS.ProcessEnv, opts: { quiet?: boolean } = {}): void {
  const [cmd, ...lead] = pnpmCommand();
  const r = spawnSync(cmd, [...lead, ...args], {
    cwd: root,
    env,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ""}\n${r.stderr ?? ""}`.split("\n").slice(-40).join("\n"));
    throw new Error(`pnpm ${args.join(" ")} failed (exit ${r.status})`);
  }
  if (!opts.quiet) process.stderr.write("");
}

/** The environment without any database or port setting of the caller's shell (CI exports some). */
export function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["DATABASE_URL", "FANFARE_DATA_DIR", "PORT", "APP_URL", "REDIS_URL", "WORKERS"])
    delete env[k];
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/** A database under test: how to reach it and the env its processes need. */
export type BenchDb = {
  kind: "pg" | "embedded";
  /** Env for every process on this database (DATABASE_URL, or FANFARE_DATA_DIR for PGlite). */
  env: Record<string, string>;
  /** Drops the database or removes the folder. */
  drop: () => Promise<void>;
};

/** A new, empty PostgreSQL database `name` on the local server (dropped first if it exists). */
export function freshPgDatabase(name: string): Promise<BenchDb> {
  return createPgDatabase(name, `CREATE DATABASE "${name}"`);
}

/**
 * Runs `create` (a CREATE DATABASE of `name`) on the local server after dropping any `name`, and
 * returns the database as a `BenchDb` whose `drop` removes it.
 */
async function createPgDatabase(name: string, create: string): Promise<BenchDb> {
  const admin = openDb({ url: pgServerUrl });
  try {
    await admin.db.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.db.$executeRawUnsafe(create);
  } finally {
    await admin.close();
  }
  const url = new URL(pgServerUrl);
  url.pathname = `/${name}`;
  return {
    kind: "pg",
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const a = openDb({ url: pgServerUrl });
      await a.db.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.close();
    },
  };
}

/**
 * A copy of the PostgreSQL database `db` (`CREATE DATABASE … TEMPLATE`, so nothing may be
 * connected to `db` while it is made), named `<db's name>_<suffix>`. For a measure that writes in
 * a way the app does not (the bare click baseline updates three counter rows per click): run on a
 * copy, its dead row versions cannot slow the app's rows measured after it.
 * @throws Error when `db` is not a PostgreSQL database.
 */
export function copyPgDatabase(db: BenchDb, suffix: string): Promise<BenchDb> {
  if (db.kind !== "pg" || !db.env.DATABASE_URL) throw new Error("copyPgDatabase: not PostgreSQL");
  const source = new URL(db.env.DATABASE_URL).pathname.slice(1);
  const name = `${source}_${suffix}`;
  return createPgDatabase(name, `CREATE DATABASE "${name}" TEMPLATE "${source}"`);
}

/** A new embedded (PGlite) database: FANFARE_DATA_DIR a fresh temp folder, no DATABASE_URL. */
export function freshEmbeddedDatabase(): BenchDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fanfare-bench-"));
  return {
    kind: "embedded",
    env: { FANFARE_DATA_DIR: dir },
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Runs `fn` with this process's database (`getDb()`, migrations applied) pointed at `db`: the
 * services called in-process (webhook handler, sales inserts) then use it, as they would in a
 * server. Closes it afterwards (the embedded database must be free before a server opens it).
 */
export async function withDb<T>(db: BenchDb, fn: (prisma: PrismaClient) => Promise<T>): Promise<T> {
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    FANFARE_DATA_DIR: process.env.FANFARE_DATA_DIR,
  };
  delete process.env.DATABASE_URL;
  delete process.env.FANFARE_DATA_DIR;
  Object.assign(process.env, db.env);
  try {
    return await fn(await getDb());
  } finally {
    await closeDb();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Migrates and loads the demo data (`pnpm --filter @fanfare/api seed`, which migrates first). */
export function seedDemo(db: BenchDb, extra: Record<string, string> = {}): void {
  pnpm(["--filter", "@fanfare/api", "seed"], cleanEnv({ ...db.env, ...extra }), { quiet: true });
}

/** What the benchmarks hit: a published track with an affiliate link. */
export type Target = { slug: string; code: string; trackId: string; linkId: string };

/** The seeded track with the most clicks and one of its enabled links. */
export async function findTarget(db: PrismaClient): Promise<Target> {
  const rows = await db.$queryRaw<Target[]>`
    SELECT t."slug", l."code", t."id" AS "trackId", l."id" AS "linkId"
    FROM "AffiliateLink" l JOIN "Track" t ON t."id" = l."trackId"
    WHERE t."published" AND t."deletedAt" IS NULL AND t."affiliateEnabled" AND NOT l."disabled"
    ORDER BY t."clickCount" DESC LIMIT 1`;
  if (!rows[0])
    throw new Error("The seeded database has no published track with an affiliate link.");
  return rows[0];
}

export type Server = { base: string; child: ChildProcess; stop: () => Promise<void> };

/**
 * Starts the production web server (`node server.mjs` in apps/web, as `pnpm --filter
 * @fanfare/web start` does) on `port`; resolves once /api/health answers 200.
 */
export async function startWebServer(opts: {
  port: number;
  env: Record<string, string | undefined>;
  log?: string;
  /** Arguments for node before server.mjs (the profiler's --import). */
  nodeArgs?: string[];
}): Promise<Server> {
  const base = `http://127.0.0.1:${opts.port}`;
  const out = opts.log ? fs.openSync(opts.log, "a") : "ignore";
  const child = spawn("node", [...(opts.nodeArgs ?? []), "server.mjs"], {
    cwd: webDir,
    env: cleanEnv({
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(opts.port),
      APP_URL: base,
      TRUSTED_PROXY_HOPS: "1",
      ...opts.env,
    }),
    stdio: ["ignore", out, out],
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    await Promise.race([new Promise((r) => child.once("exit", r)), sleep(10_000)]);
    if (child.exitCode === null) child.kill("SIGKILL");
  };
  await waitForHealth(`${base}/api/health`, child, 180);
  return { base, child, stop };
}

/** Polls `url` every 500 ms until it answers 200; throws when `child` exits or time runs out. */
export async function waitForHealth(url: string, child: ChildProcess | null, seconds: number) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child && child.exitCode !== null)
      throw new Error(`the server exited (code ${child.exitCode}) before ${url} answered`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(500);
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

/** One autocannon measurement. */
export type Measured = {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
};

export type RequestShape = {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
};

/**
 * Runs autocannon against `base + path` with `connections` for `seconds` (after `warmupSeconds`
 * of the same load, not recorded). `next(i)`, when given, shapes each request (headers, body,
 * path) from a run-wide counter, e.g. a new visitor per request. Latency percentiles in ms
 * (autocannon's HDR histogram; p95 interpolated from p90/p97.5 when absent).
 */
export async function measure(opts: {
  url: string;
  connections?: number;
  seconds: number;
  warmupSeconds?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  next?: (i: number) => RequestShape;
  onBody?: (status: number, body: string) => void;
}): Promise<Measured> {
  let counter = 0;
  const statuses: Record<string, number> = {};
  const run = (seconds: number, record: boolean) =>
    autocannon({
      url: opts.url,
      connections: opts.connections ?? 10,
      duration: seconds,
      method: (opts.method ?? "GET") as "GET",
      headers: opts.headers,
      body: opts.body,
      requests: [
        {
          setupRequest: (req: Record<string, unknown>) => {
            if (!opts.next) return req;
            const shape = opts.next(counter++);
            return {
              ...req,
              ...(shape.method ? { method: shape.method } : {}),
              ...(shape.path ? { path: shape.path } : {}),
              ...(shape.body !== undefined ? { body: shape.body } : {}),
              headers: { ...(req.headers as Record<string, string>), ...shape.headers },
            };
          },
          onResponse: (status: number, body: string) => {
            if (!record) return;
            statuses[status] = (statuses[status] ?? 0) + 1;
            opts.onBody?.(status, body);
          },
        },
      ],
    } as autocannon.Options);
  if (opts.warmupSeconds) await run(opts.warmupSeconds, false);
  const r = await run(opts.seconds, true);
  const lat = r.latency as unknown as Record<string, number>;
  const p95 = lat.p95 ?? lat.p90 + (lat.p97_5 - lat.p90) * (5 / 7.5);
  return {
    rps: r.requests.total / opts.seconds,
    p50: lat.p50,
    p95,
    p99: lat.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    statuses,
  };
}

let visitorCounter = 0;
const runTag = randomBytes(3).toString("hex");

/**
 * A new visitor per call: a distinct user agent (a current desktop Chrome string with a build
 * number of its own) and a distinct client IP in X-Forwarded-For, one IP per visitor out of
 * 10.0.0.0/8, so the per-IP cap (5 counted clicks per link per IP per hour) never bites. The web
 * server runs with TRUSTED_PROXY_HOPS=1, so that header is the client IP.
 */
export function newVisitor(): Record<string, string> {
  const n = ++visitorCounter;
  return {
    "user-agent": `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.${n}.${parseInt(runTag, 16) % 1000} Safari/537.36`,
    "x-forwarded-for": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
  };
}

/** One fixed visitor (the repeat-click benchmark). */
export const sameVisitor = {
  "user-agent":
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "x-forwarded-for": "192.0.2.77",
};

/** A `checkout.session.completed` body for one pending sale, and its signature once signed. */
export type CompletionEvent = { saleId: string; body: string; signature?: string };

/**
 * Inserts `n` PENDING sales copied from completed attributed sales of the demo seed (same track,
 * promoter, link, split with every slice: fee, artist, commission, recruiter, label, discount,
 * campaign, tier bonus, licence tier, and the recorded shares), ids `<prefix><i>`, each with its own checkout
 * session and download-token hash: what `startCheckout` leaves before the buyer pays.
 *
 * @param opts.spread true: round robin over every such seeded sale (the demo's tracks and
 *   payees), as sales of a catalogue arrive; false: all copies of one sale, whose promoter and
 *   artist can be paid out (one track's and one promoter's hot rows: a viral link).
 */
export async function insertPendingSales(
  db: PrismaClient,
  prefix: string,
  n: number,
  opts: { spread: boolean },
): Promise<string[]> {
  await db.$executeRawUnsafe(`
    WITH t AS (
      SELECT x.*, (row_number() OVER (ORDER BY
          -- payees who can be paid out first (the multi-process payout check needs them)
          EXISTS (SELECT 1 FROM "ConnectAccount" c WHERE c."payeeType" = 'PROMOTER' AND c."payeeId" = x."promoterId" AND c."payoutsEnabled") DESC,
          EXISTS (SELECT 1 FROM "ConnectAccount" c WHERE c."payeeType" = 'ARTIST' AND c."payeeId" = tr."artistId" AND c."payoutsEnabled") DESC,
          x."createdAt") - 1)::int AS k
      FROM "Sale" x JOIN "Track" tr ON tr."id" = x."trackId"
      WHERE x."promoterId" IS NOT NULL AND x."status" = 'COMPLETED' AND x."selfReferral" IS NULL
    ), templates AS (SELECT * FROM t WHERE ${opts.spread ? "true" : "k = 0"}),
    plan AS (
      SELECT '${prefix}' || g AS "newId", g, s.* FROM generate_series(1, ${n}) g
      JOIN templates s ON s.k = g % (SELECT COUNT(*) FROM templates)
    ), sales AS (
      INSERT INTO "Sale" ("id", "trackId", "artistId", "buyerEmail", "amountCents", "currency", "platformFeeCents", "artistCents",
        "commissionCents", "commissionBps", "promoterId", "linkId", "status", "stripeCheckoutSessionId", "downloadTokenHash",
        "downloadLimit", "createdAt", "updatedAt", "platformFeeBps", "discountCents", "discountCodeId", "listAmountCents",
        "campaignId", "discountFunder", "platformBoostBps", "tierBonusBps", "recruiterCents", "recruiterId", "recruiterShareBps",
        "productKind", "licenseTierId", "labelCents", "labelContractId", "labelId", "labelShareBps")
      SELECT p."newId", p."trackId", p."artistId", 'buyer' || p.g || '@bench.test', p."amountCents", p."currency", p."platformFeeCents",
        p."artistCents", p."commissionCents", p."commissionBps", p."promoterId", p."linkId", 'PENDING', 'cs_' || p."newId",
        md5(p."newId" || random()::text) || md5(random()::text), 5, now(), now(), p."platformFeeBps", p."discountCents",
        p."discountCodeId", p."listAmountCents", p."campaignId", p."discountFunder", p."platformBoostBps", p."tierBonusBps",
        p."recruiterCents", p."recruiterId", p."recruiterShareBps", p."productKind", p."licenseTierId", p."labelCents",
        p."labelContractId", p."labelId", p."labelShareBps"
      FROM plan p RETURNING 1
    )
    -- The copies' shares are the template's (what checkout start records).
    INSERT INTO "SaleShare" ("saleId", "position", "kind", "payee", "ownerId", "amountCents", "residual")
    SELECT p."newId", sh."position", sh."kind", sh."payee", sh."ownerId", sh."amountCents", sh."residual"
    FROM plan p JOIN "SaleShare" sh ON sh."saleId" = p."id"`);
  return Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
}

/**
 * `checkout.session.completed` event bodies (Stripe's format, as the sandbox sends them) for the
 * given pending sales; sign them with `signEvents` shortly before use (300 s tolerance).
 */
export async function completionEvents(
  db: PrismaClient,
  saleIds: string[],
): Promise<CompletionEvent[]> {
  const sales = await db.sale.findMany({
    where: { id: { in: saleIds } },
    select: {
      id: true,
      amountCents: true,
      currency: true,
      buyerEmail: true,
      stripeCheckoutSessionId: true,
    },
  });
  const created = Math.floor(Date.now() / 1000);
  return sales.map((s) => ({
    saleId: s.id,
    body: JSON.stringify({
      id: `evt_${s.id}`,
      object: "event",
      type: "checkout.session.completed",
      created,
      data: {
        object: {
          id: s.stripeCheckoutSessionId,
          object: "checkout.session",
          client_reference_id: s.id,
          metadata: { saleId: s.id },
          amount_total: Number(s.amountCents),
          currency: s.currency,
          payment_status: "paid",
          status: "complete",
          payment_intent: `pi_${s.id}`,
          customer_details: { email: s.buyerEmail, name: null },
        },
      },
    }),
  }));
}

/** Signs each event now, as Stripe does (`t=<now>,v1=<HMAC-SHA256>`), with the endpoint secret. */
export async function signEvents(events: CompletionEvent[], secret: string): Promise<void> {
  const { signWebhookPayload } = await import("@fanfare/payments");
  for (const e of events) e.signature = signWebhookPayload({ payload: e.body, secret });
}

/** Prints rows as an aligned text table (first row: header). */
export function printTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c ?? "").padEnd(widths[i]!))
      .join(" | ")
      .trimEnd();
  const out = [
    line(rows[0]!),
    widths.map((w) => "-".repeat(w)).join("-|-"),
    ...rows.slice(1).map(line),
  ].join("\n");
  console.log(out);
  return out;
}
