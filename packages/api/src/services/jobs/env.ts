import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/** Where background jobs run (see runner.ts and start-in-web.ts). */
export function jobsEnv() {
  return createEnv({
    server: {
      /**
       * "on" (default): the web process also runs the job workers and schedules. "off": it only
       * queues jobs, and `pnpm worker` processes (PostgreSQL only) run them.
       */
      WORKERS: z.enum(["on", "off"]).default("on"),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
}
