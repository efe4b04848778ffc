/**
 * When a failing webhook delivery is tried again (issue 15 §3): the Standard Webhooks / Svix
 * schedule (immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; svix.com/docs "Retry
 * schedule"), continued every 10 hours, with the last retry exactly 3 days after the first
 * attempt. A delivery still failing then is FAILED; an endpoint that has been failing for those 3
 * days is disabled (`WEBHOOK_DISABLE_AFTER_SECONDS`).
 */

/** The retry window: the last attempt of a delivery is this long after its first, in seconds. */
export const WEBHOOK_RETRY_WINDOW_SECONDS = 3 * 24 * 3600;

/** An endpoint failing for this long (the whole retry window) is disabled, in seconds. */
export const WEBHOOK_DISABLE_AFTER_SECONDS = WEBHOOK_RETRY_WINDOW_SECONDS;

const SVIX_DELAYS_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600];
const LATER_DELAY_SECONDS = 10 * 3600;

function buildDelays(): number[] {
  const delays = [...SVIX_DELAYS_SECONDS];
  let offset = delays.reduce((a, b) => a + b, 0);
  while (offset + LATER_DELAY_SECONDS < WEBHOOK_RETRY_WINDOW_SECONDS) {
    delays.push(LATER_DELAY_SECONDS);
    offset += LATER_DELAY_SECONDS;
  }
  delays.push(WEBHOOK_RETRY_WINDOW_SECONDS - offset);
  return delays;
}

/**
 * The wait before each retry, in seconds: entry n − 1 follows the n-th failed attempt.
 * [5, 300, 1800, 7200, 18000, 36000 × 6, 15895]: 13 attempts, the last at 259,200 s (3 days).
 */
export const WEBHOOK_RETRY_DELAYS_SECONDS: readonly number[] = buildDelays();

/** The most attempts of one (automatic) delivery: the first and every retry. */
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_SECONDS.length + 1;

/**
 * Seconds to wait after the `attemptsMade`-th failed attempt, or null when the schedule is over
 * (the delivery is FAILED).
 * @param attemptsMade attempts made so far, ≥ 1.
 */
export function webhookRetryDelaySeconds(attemptsMade: number): number | null {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) return null;
  return WEBHOOK_RETRY_DELAYS_SECONDS[attemptsMade - 1] ?? null;
}
