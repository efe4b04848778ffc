import { describe, expect, test } from "vitest";

import {
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_RETRY_DELAYS_SECONDS,
  WEBHOOK_RETRY_WINDOW_SECONDS,
  webhookRetryDelaySeconds,
} from "./retry-schedule";

describe("webhook retry schedule", () => {
  test.each([
    [1, 5],
    [2, 300],
    [3, 1800],
    [4, 7200],
    [5, 18000],
    [6, 36000],
    [7, 36000],
    [11, 36000],
    [12, 15895],
    [13, null],
    [0, null],
  ])("after %i failed attempts the next waits %s seconds", (attempts, delay) => {
    expect(webhookRetryDelaySeconds(attempts)).toBe(delay);
  });

  test("follows Svix's schedule, then every 10 hours, the last retry exactly 3 days after the first attempt", () => {
    expect(WEBHOOK_RETRY_DELAYS_SECONDS.slice(0, 7)).toEqual([
      5, 300, 1800, 7200, 18000, 36000, 36000,
    ]);
    expect(WEBHOOK_RETRY_DELAYS_SECONDS.reduce((a, b) => a + b, 0)).toBe(
      WEBHOOK_RETRY_WINDOW_SECONDS,
    );
    expect(WEBHOOK_RETRY_WINDOW_SECONDS).toBe(259_200);
    expect(WEBHOOK_MAX_ATTEMPTS).toBe(13);
  });
});
