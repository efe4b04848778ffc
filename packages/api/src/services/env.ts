import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

import { memoizeEnv, PROGRAM_SETTING_DEFS, PROGRAM_SETTING_KEYS } from "@fanfare/validators";

/**
 * Settings of the business rules. Every one is optional for a local run; defaults follow the
 * product reference (7-day/5-download links). The program settings an admin edits (fee, holding
 * period, payout minimum, attribution window, click dedupe window) are read through
 * `programSettings` (services/settings/program-settings.ts), where their variables
 * (PLATFORM_FEE_BPS, COMMISSION_HOLD_DAYS, PAYOUT_MINIMUM_CENTS, ATTRIBUTION_WINDOW_DAYS,
 * CLICK_DEDUPE_WINDOW_SECONDS) override the saved values.
 */
const apiEnvSchema = {
  APP_URL: z.string().url().default("http://localhost:3000"),
  /** Secret salt of the click visitor hash; generated into .data/secrets.json when unset. */
  CLICK_HASH_SALT: z.string().min(16).optional(),
  /**
   * The key tax ids are encrypted with (AES-256-GCM, issue 11 §4): 32 bytes, base64 or
   * base64url. Generated into .data/secrets.json when unset (embedded default); production sets
   * it and keeps it apart from database backups.
   */
  TAX_ENCRYPTION_KEY: z
    .string()
    .refine(
      (v) => Buffer.from(v, "base64").length === 32,
      "TAX_ENCRYPTION_KEY must be 32 bytes, base64.",
    )
    .optional(),
  /** Number of reverse proxies in front of the app whose X-Forwarded-For entries are trusted. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  DOWNLOAD_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  DOWNLOAD_LIMIT: z.coerce.number().int().min(1).max(100).default(5),
  /** A payout left PROCESSING longer than this is picked up by `payouts:reconcile`, in seconds. */
  PAYOUT_RECONCILE_AFTER_SECONDS: z.coerce.number().int().min(0).default(300),
};

/**
 * The settings, validated. Parsed again only when one of its variables changed (tests change
 * them; `memoizeEnv`), so hot money paths can call it per event.
 * @throws Error naming the invalid variable.
 */
export const apiEnv = memoizeEnv(Object.keys(apiEnvSchema), () =>
  createEnv({ server: apiEnvSchema, runtimeEnv: process.env, emptyStringAsUndefined: true }),
);

export type ApiEnv = ReturnType<typeof apiEnv>;

/**
 * The program settings' environment variables as they are set (raw strings, unset ones
 * undefined); `programSettings` (settings/program-settings.ts) validates them as overrides.
 */
export function programSettingVariables(): Record<string, string | undefined> {
  return Object.fromEntries(
    PROGRAM_SETTING_KEYS.map((k) => {
      const name = PROGRAM_SETTING_DEFS[k].env;
      return [name, process.env[name]];
    }),
  );
}
