import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * Simulation size. SIM_SEED replays one seed. Defaults: 200 seeds x 500 events on PostgreSQL
 * (what CI runs: four lane files of 50 seeds in parallel), 4 x 200 on the embedded database
 * (the newcomer's `npm test`). Bigger runs: bench/simulation.ts.
 */
export function simEnv() {
  const env = createEnv({
    server: {
      DATABASE_URL: z.string().optional(),
      SIM_SEED: z.coerce.number().int().optional(),
      SIM_SEEDS: z.coerce.number().int().min(1).optional(),
      SIM_STEPS: z.coerce.number().int().min(1).optional(),
      SIM_FIRST_SEED: z.coerce.number().int().default(1),
      SIM_READY_DIR: z.string().optional(),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
  const onPostgres = Boolean(env.DATABASE_URL);
  const count = env.SIM_SEED != null ? 1 : (env.SIM_SEEDS ?? (onPostgres ? 200 : 4));
  const firstSeed = env.SIM_SEED ?? env.SIM_FIRST_SEED;
  return {
    seeds: Array.from({ length: count }, (_, i) => firstSeed + i),
    steps: env.SIM_STEPS ?? (onPostgres ? 500 : 200),
    firstSeed,
    /** Where each lane, once started, writes `lane-<n>` (CI waits for all before loading the box). */
    readyDir: env.SIM_READY_DIR,
  };
}
