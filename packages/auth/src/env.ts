import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

import { memoizeEnv } from "@fanfare/validators";

const authEnvSchema = {
  AUTH_SECRET: z.string().min(16).optional(),
  /** nodemailer SMTP URL, e.g. smtp://user:pass@smtp.example.com:587 */
  EMAIL_SERVER: z.string().min(1).optional(),
  EMAIL_FROM: z.string().min(3).default("Fanfare <no-reply@fanfare.local>"),
  /** Lifetime of bearer tokens issued to API clients (the mobile app), in days. */
  BEARER_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** The app's public origin; every Auth.js URL (redirects, callback links) is built on it. */
  APP_URL: z.url().default("http://localhost:3000"),
  /** Auth.js's own variable; when unset it is pinned to APP_URL (`pinAuthUrl`). */
  AUTH_URL: z.url().optional(),
};

/**
 * Auth settings, all optional for a local run. Without AUTH_SECRET a secret is generated into
 * `.data/secrets.json`; the email magic link is offered only when EMAIL_SERVER is set. Parsed
 * again only when one of its variables changed (`memoizeEnv`): the completion of every sale
 * reads the secret.
 * @throws Error naming the invalid variable.
 */
export const authEnv = memoizeEnv(Object.keys(authEnvSchema), () =>
  createEnv({ server: authEnvSchema, runtimeEnv: process.env, emptyStringAsUndefined: true }),
);

/**
 * Makes Auth.js build every URL on APP_URL's origin: it reads AUTH_URL itself (next-auth's
 * `reqWithEnvURL` and `createActionURL`), and without it takes the origin the request arrived
 * on, which behind `server.mjs` (bound to 0.0.0.0) came out as `http://0.0.0.0:3000`. An
 * explicit AUTH_URL is left alone.
 * @returns the origin Auth.js now uses.
 */
export function pinAuthUrl(): string {
  const env = authEnv();
  if (env.AUTH_URL) return new URL(env.AUTH_URL).origin;
  const origin = new URL(env.APP_URL).origin;
  process.env.AUTH_URL = origin;
  return origin;
}
