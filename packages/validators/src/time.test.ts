import { describe, expect, test } from "vitest";

import { timeAgo } from "./time";

describe("timeAgo (the notification bell's times)", () => {
  const now = new Date("2026-12-10T12:00:00Z");
  test.each([
    [0, "just now"],
    [59, "just now"],
    [60, "1 min ago"],
    [59 * 60 + 59, "59 min ago"],
    [3600, "1 h ago"],
    [23 * 3600 + 3599, "23 h ago"],
    [86_400, "1 d ago"],
    [6 * 86_400 + 86_399, "6 d ago"],
    [7 * 86_400, "3 Dec 2026"],
  ])("%i seconds ago reads %s", (seconds, words) => {
    expect(timeAgo(new Date(now.getTime() - seconds * 1000), now)).toBe(words);
  });

  test("a time in the future (a clock ahead) reads just now", () => {
    expect(timeAgo(new Date(now.getTime() + 5000), now)).toBe("just now");
  });
});
