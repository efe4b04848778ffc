/**
 * Password-guessing flood vs. everything else: while 24 (then 100) connections POST wrong
 * passwords to /api/auth/token, each request from another client IP (X-Forwarded-For through one
 * trusted proxy hop, so the per-IP limits do not bite and only the per-account ceiling and the
 * bounded hashing queue protect the server), a probe fetches /api/health and a preview clip one
 * after the other and records their latency. Runs with the rate limiter on and off. Prints, per
 * run, the flood's throughput and status codes and the probes' p50/p95 (goal: p95 under 100 ms
 * both ways; issue 8). Before the floods it measures the probes on an idle server (baseline).
 *
 * Needs a production build (`pnpm --filter @fanfare/web build`) and PostgreSQL: it uses
 * BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/fanfare_bench), creating,
 * migrating and seeding that database when it is empty, and starts the web server itself on
 * BENCH_PORT (default 3310).
 *
 *   pnpm --filter @fanfare/bench auth-flood
 *   FLOOD_SECONDS=5 FLOOD_CONNECTIONS=24 pnpm --filter @fanfare/bench auth-flood
 */
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";

import autocannon from "autocannon";

import { openDb } from "@fanfare/db";

const root = path.resolve(import.meta.dirname, "..");
const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/fanfare_bench";
const port = Number(process.env.BENCH_PORT ?? 3310);
const base = `http://127.0.0.1:${port}`;
const seconds = Number(process.env.FLOOD_SECONDS ?? 10);
const connectionsList = (process.env.FLOOD_CONNECTIONS ?? "24,100").split(",").map(Number);
const victim = process.env.FLOOD_EMAIL ?? "promoter@fanfare.local";

type Probe = { health: number[]; preview: number[] };

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (x: number) => (Number.isNaN(x) ? "-" : `${x.toFixed(1)} ms`);

/** Creates the bench database when missing, migrates it and seeds it once. */
async function prepareDatabase(): Promise<string> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = "/postgres";
  const admin = openDb({ url: adminUrl.toString() });
  const exists = await admin.db.$queryRaw<
    unknown[]
  >`SELECT 1 FROM pg_database WHERE datname = ${name}`;
  if (exists.length === 0)
    await admin.db.$executeRawUnsafe(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
  await admin.close();
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  for (const args of [
    ["--filter", "@fanfare/db", "migrate"],
    ["--filter", "@fanfare/api", "seed"],
  ]) {
    const r = spawnSync("pnpm", args, { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
    if (r.status !== 0) throw new Error(`pnpm ${args.join(" ")} failed`);
  }
  const handle = openDb({ url: databaseUrl });
  const track = await handle.db.track.findFirst({
    where: { previewKey: { not: null }, deletedAt: null },
    select: { id: true },
  });
  await handle.close();
  if (!track) throw new Error("The seeded database has no track with a preview.");
  return track.id;
}

/** Starts the production server with the limiter on or off; resolves once /api/health answers. */
async function startServer(rateLimits: "on" | "off") {
  const child = spawn("node", ["server.mjs"], {
    cwd: path.join(root, "apps/web"),
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      APP_URL: base,
      TRUSTED_PROXY_HOPS: "1",
      RATE_LIMITS: rateLimits,
      WORKERS: "off",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill();
  throw new Error(
    "The web server did not start (is there a production build? pnpm --filter @fanfare/web build)",
  );
}

/** Fetches health and the preview one after the other until `stop()` resolves; records latency. */
function probe(trackId: string) {
  const out: Probe = { health: [], preview: [] };
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const [key, url] of [
        ["health", `${base}/api/health`],
        ["preview", `${base}/api/media/preview/${trackId}`],
      ] as const) {
        const t = performance.now();
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.ok) out[key].push(performance.now() - t);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return out;
    },
  };
}

let ipCounter = 0;
/** A different client address per request, as a botnet would send them. */
const nextIp = () => {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
};

async function flood(connections: number) {
  const statuses: Record<string, number> = {};
  const result = await autocannon({
    url: `${base}/api/auth/token`,
    method: "POST",
    connections,
    duration: seconds,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: victim, password: "wrong-password-guess" }),
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => ({
          ...req,
          headers: { ...(req.headers as Record<string, string>), "x-forwarded-for": nextIp() },
        }),
        onResponse: (status: number) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  return { rps: result.requests.average, statuses };
}

const trackId = await prepareDatabase();
const rows: string[][] = [];
for (const limiter of ["on", "off"] as const) {
  const server = await startServer(limiter);
  try {
    // Warm up the routes, then an idle baseline.
    const warm = probe(trackId);
    await new Promise((r) => setTimeout(r, 2000));
    const idle = await warm.stop();
    rows.push([
      limiter,
      "idle",
      "-",
      "-",
      ms(pct(idle.health, 50)),
      ms(pct(idle.health, 95)),
      ms(pct(idle.preview, 50)),
      ms(pct(idle.preview, 95)),
    ]);
    for (const connections of connectionsList) {
      const p = probe(trackId);
      const f = await flood(connections);
      const r = await p.stop();
      const codes = Object.entries(f.statuses)
        .map(([k, v]) => `${k}:${v}`)
        .join(" ");
      rows.push([
        limiter,
        String(connections),
        f.rps.toFixed(0),
        codes,
        ms(pct(r.health, 50)),
        ms(pct(r.health, 95)),
        ms(pct(r.preview, 50)),
        ms(pct(r.preview, 95)),
      ]);
      // Let the per-account window of the last run not colour the next one more than it must.
      await new Promise((res) => setTimeout(res, 1000));
    }
  } finally {
    server.kill();
    await new Promise((r) => server.once("exit", r));
  }
}

const header = [
  "limiter",
  "flood conns",
  "flood req/s",
  "flood statuses",
  "health p50",
  "health p95",
  "preview p50",
  "preview p95",
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ");
console.log(
  `\nWrong-password flood on POST /api/auth/token, ${seconds} s per run, each request from its own IP (goal: probe p95 < 100 ms)\n`,
);
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
for (const r of rows) console.log(line(r));
