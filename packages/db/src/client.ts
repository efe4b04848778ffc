import fs from "node:fs";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

import { dataDir, dbEnv } from "./env";
import { PrismaClient } from "./generated/prisma/client";
import { applyMigrations } from "./migrate";

export type Db = PrismaClient;

export type DbHandle = {
  db: PrismaClient;
  /** The adapter factory behind `db` (also drives migrations). */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** "postgres" with DATABASE_URL, "pglite" for the embedded database. */
  kind: "postgres" | "pglite";
  /** The PostgreSQL connection string (postgres only), for sessions of their own (LISTEN). */
  url?: string;
  /** The embedded database itself (PGlite only), for pg-boss to share its one connection. */
  pglite?: PGlite;
  close: () => Promise<void>;
};

/**
 * Defaults for interactive transactions (`db.$transaction(async (tx) => …)`) that name no
 * limits of their own. Prisma's own defaults (wait 2 s for a connection, expire after 5 s) are
 * hit by a healthy transaction whenever the process is starved of CPU (a loaded 2-core box: the
 * CI simulation lost a payout transaction at 5.5 s) and the expired transaction is rolled back
 * and its work lost. These bound only hangs; lock waits are bounded by PostgreSQL. Services
 * do not set shorter limits of their own: the CI simulation, starved at the lowest priority
 * beside the build, once took 20.06 s over a webhook's transaction that had a 20 s limit, and
 * later 62 s over one of 60 s, so CI sets `DATABASE_TRANSACTION_TIMEOUT_MS` for it.
 * Defaults: wait 30 s, expire after 60 s (`dbEnv`).
 */
function transactionOptions(): { maxWait: number; timeout: number } {
  const env = dbEnv();
  return {
    maxWait: env.DATABASE_TRANSACTION_MAX_WAIT_MS,
    timeout: env.DATABASE_TRANSACTION_TIMEOUT_MS,
  };
}

/**
 * Opens a database: PostgreSQL through `@prisma/adapter-pg` when `url` (default
 * `DATABASE_URL`) is set, otherwise embedded PGlite stored in `<dataDir>/pglite`, or in memory
 * when `pgliteDir` is "memory://".
 */
export function openDb(opts: { url?: string; pgliteDir?: string } = {}): DbHandle {
  const url = opts.url ?? dbEnv().DATABASE_URL;
  if (url) {
    const adapterFactory = new PrismaPg(
      { connectionString: url, max: 10 },
      { statementNameGenerator: statementNames(dbEnv().DATABASE_STATEMENT_CACHE_SIZE) },
    );
    const db = new PrismaClient({
      adapter: adapterFactory,
      transactionOptions: transactionOptions(),
    });
    return { db, adapterFactory, kind: "postgres", url, close: () => db.$disconnect() };
  }
  const dir = opts.pgliteDir ?? path.join(dataDir(), "pglite");
  if (dir !== "memory://") fs.mkdirSync(dir, { recursive: true });
  const pglite = dir === "memory://" ? new PGlite() : new PGlite(dir);
  const adapterFactory = new PrismaPGlite(pglite);
  const db = new PrismaClient({
    adapter: adapterFactory,
    transactionOptions: transactionOptions(),
  });
  return {
    db,
    adapterFactory,
    kind: "pglite",
    pglite,
    close: async () => {
      await db.$disconnect();
      await pglite.close();
    },
  };
}

/**
 * Names SQL texts for node-pg's per-connection prepared statements: a named statement is parsed
 * and planned once per connection and then only bound and executed, which saves a round of
 * parsing and planning on every repeated query (the money paths run the same few statements).
 * Bounded: after `max` distinct texts, new ones run unnamed (""), so one-off SQL cannot grow the
 * caches of node-pg and of the server's sessions without limit; `max` 0 names nothing.
 */
export function statementNames(max: number): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < max) {
      name = `ff_${names.size}`;
      names.set(sql, name);
    }
    return name ?? "";
  };
}

type GlobalDb = { handle?: DbHandle; ready?: Promise<PrismaClient> };
// One database per process, shared across bundles (Next compiles route handlers and the proxy
// separately; two PGlite instances on one folder would corrupt it).
const globalForDb = globalThis as unknown as { __fanfareDb?: GlobalDb };

/**
 * The process-wide database client, with pending migrations applied on first use.
 * @returns a PrismaClient on PostgreSQL (DATABASE_URL) or embedded PGlite.
 */
export function getDb(): Promise<PrismaClient> {
  const g = (globalForDb.__fanfareDb ??= {});
  g.ready ??= (async () => {
    g.handle ??= openDb();
    await applyMigrations(g.handle.adapterFactory);
    return g.handle.db;
  })().catch((e: unknown) => {
    // Let the next call try again instead of caching the failure for the process's lifetime.
    g.ready = undefined;
    throw e;
  });
  return g.ready;
}

/**
 * The process-wide database handle behind `getDb()` (migrations applied): the job runner needs
 * the PGlite instance itself on the embedded default.
 */
export async function getDbHandle(): Promise<DbHandle> {
  await getDb();
  const handle = globalForDb.__fanfareDb?.handle;
  if (!handle) throw new Error("The database was closed while it was being opened.");
  return handle;
}

/** Closes the process-wide database (scripts call it before exiting). */
export async function closeDb(): Promise<void> {
  const g = globalForDb.__fanfareDb;
  if (!g?.handle) return;
  await g.handle.close();
  globalForDb.__fanfareDb = undefined;
}
