/**
 * The fixed lists the public addresses are made of, with no dependency (so the web app's
 * `next.config.ts` can build its rewrites from them and the API validates against the same):
 * discover's orders and the leaderboard's periods and metrics.
 */

/**
 * Discover's orders: `new` (latest published first), `popular` (most sales, net of refunds),
 * `price` (lowest price a buyer can pay first: the minimum of a pay-what-you-want track),
 * `commission` (highest commission rate first; tracks without affiliates last).
 */
export const DISCOVER_SORTS = ["new", "popular", "price", "commission"] as const;
export type DiscoverSort = (typeof DISCOVER_SORTS)[number];

/**
 * The leaderboard's periods (issue 13 §4), all in UTC: `today` (the current day), `week` (the
 * ISO week, from Monday 00:00), `month` (the calendar month), `lastMonth` (the previous calendar
 * month) and `all` (all time).
 */
export const LEADERBOARD_PERIODS = ["today", "week", "month", "lastMonth", "all"] as const;
export type LeaderboardPeriod = (typeof LEADERBOARD_PERIODS)[number];

/**
 * The leaderboard's rankings: by number of sales, by commission earned (cents), by conversion
 * (sales per counted click, in basis points, among promoters with a minimum of clicks) and by
 * counted clicks.
 */
export const LEADERBOARD_METRICS = ["sales", "earnings", "conversion", "clicks"] as const;
export type LeaderboardMetric = (typeof LEADERBOARD_METRICS)[number];

/**
 * The periods of `leaderboard.topPromoters` / `myPosition`, the procedures the mobile app
 * shipped before issue 13: the last 7 and the last 30 UTC days including today, and all time.
 */
export const LEGACY_LEADERBOARD_PERIODS = ["week", "month", "all"] as const;
export type LegacyLeaderboardPeriod = (typeof LEGACY_LEADERBOARD_PERIODS)[number];
/** The rankings of `leaderboard.topPromoters` / `myPosition`: commission earned or sales. */
export const LEGACY_LEADERBOARD_METRICS = ["earnings", "sales"] as const;
export type LegacyLeaderboardMetric = (typeof LEGACY_LEADERBOARD_METRICS)[number];
