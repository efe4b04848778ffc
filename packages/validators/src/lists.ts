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

/** The leaderboard's periods: this ISO week, this calendar month (UTC), all time. */
export const LEADERBOARD_PERIODS = ["week", "month", "all"] as const;
export type LeaderboardPeriod = (typeof LEADERBOARD_PERIODS)[number];

/** The leaderboard's rankings: by commission earned, or by number of sales. */
export const LEADERBOARD_METRICS = ["earnings", "sales"] as const;
export type LeaderboardMetric = (typeof LEADERBOARD_METRICS)[number];
