import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/** "https://host[:port]" exactly, as browsers send it in the Origin header. */
function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

/** Web-app settings; every one optional for a local run. */
export function webEnv() {
  return createEnv({
    server: {
      APP_URL: z.string().url().default("http://localhost:3000"),
      TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
      NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
      /**
       * Browser origins allowed to call /api/trpc and /api/auth/token cross-origin (the mobile
       * app's web build), comma-separated, e.g. "https://m.fanfare.example,http://localhost:8081".
       * Unset: http://localhost:8081 and http://localhost:19006 in development, none otherwise.
       */
      CORS_ORIGINS: z
        .string()
        .refine(
          (v) => v.split(",").every((o) => !o.trim() || isOrigin(o.trim())),
          "CORS_ORIGINS must be comma-separated origins such as https://m.fanfare.example (scheme, host and port; no path).",
        )
        .optional(),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
}
