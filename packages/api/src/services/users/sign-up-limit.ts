import type { RateLimitOptions } from "../rate-limit";
import { consumeRateLimit } from "../rate-limit";

/**
 * Counts one sign-up attempt from `ip` (rule `signUpPerIp`, setting RATE_LIMIT_SIGNUP_PER_IP_HOUR).
 * Call it before `signUp` in every entry point that creates accounts (the sign-up server action).
 * @throws RateLimitedError (AppError RATE_LIMITED, with retryAfterSeconds) over the limit.
 */
export async function assertSignUpAllowed(
  input: { ip: string },
  opts: RateLimitOptions = {},
): Promise<void> {
  await consumeRateLimit("signUpPerIp", input.ip, opts);
}
