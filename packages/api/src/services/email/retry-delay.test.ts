import { describe, expect, test } from "vitest";

import { emailRetryDelaySeconds } from "./retry-delay";

describe("emailRetryDelaySeconds", () => {
  test.each([
    [1, 30],
    [2, 60],
    [3, 120],
    [4, 240],
    [5, 480],
    [6, 960],
    [7, 1920],
    [8, 3600],
    [9, 3600],
    [50, 3600],
    [1000, 3600],
  ])(
    "after attempt %i the next one waits %i seconds (30 s doubling, capped at one hour)",
    (attempts, seconds) => {
      expect(emailRetryDelaySeconds(attempts)).toBe(seconds);
    },
  );

  test.each([0, -1, 1.5, Number.NaN])("refuses an attempt count of %s", (attempts) => {
    expect(() => emailRetryDelaySeconds(attempts)).toThrow(RangeError);
  });
});
