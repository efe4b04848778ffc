import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import type { PrismaClient } from "@fanfare/db";
import { createTestDb } from "@fanfare/db/testing";

import { Redis } from "ioredis";

import { AppError } from "../app-error";
import { rateLimitEnv } from "./env";
import {
  consumeRateLimit,
  rateLimitResponse,
  RateLimitedError,
  resetRateLimit,
} from "./rate-limit";
import type { RateLimitStore } from "./store";

const ENV = ["RATE_LIMITS", "RATE_LIMIT_SIGNUP_PER_IP_HOUR"] as const;
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));

afterEach(() => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe("rate limits", () => {
  let db: PrismaClient;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, close } = await createTestDb());
  });
  afterAll(async () => {
    await close();
  });

  const storeOf = (kind: "memory" | "postgres"): RateLimitStore =>
    kind === "memory" ? { kind } : { kind, db };

  test.each(["memory", "postgres"] as const)(
    "allows `points` requests per key in the window, then refuses with RATE_LIMITED and a Retry-After (%s store)",
    async (kind) => {
      const store = storeOf(kind);
      const i = kind.length;
      process.env.RATE_LIMIT_SIGNUP_PER_IP_HOUR = "3";
      const key = `203.0.113.${i}`;
      await resetRateLimit("signUpPerIp", key, { store });
      for (let n = 0; n < 3; n++) await consumeRateLimit("signUpPerIp", key, { store });
      const e = await consumeRateLimit("signUpPerIp", key, { store }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(RateLimitedError);
      expect(e).toBeInstanceOf(AppError);
      expect((e as RateLimitedError).code).toBe("RATE_LIMITED");
      expect((e as RateLimitedError).retryAfterSeconds).toBeGreaterThan(3500);
      expect((e as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(3600);
      expect((e as Error).message).toBe(
        "Too many sign-ups from your network: try again in 60 minutes.",
      );
      // Another key has its own budget.
      await consumeRateLimit("signUpPerIp", `${key}0`, { store });

      const res = rateLimitResponse(e)!;
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBe(
        (e as RateLimitedError).retryAfterSeconds,
      );
      expect(await res.json()).toMatchObject({
        code: "RATE_LIMITED",
        retryAfterSeconds: (e as RateLimitedError).retryAfterSeconds,
      });
    },
  );

  test("keeps PostgreSQL-store counters in the rate_limit table, prefixed by rule", async () => {
    process.env.RATE_LIMIT_SIGNUP_PER_IP_HOUR = "5";
    const store: RateLimitStore = { kind: "postgres", db };
    await consumeRateLimit("signUpPerIp", "198.51.100.7", { store });
    await consumeRateLimit("signUpPerIp", "198.51.100.7", { store });
    const row = await db.rateLimit.findUniqueOrThrow({
      where: { key: "rl:signUpPerIp:198.51.100.7" },
    });
    expect(row.points).toBe(2);
    expect(Number(row.expire)).toBeGreaterThan(Date.now() + 3500_000);
  });

  test.skipIf(!rateLimitEnv().REDIS_URL)("counts in Redis when REDIS_URL is set", async () => {
    process.env.RATE_LIMIT_SIGNUP_PER_IP_HOUR = "2";
    const client = new Redis(rateLimitEnv().REDIS_URL!);
    try {
      const store: RateLimitStore = { kind: "redis", client };
      const key = `redis-test-${Date.now()}`;
      await consumeRateLimit("signUpPerIp", key, { store });
      await consumeRateLimit("signUpPerIp", key, { store });
      await expect(consumeRateLimit("signUpPerIp", key, { store })).rejects.toBeInstanceOf(
        RateLimitedError,
      );
      expect(Number(await client.get(`rl:signUpPerIp:${key}`))).toBe(3);
    } finally {
      client.disconnect();
    }
  });

  test("RATE_LIMITS=off lets every request through", async () => {
    process.env.RATE_LIMITS = "off";
    process.env.RATE_LIMIT_SIGNUP_PER_IP_HOUR = "1";
    for (let n = 0; n < 5; n++)
      await consumeRateLimit("signUpPerIp", "192.0.2.55", { store: { kind: "memory" } });
  });

  test("rateLimitResponse passes other errors on (null)", () => {
    expect(rateLimitResponse(new Error("x"))).toBeNull();
  });
});
