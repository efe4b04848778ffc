import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * Where rate-limit counters live: Redis when `REDIS_URL` is set (shared by every process, cheapest
 * per check), else the `rate_limit` table when `DATABASE_URL` is set (shared by every process), else
 * process memory (the embedded default runs one process).
 */
export function rateLimitEnv() {
  return createEnv({
    server: {
      /** e.g. redis://127.0.0.1:6379 */
      REDIS_URL: z.string().url().optional(),
      DATABASE_URL: z.string().url().optional(),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
}
