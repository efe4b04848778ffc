// Runs the project's pinned pnpm through npx, so a machine with only Node and npm needs nothing
// else (corepack is not required). Usage: node scripts/pnpm.mjs <pnpm args...>
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const { packageManager } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

/** Runs pnpm with args in the repo root; exits the process with pnpm's code on failure. */
export function pnpm(args, opts = {}) {
  const r = spawnSync("npx", ["--yes", packageManager, ...args], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...opts.env },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/**
 * Runs pnpm with args in the repo root without blocking; resolves when it exits with 0 and exits
 * the whole process with pnpm's code otherwise (so two steps can run side by side).
 */
export function pnpmAsync(args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn("npx", ["--yes", packageManager, ...args], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, ...opts.env },
    });
    child.on("exit", (code) => {
      if (code !== 0) process.exit(code ?? 1);
      resolve();
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) pnpm(process.argv.slice(2));
