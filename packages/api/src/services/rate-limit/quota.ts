import type { RateLimiterAbstract } from "rate-limiter-flexible";

import { getSettings } from "../settings/settings";
import type { RateLimitOptions } from "./rate-limit";
import type { RateLimitStore } from "./store";
import { createLimiter, defaultRateLimitStore } from "./store";

/**
 * What one request left of a quota, for the IETF RateLimit header fields
 * (draft-ietf-httpapi-ratelimit-headers: `RateLimit-Limit`, `RateLimit-Remaining`,
 * `RateLimit-Reset` in delta-seconds) and, when refused, `Retry-After` (RFC 9110 §10.2.3).
 */
export type QuotaResult = {
  /** Whether this request is within the quota. */
  allowed: boolean;
  /** The quota: requests per window. */
  limit: number;
  /** Requests left in the current window after this one (0 when refused). */
  remaining: number;
  /** Seconds until the window ends and the quota is whole again (≥ 1). */
  resetSeconds: number;
  /** The window, in seconds. */
  windowSeconds: number;
};

/**
 * Counters far above any quota: a quota's limit is compared by `consumeQuota` itself, so one
 * limiter serves every limit and a key keeps its count when its limit changes.
 */
const CEILING = 2_000_000_000;

// One limiter per (store, name, window); rebuilt when the store changes (tests change it).
const limiters = new Map<string, { store: RateLimitStore; limiter: RateLimiterAbstract }>();

function limiterFor(store: RateLimitStore, name: string, windowSeconds: number) {
  const id = `${name}/${windowSeconds}`;
  const cached = limiters.get(id);
  if (cached?.store === store) return cached.limiter;
  const limiter = createLimiter(store, {
    name: `rl:${name}`,
    points: CEILING,
    durationSeconds: windowSeconds,
  });
  limiters.set(id, { store, limiter });
  return limiter;
}

/**
 * Counts one request of `key` under the quota `name` whose limit is given per call (`limit`
 * requests per `windowSeconds`, a fixed window starting at the key's first request), on the
 * platform's limiter store (Redis, the `rate_limit` table, or memory: `defaultRateLimitStore`).
 * A key's count is kept when its limit changes (an admin's raise applies to the running window).
 * Refused requests are counted too, so a client that ignores 429 does not get through sooner.
 * @returns the quota's state after this request; null when the setting RATE_LIMITS is "off"
 *   (no quota applies: send no RateLimit fields).
 * @throws Error when the store fails and its in-memory insurance fails too (never expected).
 */
export async function consumeQuota(
  name: string,
  key: string,
  quota: { limit: number; windowSeconds: number },
  opts: RateLimitOptions = {},
): Promise<QuotaResult | null> {
  const settings = await getSettings();
  if (settings.RATE_LIMITS === "off") return null;
  const store = opts.store ?? (await defaultRateLimitStore(opts.db));
  const res = await limiterFor(store, name, quota.windowSeconds).consume(key, 1);
  const used = res.consumedPoints;
  return {
    allowed: used <= quota.limit,
    limit: quota.limit,
    remaining: Math.max(0, quota.limit - used),
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
    windowSeconds: quota.windowSeconds,
  };
}

/**
 * The response header fields of a quota's state: `RateLimit-Limit`, `RateLimit-Remaining`,
 * `RateLimit-Reset` (seconds) and `RateLimit-Policy` (`<limit>;w=<window seconds>`), per
 * draft-ietf-httpapi-ratelimit-headers-07; plus `Retry-After` (seconds) when refused.
 */
export function quotaHeaders(q: QuotaResult): Record<string, string> {
  return {
    "ratelimit-limit": String(q.limit),
    "ratelimit-remaining": String(q.remaining),
    "ratelimit-reset": String(q.resetSeconds),
    "ratelimit-policy": `${q.limit};w=${q.windowSeconds}`,
    ...(q.allowed ? {} : { "retry-after": String(q.resetSeconds) }),
  };
}
