import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/** The settings of outgoing webhooks (issue 15 §3). */
export function webhooksEnv() {
  return createEnv({
    server: {
      /**
       * No default: unset counts as production (`defaultAddressPolicy`), since the worker
       * (`pnpm worker`, tsx) runs with NODE_ENV unset in production.
       */
      NODE_ENV: z.enum(["development", "test", "production"]).optional(),
      /**
       * "on": endpoint URLs may be `http://localhost` (also 127.0.0.1, [::1] and `*.localhost`)
       * and resolve to loopback addresses, for developing a receiver on one's own machine; every
       * other private address stays refused. Default: on only when NODE_ENV is "development" or
       * "test", off otherwise (production, or NODE_ENV unset; a browser test of a production
       * build against a local receiver sets it on).
       */
      WEBHOOK_ALLOW_LOCALHOST: z.enum(["on", "off"]).optional(),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
}
