import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

import { memoizeEnv } from "@fanfare/validators";

const jobsEnvSchema = {
  /**
   * "on" (default): the web process also runs the job workers and schedules. "off": it only
   * queues jobs, and `pnpm worker` processes (PostgreSQL only) run them.
   */
  WORKERS: z.enum(["on", "off"]).default("on"),
};

/**
 * Where background jobs run (see runner.ts and start-in-web.ts). Parsed again only when WORKERS
 * changed (`memoizeEnv`): every queued job reads it.
 * @throws Error when WORKERS is neither "on" nor "off".
 */
export const jobsEnv = memoizeEnv(Object.keys(jobsEnvSchema), () =>
  createEnv({ server: jobsEnvSchema, runtimeEnv: process.env, emptyStringAsUndefined: true }),
);
