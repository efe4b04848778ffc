import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/**
 * The tunables of the trust work (rate limits, password hashing, click minting, email retries,
 * the payout schedule), read through one accessor. Today they come from the environment; the
 * admin console moves them into the database behind the same `getSettings()` without touching
 * its callers (which is why it is async).
 */
const settingsSchema = {
  /** Master switch for every rate limit (benchmarks compare on and off). */
  RATE_LIMITS: z.enum(["on", "off"]).default("on"),
  /** Sign-in and token issuance per (account, IP): the strict brute-force limit. */
  RATE_LIMIT_SIGNIN_PER_ACCOUNT_IP: z.coerce.number().int().min(1).default(10),
  /** Sign-in and token issuance per IP, any account (credential stuffing from one address). */
  RATE_LIMIT_SIGNIN_PER_IP: z.coerce.number().int().min(1).default(60),
  /** Sign-in per account from all IPs: only a high ceiling, so nobody can lock a victim out. */
  RATE_LIMIT_SIGNIN_PER_ACCOUNT: z.coerce.number().int().min(1).default(500),
  /** The window of the three sign-in limits, in seconds (15 minutes). */
  RATE_LIMIT_SIGNIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  /** Sign-ups per IP per hour. */
  RATE_LIMIT_SIGNUP_PER_IP_HOUR: z.coerce.number().int().min(1).default(10),
  /** Password reset requests per IP per hour, and per account per hour. */
  RATE_LIMIT_RESET_PER_IP_HOUR: z.coerce.number().int().min(1).default(20),
  RATE_LIMIT_RESET_PER_ACCOUNT_HOUR: z.coerce.number().int().min(1).default(5),
  /** Receipt re-sends per IP per hour. */
  RATE_LIMIT_RESEND_PER_IP_HOUR: z.coerce.number().int().min(1).default(10),
  /** "Report this promoter" submissions per IP per hour (issue 11 §2). */
  RATE_LIMIT_REPORT_PER_IP_HOUR: z.coerce.number().int().min(1).default(10),
  /** Discount codes checked per IP per hour (issue 12; the buy form checks as the buyer types). */
  RATE_LIMIT_DISCOUNT_PER_IP_HOUR: z.coerce.number().int().min(1).default(120),
  /** Uploads per user per hour. */
  RATE_LIMIT_UPLOADS_PER_USER_HOUR: z.coerce.number().int().min(1).default(60),
  /** Views reported per IP per minute by landing pages and embeds (POST /api/views; issue 14). */
  RATE_LIMIT_PAGE_VIEWS_PER_IP_MINUTE: z.coerce.number().int().min(1).default(60),
  /** oEmbed look-ups per IP per minute (GET /api/oembed; issue 14 §5). */
  RATE_LIMIT_OEMBED_PER_IP_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Licence verifications and certificates per IP per minute (`/license/<key>`; issue 16 §4). */
  RATE_LIMIT_LICENSE_VERIFY_PER_IP_MINUTE: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_FORMAT_PREPARE_PER_IP_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Label invitations a user may send per hour (`label.invite`; issue 16 §5). */
  RATE_LIMIT_LABEL_INVITES_PER_USER_HOUR: z.coerce.number().int().min(1).default(20),
  /** Catalog subscription checkouts a user may start per hour (`subscription.start`; issue 16 §3). */
  RATE_LIMIT_SUBSCRIPTION_START_PER_USER_HOUR: z.coerce.number().int().min(1).default(20),
  /**
   * One-click unsubscribes per IP per minute (POST /api/unsubscribe; issue 14 §8). Generous: mail
   * providers post them from shared servers on behalf of many users.
   */
  RATE_LIMIT_UNSUBSCRIBE_PER_IP_MINUTE: z.coerce.number().int().min(1).default(120),
  /** Share cards drawn per IP per minute (GET /api/og/…; issue 14 §4). */
  RATE_LIMIT_OG_CARDS_PER_IP_MINUTE: z.coerce.number().int().min(1).default(120),
  /**
   * Webhook endpoint changes, test events and replays per user per hour (issue 15 §3: each may
   * resolve a host name or send a request to the user's URL).
   */
  RATE_LIMIT_WEBHOOK_ACTIONS_PER_USER_HOUR: z.coerce.number().int().min(1).default(120),
  /** API keys created and revoked per user per hour (issue 15 §1; revoked keys stay as rows). */
  RATE_LIMIT_API_KEY_ACTIONS_PER_USER_HOUR: z.coerce.number().int().min(1).default(60),
  /**
   * REST API requests with a missing or invalid key per IP per 15 minutes (issue 15 §1): failed
   * authentications only, as the sign-in limit per IP (60 per 15 minutes).
   */
  RATE_LIMIT_API_AUTH_FAILURES_PER_IP: z.coerce.number().int().min(1).default(60),
  /** Uploads not yet attached to a track that one user may hold (the pending-upload quota). */
  UPLOAD_PENDING_QUOTA: z.coerce.number().int().min(1).default(20),
  /** Password hashes computed at once (each holds one of libuv's 4 pool threads). */
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(4).default(1),
  /** Password checks allowed to wait for a hashing slot; beyond it the request gets 429/503. */
  PASSWORD_HASH_QUEUE_LIMIT: z.coerce.number().int().min(0).default(32),
  /** Delivery attempts of one email before it is DEAD (shown to admins). */
  EMAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** The scheduled payout batch: off, weekly (Mondays 09:00 UTC) or monthly (the 1st, 09:00 UTC). */
  PAYOUT_SCHEDULE: z.enum(["off", "weekly", "monthly"]).default("off"),
  /** Lifetime of a password reset link, in minutes. */
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(60),
};

function parseSettings() {
  return createEnv({
    server: settingsSchema,
    runtimeEnv: process.env,
    emptyStringAsUndefined: true,
  });
}

export type Settings = ReturnType<typeof parseSettings>;

let cached: { key: string; settings: Settings } | undefined;

/** Same as `getSettings()`, for synchronous callers that cannot await (kept for hot paths). */
export function getSettingsSync(): Settings {
  const key = Object.keys(settingsSchema)
    .map((k) => process.env[k] ?? "")
    .join("\u0000");
  if (cached?.key !== key) cached = { key, settings: parseSettings() };
  return cached.settings;
}

/**
 * The current settings, validated. Parsed again only when one of the variables changed (tests
 * change them).
 * @throws Error naming the invalid variable.
 */
export async function getSettings(): Promise<Settings> {
  return getSettingsSync();
}
