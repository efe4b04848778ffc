/** First retry of an email after a failed delivery attempt, in seconds. */
export const EMAIL_RETRY_BASE_SECONDS = 30;
/** Longest wait between two delivery attempts, in seconds (one hour). */
export const EMAIL_RETRY_MAX_SECONDS = 3600;

/**
 * How long to wait before the next delivery attempt of an email whose `attempts`-th attempt
 * just failed: 30 s, doubling per attempt, capped at one hour (30, 60, 120, 240, 480, 960,
 * 1920, 3600, 3600 …). With the default EMAIL_MAX_ATTEMPTS of 8, a message is retried for
 * about an hour before it is DEAD. Deterministic (no jitter): the claim already spreads
 * senders, and tests can name the exact time.
 * @param attempts attempts made so far, at least 1.
 * @returns the delay in whole seconds.
 * @throws RangeError when `attempts` is not a positive integer.
 */
export function emailRetryDelaySeconds(attempts: number): number {
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new RangeError(`attempts must be a positive integer, got ${attempts}.`);
  // 2 ** 30 already exceeds the cap; the bound keeps the power finite for any attempt count.
  return Math.min(
    EMAIL_RETRY_MAX_SECONDS,
    EMAIL_RETRY_BASE_SECONDS * 2 ** Math.min(attempts - 1, 30),
  );
}
