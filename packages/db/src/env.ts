import fs from "node:fs";
import path from "node:path";
import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * Database settings. All are optional: with no `DATABASE_URL` the platform runs on an embedded
 * PGlite database stored under `FANFARE_DATA_DIR` (default `<repo>/.data`).
 */
export function dbEnv() {
  return createEnv({
    server: {
      DATABASE_URL: z.string().url().optional(),
      FANFARE_DATA_DIR: z.string().min(1).optional(),
      /**
       * Prepared statements kept per PostgreSQL connection (distinct SQL texts), so a statement
       * is parsed and planned once per connection. 0 turns them off, as PgBouncer in
       * transaction pooling mode requires.
       */
      DATABASE_STATEMENT_CACHE_SIZE: z.coerce.number().int().min(0).default(1000),
      /**
       * Defaults for interactive transactions that name no limits of their own: how long one
       * may wait for a connection and how long it may run before it is expired and rolled
       * back, in milliseconds. They bound hangs only; CI raises them for the money simulation,
       * which runs starved of CPU at the lowest priority and checks correctness, not speed.
       */
      DATABASE_TRANSACTION_MAX_WAIT_MS: z.coerce.number().int().min(1000).default(30_000),
      DATABASE_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
}

/** The folder that holds local state (PGlite files, uploads, sandbox secrets). */
export function dataDir(): string {
  const fromEnv = dbEnv().FANFARE_DATA_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(repoRoot(), ".data");
}

/**
 * The monorepo root: the nearest folder at or above the working directory that holds
 * `pnpm-workspace.yaml` (scripts run from the root, a package or apps/web alike).
 * Falls back to the working directory outside a checkout.
 */
export function repoRoot(): string {
  let dir = process.cwd();
  for (;;) {
    if (fs.existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}
