import { describe, expect, test } from "vitest";

import { conversionBps, formatLeaderboardGap, formatLeaderboardValue } from "./leaderboard-format";

describe("conversionBps: sales per click in basis points, rounded half up", () => {
  test.each([
    // [sales, clicks, bps]
    [0, 0, 0],
    [3, 0, 0],
    [0, 25, 0],
    [3, 40, 750],
    [1, 3, 3_333], // 3,333.33
    [2, 3, 6_667], // 6,666.67
    [1, 8, 1_250],
    [1, 16, 625], // 625 exactly
    [1, 32, 313], // 312.5 rounds up
    [1, 20_000, 1], // 0.5 rounds up
    [1, 20_001, 0], // 0.49998
    [25, 20, 12_500], // code sales need no click: over 100 %
  ])("%i sales of %i clicks = %i bps", (sales, clicks, bps) => {
    expect(conversionBps(sales, clicks)).toBe(bps);
  });
});

describe("the leaderboard's numbers in words", () => {
  test.each([
    ["sales", 1, "1 sale", "1 more sale"],
    ["sales", 1_200, "1,200 sales", "1,200 more sales"],
    ["earnings", 420, "$4.20", "$4.20 more commission"],
    ["conversion", 750, "7.5%", "7.5 more points of conversion"],
    ["conversion", 100, "1%", "1 more point of conversion"],
    ["clicks", 1, "1 click", "1 more click"],
  ] as const)("%s %i: %s / %s", (metric, n, value, gap) => {
    expect(formatLeaderboardValue(metric, n)).toBe(value);
    expect(formatLeaderboardGap(metric, n)).toBe(gap);
  });
});
