import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * Simulation size. SIM_SEED replays one seed. Defaults: 24 seeds x 500 events on PostgreSQL
 * (CI: two test files of 12 seeds run in parallel, about two minutes on 2 cores), 4 x 200 on the
 * embedded database. The 200 x 500 run lives in bench/simulation.ts (about 30 minutes here).
 */
export function simEnv() {
  const env = createEnv({
    server: {
      DATABASE_URL: z.string().optional(),
      SIM_SEED: z.coerce.number().int().optional(),
      SIM_SEEDS: z.coerce.number().int().min(1).optional(),
      SIM_STEPS: z.coerce.number().int().min(1).optional(),
      SIM_FIRST_SEED: z.coerce.number().int().default(1),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
  const onPostgres = Boolean(env.DATABASE_URL);
  const count = env.SIM_SEED != null ? 1 : (env.SIM_SEEDS ?? (onPostgres ? 24 : 4));
  const firstSeed = env.SIM_SEED ?? env.SIM_FIRST_SEED;
  return { seeds: Array.from({ length: count }, (_, i) => firstSeed + i), steps: env.SIM_STEPS ?? (onPostgres ? 500 : 200), firstSeed };
}
