/**
 * One shared rate limiter (rate-limiter-flexible on Redis, PostgreSQL or memory) with the
 * platform's named rules, and the sign-in / sign-up checks built on it.
 */
export { RATE_LIMIT_RULES, accountKey, ruleLimits } from "./rules";
export type { RateLimitRule } from "./rules";
export {
  RateLimitedError,
  consumeRateLimit,
  formatWait,
  rateLimitResponse,
  rateLimitRetryAfter,
  resetRateLimit,
  rewardRateLimit,
} from "./rate-limit";
export type { RateLimitOptions } from "./rate-limit";
export { consumeQuota, quotaHeaders } from "./quota";
export type { QuotaResult } from "./quota";
export { createLimiter, defaultRateLimitStore } from "./store";
export type { RateLimitStore } from "./store";
