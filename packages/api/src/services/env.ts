import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * Settings of the business rules. Every one is optional for a local run; defaults follow the
 * product reference (30-day attribution as Gumroad, 14-day commission hold, 7-day/5-download links).
 */
const apiEnvSchema = {
  APP_URL: z.string().url().default("http://localhost:3000"),
  /** Secret salt of the click visitor hash; generated into .data/secrets.json when unset. */
  CLICK_HASH_SALT: z.string().min(16).optional(),
  /** Number of reverse proxies in front of the app whose X-Forwarded-For entries are trusted. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  ATTRIBUTION_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  CLICK_DEDUPE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3600),
  COMMISSION_HOLD_DAYS: z.coerce.number().int().min(0).max(180).default(14),
  DOWNLOAD_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  DOWNLOAD_LIMIT: z.coerce.number().int().min(1).max(100).default(5),
  /** Smallest payout a payee may request, in cents (Dub and Gumroad use $10; we start at $5). */
  PAYOUT_MINIMUM_CENTS: z.coerce.number().int().min(1).default(500),
  /** A payout left PROCESSING longer than this is picked up by `payouts:reconcile`, in seconds. */
  PAYOUT_RECONCILE_AFTER_SECONDS: z.coerce.number().int().min(0).default(300),
};

let cached: { key: string; env: ReturnType<typeof parseApiEnv> } | undefined;

function parseApiEnv() {
  return createEnv({ server: apiEnvSchema, runtimeEnv: process.env, emptyStringAsUndefined: true });
}

/**
 * The settings, validated. Parsed again only when one of its variables changed (tests change
 * them), so hot money paths can call it per event.
 * @throws Error naming the invalid variable.
 */
export function apiEnv() {
  const key = Object.keys(apiEnvSchema)
    .map((k) => process.env[k] ?? "")
    .join("\u0000");
  if (cached?.key !== key) cached = { key, env: parseApiEnv() };
  return cached.env;
}

export type ApiEnv = ReturnType<typeof apiEnv>;
