import { Redis } from "ioredis";
import type { IRateLimiterStoreOptions, RateLimiterAbstract } from "rate-limiter-flexible";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis } from "rate-limiter-flexible";

import type { DbClient } from "@fanfare/db";
import { getDb } from "@fanfare/db";

import { rateLimitEnv } from "./env";

/** Where counters are kept; see `defaultRateLimitStore`. */
export type RateLimitStore =
  { kind: "memory" } | { kind: "postgres"; db: DbClient } | { kind: "redis"; client: Redis };

/** One limit: `points` consumptions per `durationSeconds`, counted under `name:<key>`. */
export type LimiterShape = { name: string; points: number; durationSeconds: number };

/**
 * The node-pg "pool" interface RateLimiterPostgres calls (`query({ text, values })` returning
 * `{ rows, rowCount }`), served by Prisma's raw queries so the limiter shares the app's own
 * connections (PostgreSQL or PGlite) instead of opening a pool of its own.
 */
function prismaAsPgPool(db: DbClient) {
  return {
    query: async (q: { text: string; values?: unknown[] }) => {
      const values = q.values ?? [];
      if (/^\s*DELETE\b/i.test(q.text)) {
        const rowCount = await db.$executeRawUnsafe(q.text, ...values);
        return { rows: [], rowCount };
      }
      const rows = await db.$queryRawUnsafe<
        { points: number | bigint; expire: number | bigint | null }[]
      >(q.text, ...values);
      // expire is a bigint column (ms since epoch): the limiter does arithmetic with numbers.
      const plain = rows.map((r) => ({
        points: Number(r.points),
        expire: r.expire === null ? null : Number(r.expire),
      }));
      return { rows: plain, rowCount: plain.length };
    },
  };
}

/**
 * Builds a limiter on `store`. Redis and PostgreSQL limiters fall back to process memory while
 * their store fails (`insuranceLimiter`), so a database hiccup does not turn into sign-in errors.
 */
export function createLimiter(store: RateLimitStore, shape: LimiterShape): RateLimiterAbstract {
  const base = { keyPrefix: shape.name, points: shape.points, duration: shape.durationSeconds };
  switch (store.kind) {
    case "memory":
      return new RateLimiterMemory(base);
    case "postgres":
      return new RateLimiterPostgres({
        ...base,
        storeClient: prismaAsPgPool(store.db),
        storeType: "pool",
        tableName: "rate_limit",
        // Created by the migration (model RateLimit in packages/db/prisma/schema/system.prisma).
        tableCreated: true,
        // Every key is prefixed, so one table serves every rule.
        insuranceLimiter: new RateLimiterMemory(base),
      } as IRateLimiterStoreOptions);
    case "redis":
      return new RateLimiterRedis({
        ...base,
        storeClient: store.client,
        insuranceLimiter: new RateLimiterMemory(base),
      });
    default: {
      const unknown: never = store;
      throw new Error(`Unknown rate-limit store ${JSON.stringify(unknown)}.`);
    }
  }
}

type StoreCache = {
  memory?: RateLimitStore;
  redis?: RateLimitStore;
  postgres: WeakMap<object, RateLimitStore>;
};
const globalForStore = globalThis as unknown as { __fanfareRateLimitStores?: StoreCache };

/**
 * The store for this process: Redis with `REDIS_URL`, the `rate_limit` table with `DATABASE_URL`
 * (on `db` when given, the database the caller works on, else the process database), else memory
 * (the embedded PGlite has one connection; the sign-in path should not queue on it). The same
 * object is returned for the same choice, so limiters (and memory counters) are kept.
 */
export async function defaultRateLimitStore(db?: DbClient): Promise<RateLimitStore> {
  const cache = (globalForStore.__fanfareRateLimitStores ??= { postgres: new WeakMap() });
  const env = rateLimitEnv();
  if (env.REDIS_URL) {
    cache.redis ??= {
      kind: "redis",
      client: new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1 }),
    };
    return cache.redis;
  }
  if (env.DATABASE_URL) {
    const handle = db ?? (await getDb());
    let store = cache.postgres.get(handle);
    if (!store) cache.postgres.set(handle, (store = { kind: "postgres", db: handle }));
    return store;
  }
  cache.memory ??= { kind: "memory" };
  return cache.memory;
}
