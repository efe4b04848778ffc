/**
 * `pnpm --filter @fanfare/bench profile [--row clicks|repeat|track] [--db pg|embedded]`: where the
 * web server's CPU goes on one benchmark row. A fresh database with the demo seed, the production
 * build under `node --import profile-hook.mjs`, the row's load for BENCH_WARMUP (3) seconds, then
 * BENCH_SECONDS (10) seconds sampled (500 µs), then a summary of self time by area (Next, React,
 * Prisma, node-pg, PGlite, Fanfare's code, Node internals, GC, idle) and the top functions. The
 * raw profile is written to bench/results/ (open it in Chrome DevTools' Performance panel).
 */
import fs from "node:fs";
import path from "node:path";

import {
  findTarget,
  freshEmbeddedDatabase,
  freshPgDatabase,
  hasProductionBuild,
  measure,
  newVisitor,
  sameVisitor,
  seedDemo,
  sleep,
  startWebServer,
  withDb,
} from "./lib";

const argv = process.argv.slice(2);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const row = (option("--row") ?? "clicks") as "clicks" | "repeat" | "track";
const dbKind = (option("--db") ?? "pg") as "pg" | "embedded";
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmup = Number(process.env.BENCH_WARMUP ?? 3);
const port = Number(process.env.BENCH_PORT ?? 3350);

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

/** The area a frame belongs to, from its script URL. */
function areaOf(n: Node): string {
  const { url, functionName } = n.callFrame;
  if (functionName === "(idle)") return "idle";
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(program)") return "(program: V8, not attributed)";
  if (!url) return "native / V8 builtins";
  if (url.startsWith("node:")) return "Node internals";
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) {
    const name = pkg[1]!;
    if (name === "next") {
      if (/compiled\/react|react-server-dom|react-dom/.test(url)) return "React (in next)";
      return "Next";
    }
    if (name.startsWith("@prisma") || name === "prisma") return "Prisma";
    if (name === "pg" || name.startsWith("pg-")) return "node-pg";
    if (name.includes("pglite")) return "PGlite";
    return name;
  }
  if (url.includes("/.next/server/")) return "app bundle (.next/server: Fanfare + bundled libs)";
  if (url.includes("/packages/") || url.includes("/apps/")) return "Fanfare source";
  return "other";
}

function summarise(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const area = areaOf(n);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const file = n.callFrame.url.split("/").slice(-2).join("/");
    const key = `${n.callFrame.functionName || "(anonymous)"}  ${file}:${n.callFrame.lineNumber + 1}  [${area}]`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const busy = total - (areas.get("idle") ?? 0);
  const pctOf = (us: number, of: number) => `${((100 * us) / of).toFixed(1)}%`.padStart(6);
  console.log(
    `\nSelf time by area (${(total / 1e6).toFixed(1)} s sampled, busy ${pctOf(busy, total)}):`,
  );
  for (const [area, us] of [...areas].sort((a, b) => b[1] - a[1]))
    console.log(
      `  ${pctOf(us, total)} of all  ${area === "idle" ? "      " : pctOf(us, busy) + " of busy"}  ${area}`,
    );
  console.log("\nTop 25 functions by self time (share of busy time):");
  for (const [key, us] of [...fns]
    .filter(([k]) => !k.includes("[idle]"))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25))
    console.log(`  ${pctOf(us, busy)}  ${key}`);
}

if (!hasProductionBuild())
  throw new Error("No production build: run pnpm --filter @fanfare/web build");
const db =
  dbKind === "pg"
    ? await freshPgDatabase(`fanfare_profile_${process.pid}`)
    : freshEmbeddedDatabase();
try {
  console.log(`profile: row ${row} on ${dbKind}; seeding…`);
  seedDemo(db);
  const target = await withDb(db, findTarget);
  const resultsDir = path.join(import.meta.dirname, "results");
  fs.mkdirSync(resultsDir, { recursive: true });
  const out = path.join(resultsDir, `profile-${row}-${dbKind}-${Date.now()}.cpuprofile`);
  const server = await startWebServer({
    port,
    env: { ...db.env, WORKERS: "off", PROFILE_OUT: out },
    nodeArgs: ["--import", path.join(import.meta.dirname, "profile-hook.mjs")],
  });
  try {
    const url =
      row === "track"
        ? `${server.base}/t/${target.slug}`
        : `${server.base}/t/${target.slug}?ref=${target.code}`;
    const shape =
      row === "clicks"
        ? { next: () => ({ headers: newVisitor() }) }
        : row === "repeat"
          ? { headers: sameVisitor }
          : {};
    await measure({ url, seconds: warmup, ...shape });
    server.child.kill("SIGUSR2");
    await sleep(200);
    const r = await measure({ url, seconds, ...shape });
    console.log(
      `  ${row}: ${Math.round(r.rps)}/s, p95 ${r.p95.toFixed(1)} ms while profiled (sampling costs a little)`,
    );
  } finally {
    await server.stop();
  }
  for (let i = 0; i < 50 && !fs.existsSync(out); i++) await sleep(100);
  summarise(JSON.parse(fs.readFileSync(out, "utf8")) as Profile);
  console.log(`\nProfile: ${path.relative(process.cwd(), out)}`);
} finally {
  await db.drop();
}
