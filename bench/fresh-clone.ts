/**
 * Fresh clone → serving (issue 9 §5): clones this repository's current commit into a temp
 * folder and times the README's first command, `npm start` (install, generate, migrate, the demo
 * seed beside `next build`, serve), until /api/health answers 200, on the embedded default (no
 * DATABASE_URL). Goal: ≤ 3 minutes with a warm package store.
 *
 *   warm: the machine's pnpm store as it is (what a developer who ran it once has);
 *   cold (--cold): an empty pnpm store and metadata cache in temp folders, so every package is
 *     downloaded from the registry again (pnpm itself still comes from npx's cache).
 *
 * Prints the figures; writes { warmSeconds, coldSeconds } to BENCH_RESULT_JSON when set.
 *
 *   pnpm --filter @fanfare/bench fresh-clone [--cold]      (or pnpm bench --fresh-clone)
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { cleanEnv, root, sleep } from "./lib";

const port = Number(process.env.BENCH_CLONE_PORT ?? 3390);
const timeoutSeconds = Number(process.env.BENCH_CLONE_TIMEOUT ?? 900);

/** Clones HEAD into a temp folder, runs `npm start`, returns seconds until /api/health is 200. */
async function timeFreshClone(
  label: string,
  extraEnv: Record<string, string>,
): Promise<number | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fanfare-clone-"));
  const repo = path.join(dir, "fanfare");
  const head = spawnSync("git", ["rev-parse", "HEAD"], {
    cwd: root,
    encoding: "utf8",
  }).stdout.trim();
  for (const args of [
    ["clone", "--quiet", "--no-checkout", root, repo],
    ["-C", repo, "checkout", "--quiet", head],
  ]) {
    const r = spawnSync("git", args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  }
  const log = path.join(dir, "npm-start.log");
  console.log(`  ${label}: git clone of ${head.slice(0, 10)} in ${repo}; npm start (log: ${log})`);
  const out = fs.openSync(log, "w");
  const started = performance.now();
  const child = spawn("npm", ["start"], {
    cwd: repo,
    env: cleanEnv({ PORT: String(port), APP_URL: `http://127.0.0.1:${port}`, ...extraEnv }),
    detached: true,
    stdio: ["ignore", out, out],
  });
  let seconds: number | undefined;
  try {
    while ((performance.now() - started) / 1000 < timeoutSeconds && child.exitCode === null) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) {
          seconds = (performance.now() - started) / 1000;
          break;
        }
      } catch {
        // not serving yet
      }
      await sleep(1000);
    }
  } finally {
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await sleep(2000);
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  if (seconds === undefined) {
    console.log(
      `  ${label}: not serving after ${timeoutSeconds} s (exit ${child.exitCode}); last lines of the log:`,
    );
    console.log(fs.readFileSync(log, "utf8").split("\n").slice(-20).join("\n"));
  } else console.log(`  ${label}: serving after ${seconds.toFixed(0)} s`);
  fs.rmSync(dir, { recursive: true, force: true });
  return seconds;
}

const result: { warmSeconds?: number; coldSeconds?: number } = {};
result.warmSeconds = await timeFreshClone("warm package store", {});
if (process.argv.includes("--cold")) {
  const store = fs.mkdtempSync(path.join(os.tmpdir(), "fanfare-cold-store-"));
  result.coldSeconds = await timeFreshClone("cold package store", {
    npm_config_store_dir: path.join(store, "store"),
    npm_config_cache_dir: path.join(store, "cache"),
  });
  fs.rmSync(store, { recursive: true, force: true });
}
if (process.env.BENCH_RESULT_JSON)
  fs.writeFileSync(process.env.BENCH_RESULT_JSON, JSON.stringify(result));
console.log(
  `fresh clone → serving: warm store ${result.warmSeconds?.toFixed(0) ?? "failed"} s${"coldSeconds" in result ? `, cold store ${result.coldSeconds?.toFixed(0) ?? "failed"} s` : ""} (goal ≤ 180 s warm)`,
);
process.exit(result.warmSeconds === undefined ? 1 : 0);
