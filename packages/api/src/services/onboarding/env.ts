import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * The server's auth secret (the same variable Auth.js signs sessions with, packages/auth/src/env.ts),
 * read here to sign unsubscribe tokens. Unset on a local run: the secret generated into
 * `.data/secrets.json` under the same name is used, as Auth.js does.
 */
export function onboardingEnv() {
  return createEnv({
    server: { AUTH_SECRET: z.string().min(16).optional() },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
}
