import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * Auth settings, all optional for a local run. Without AUTH_SECRET a secret is generated into
 * `.data/secrets.json`; the email magic link is offered only when EMAIL_SERVER is set.
 */
export function authEnv() {
  return createEnv({
    server: {
      AUTH_SECRET: z.string().min(16).optional(),
      /** nodemailer SMTP URL, e.g. smtp://user:pass@smtp.example.com:587 */
      EMAIL_SERVER: z.string().min(1).optional(),
      EMAIL_FROM: z.string().min(3).default("Fanfare <no-reply@fanfare.local>"),
      /** Lifetime of bearer tokens issued to API clients (the mobile app), in days. */
      BEARER_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
      NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
}
