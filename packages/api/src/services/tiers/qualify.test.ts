import { describe, expect, test } from "vitest";

import type { TierMetrics, TierRule } from "./qualify";
import { metricKey, nextTier, qualifyingTier } from "./qualify";

const rule = (
  name: string,
  rank: number,
  threshold: number,
  metric: TierRule["metric"] = "SALES",
  windowDays = 90,
): TierRule => ({ id: name.toLowerCase(), name, rank, metric, threshold, windowDays });

// Deliberately out of rank order: the rules sort themselves.
const tiers = [
  rule("Gold", 2, 15),
  rule("Bronze", 0, 0),
  rule("Platinum", 3, 40),
  rule("Silver", 1, 5),
];

const sales = (n: number): TierMetrics => new Map([[metricKey("SALES", 90), n]]);

describe("qualifyingTier", () => {
  test.each([
    [0, "Bronze"],
    [4, "Bronze"],
    [5, "Silver"],
    [14, "Silver"],
    [15, "Gold"],
    [39, "Gold"],
    [40, "Platinum"],
    [1000, "Platinum"],
  ])(
    "%i counted sales in 90 days hold %s (reaching the threshold exactly qualifies)",
    (n, name) => {
      expect(qualifyingTier(tiers, sales(n))?.name).toBe(name);
    },
  );

  test("a promoter with no results holds the threshold-0 tier; with no such tier, none", () => {
    expect(qualifyingTier(tiers, new Map())?.name).toBe("Bronze");
    expect(qualifyingTier([rule("Silver", 1, 5)], new Map())).toBeNull();
    expect(qualifyingTier([], sales(100))).toBeNull();
  });

  test("each tier reads its own metric and window: 2,000 cents of commission in 30 days reach a commission tier", () => {
    const mixed = [rule("Bronze", 0, 0), rule("Earner", 1, 2000, "COMMISSION", 30)];
    const metrics: TierMetrics = new Map([
      [metricKey("SALES", 90), 50],
      [metricKey("COMMISSION", 30), 1999],
    ]);
    expect(qualifyingTier(mixed, metrics)?.name).toBe("Bronze");
    metrics.set(metricKey("COMMISSION", 30), 2000);
    expect(qualifyingTier(mixed, metrics)?.name).toBe("Earner");
  });
});

describe("nextTier", () => {
  test.each([
    [0, "Silver", 0, 5],
    [4, "Silver", 4, 1],
    [5, "Gold", 5, 10],
    [12, "Gold", 12, 3],
    [39, "Platinum", 39, 1],
  ])("at %i sales the next tier is %s: value %i, %i more sales", (n, name, value, missing) => {
    const metrics = sales(n);
    const next = nextTier(tiers, qualifyingTier(tiers, metrics), metrics);
    expect(next && { name: next.tier.name, value: next.value, missing: next.missing }).toEqual({
      name,
      value,
      missing,
    });
  });

  test("at the top tier there is no next one", () => {
    expect(nextTier(tiers, qualifyingTier(tiers, sales(40)), sales(40))).toBeNull();
  });

  test("with no tier held, the next is the lowest one not reached", () => {
    const noStart = [rule("Silver", 1, 5), rule("Gold", 2, 15)];
    expect(nextTier(noStart, null, sales(2))).toMatchObject({
      tier: { name: "Silver" },
      missing: 3,
    });
  });
});
