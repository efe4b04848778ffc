import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * Payments settings, validated on every call (tests and scripts may change `process.env`).
 *
 * - `STRIPE_SECRET_KEY`: when set, payments go to real Stripe; when absent, the offline sandbox.
 * - `STRIPE_WEBHOOK_SECRET`: the endpoint's signing secret (`whsec_...`). Required with Stripe;
 *   optional in the sandbox, which otherwise generates and stores its own.
 * - `STRIPE_CONNECT_WEBHOOK_SECRET`: the signing secret of the Connect endpoint ("events on
 *   connected accounts", e.g. `account.updated`), which Stripe configures apart from the
 *   platform's endpoint, with its own secret, even when both post to the same URL. Optional.
 * - `APP_URL`: the public origin of the web app (sandbox checkout pages live under it).
 *
 * @throws Error from `createEnv` when a variable is set but malformed.
 */
export function paymentsEnv() {
  return createEnv({
    server: {
      STRIPE_SECRET_KEY: z
        .string()
        .regex(
          /^(sk|rk)_(test|live)_/,
          "must be a Stripe secret or restricted key (sk_... or rk_...)",
        )
        .optional(),
      STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
      STRIPE_CONNECT_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
      APP_URL: z.url().default("http://localhost:3000"),
    },
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
}
