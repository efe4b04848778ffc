import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { RateLimiterRes } from "rate-limiter-flexible";

import type { DbClient } from "@fanfare/db";

import { AppError } from "../app-error";
import { getSettings } from "../settings/settings";
import type { RateLimitRule } from "./rules";
import { ruleLimits } from "./rules";
import type { RateLimitStore } from "./store";
import { createLimiter, defaultRateLimitStore } from "./store";

/**
 * A request went over a rate limit. `code` is RATE_LIMITED (429 over HTTP and tRPC); answer with
 * `Retry-After: retryAfterSeconds` (`rateLimitResponse` does).
 */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  readonly rule: RateLimitRule;

  constructor(rule: RateLimitRule, retryAfterSeconds: number, message: string) {
    super("RATE_LIMITED", message);
    this.name = "RateLimitedError";
    this.rule = rule;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const MESSAGES: Record<RateLimitRule, string> = {
  signInPerAccountIp: "Too many sign-in attempts for this account from your network",
  signInPerIp: "Too many sign-in attempts from your network",
  signInPerAccount: "Too many sign-in attempts for this account",
  signUpPerIp: "Too many sign-ups from your network",
  passwordResetPerIp: "Too many password reset requests from your network",
  passwordResetPerAccount: "Too many password reset requests for this account",
  magicLinkPerIp: "Too many sign-in links requested from your network",
  magicLinkPerAccount: "Too many sign-in links requested for this address",
  receiptResendPerIp: "Too many receipt re-sends from your network",
  promoterReportPerIp: "Too many reports from your network",
  discountValidatePerIp: "Too many discount codes tried from your network",
  uploadsPerUser: "Too many uploads",
  pageViewsPerIp: "Too many views reported from your network",
  oembedPerIp: "Too many embed look-ups from your network",
  unsubscribePerIp: "Too many unsubscribe requests from your network",
  ogCardsPerIp: "Too many share cards requested from your network",
  webhookActionsPerUser: "Too many webhook changes, tests and replays",
  apiKeyActionsPerUser: "Too many API keys created or revoked",
  apiAuthFailuresPerIp: "Too many requests with a missing or invalid API key from your network",
  licenseVerifyPerIp: "Too many licence checks from your network",
  formatPreparePerIp: "Too many download formats asked for from your network",
  labelInvitesPerUser: "Too many label invitations sent",
  subscriptionStartPerUser: "Too many subscription checkouts started",
};

/**
 * Options shared by the functions below: `db` is the database the caller works on (used for the
 * PostgreSQL store); tests pass their own `store`.
 */
export type RateLimitOptions = { store?: RateLimitStore; db?: DbClient };

// Limiters are rebuilt when a rule's settings or the store change (tests change both).
const limiters = new Map<
  string,
  { store: RateLimitStore; shape: string; limiter: RateLimiterAbstract }
>();

async function limiterFor(
  rule: RateLimitRule,
  opts: RateLimitOptions,
): Promise<RateLimiterAbstract | null> {
  const settings = await getSettings();
  if (settings.RATE_LIMITS === "off") return null;
  const store = opts.store ?? (await defaultRateLimitStore(opts.db));
  const { points, durationSeconds } = ruleLimits(rule, settings);
  const shape = `${points}/${durationSeconds}`;
  const cached = limiters.get(rule);
  if (cached?.store === store && cached.shape === shape) return cached.limiter;
  const limiter = createLimiter(store, { name: `rl:${rule}`, points, durationSeconds });
  limiters.set(rule, { store, shape, limiter });
  return limiter;
}

function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Counts one request under `rule` for `key` (an IP, an email, a user id: see RATE_LIMIT_RULES).
 * Does nothing when the setting RATE_LIMITS is "off".
 * @throws RateLimitedError (AppError RATE_LIMITED) when the rule's points for `key` are used up
 *   in its window; `retryAfterSeconds` says when the window frees a point.
 */
export async function consumeRateLimit(
  rule: RateLimitRule,
  key: string,
  opts: RateLimitOptions = {},
): Promise<void> {
  const limiter = await limiterFor(rule, opts);
  if (!limiter) return;
  try {
    await limiter.consume(key);
  } catch (e) {
    if (e instanceof RateLimiterRes) {
      const seconds = retryAfter(e);
      throw new RateLimitedError(
        rule,
        seconds,
        `${MESSAGES[rule]}: try again in ${formatWait(seconds)}.`,
      );
    }
    throw e;
  }
}

/**
 * Whether `key` has used up `rule`'s points in the current window, counting nothing: for limits
 * that count only failures (`apiAuthFailuresPerIp`), checked before the work is done.
 * @returns the seconds until the window frees a point (≥ 1), or null when `key` may go on (and
 *   always when the setting RATE_LIMITS is "off").
 */
export async function rateLimitRetryAfter(
  rule: RateLimitRule,
  key: string,
  opts: RateLimitOptions = {},
): Promise<number | null> {
  const limiter = await limiterFor(rule, opts);
  if (!limiter) return null;
  const res = await limiter.get(key);
  return res && res.consumedPoints >= limiter.points ? retryAfter(res) : null;
}

/** Gives back one point of `rule` for `key` (e.g. a successful sign-in clears its failures). */
export async function rewardRateLimit(
  rule: RateLimitRule,
  key: string,
  opts: RateLimitOptions = {},
): Promise<void> {
  const limiter = await limiterFor(rule, opts);
  if (limiter) await limiter.reward(key);
}

/** Forgets every point of `rule` for `key`. */
export async function resetRateLimit(
  rule: RateLimitRule,
  key: string,
  opts: RateLimitOptions = {},
): Promise<void> {
  const limiter = await limiterFor(rule, opts);
  if (limiter) await limiter.delete(key);
}

/** "45 seconds", "1 minute", "15 minutes": how long to wait, for messages. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/**
 * The HTTP answer to a `RateLimitedError` for route handlers: 429, `Retry-After` in seconds and
 * `{ error, retryAfterSeconds }`. Returns null for any other error, so callers can rethrow it.
 */
export function rateLimitResponse(e: unknown): Response | null {
  if (!(e instanceof RateLimitedError)) return null;
  return Response.json(
    { error: e.message, code: "RATE_LIMITED", retryAfterSeconds: e.retryAfterSeconds },
    { status: 429, headers: { "retry-after": String(e.retryAfterSeconds) } },
  );
}
