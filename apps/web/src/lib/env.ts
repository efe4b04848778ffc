import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/** Web-app settings; every one optional for a local run. */
export function webEnv() {
  return createEnv({
    server: {
      APP_URL: z.string().url().default("http://localhost:3000"),
      TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
      NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
}
