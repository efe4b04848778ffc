/**
 * The leaderboard's numbers for people, shared by the web and the mobile app (no zod here, so
 * client bundles stay small): conversion in basis points and each metric's value and gap in words.
 */
import type { LeaderboardMetric } from "./lists";
import { formatBps, formatCents } from "./money";

/**
 * Sales per click in basis points, rounded half up: 3 sales of 40 clicks = 750 (7.5 %); 0
 * without clicks. Sales through a promoter's code need no click, so it may exceed 10,000.
 * The leaderboard's SQL computes the same: (sales × 20,000 + clicks) div (2 × clicks).
 */
export function conversionBps(sales: number, clicks: number): number {
  if (clicks <= 0) return 0;
  return Math.floor((sales * 20_000 + clicks) / (2 * clicks));
}

/** A metric's value in words for the UI: "12 sales", "$4.20", "7.5%", "1 click". */
export function formatLeaderboardValue(metric: LeaderboardMetric, value: number): string {
  switch (metric) {
    case "sales":
      return `${value.toLocaleString("en-US")} ${value === 1 ? "sale" : "sales"}`;
    case "earnings":
      return formatCents(value);
    case "conversion":
      return formatBps(value);
    case "clicks":
      return `${value.toLocaleString("en-US")} ${value === 1 ? "click" : "clicks"}`;
  }
}

/**
 * The gap to the next rank in words: "3 more sales", "$1.20 more", "0.5 points more conversion",
 * "12 more clicks".
 */
export function formatLeaderboardGap(metric: LeaderboardMetric, gap: number): string {
  switch (metric) {
    case "sales":
      return `${gap.toLocaleString("en-US")} more ${gap === 1 ? "sale" : "sales"}`;
    case "earnings":
      return `${formatCents(gap)} more commission`;
    case "conversion":
      return `${(gap / 100).toLocaleString("en-US", { maximumFractionDigits: 2 })} more ${gap === 100 ? "point" : "points"} of conversion`;
    case "clicks":
      return `${gap.toLocaleString("en-US")} more ${gap === 1 ? "click" : "clicks"}`;
  }
}
