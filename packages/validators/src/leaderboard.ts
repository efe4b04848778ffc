import { z } from "zod";

import { LEADERBOARD_METRICS, LEADERBOARD_PERIODS } from "./lists";
import { zId } from "./text";

/**
 * Whose promoters a board ranks (issue 13 §4): every promoter on the platform (the default),
 * the promoters of one artist's tracks ("top fans promoting this artist"), or of one track.
 */
export const ZLeaderboardScope = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("platform") }),
    z.object({ type: z.literal("artist"), artistId: zId("Artist id") }),
    z.object({ type: z.literal("track"), trackId: zId("Track id") }),
  ],
  {
    error:
      'Scope must be { type: "platform" }, { type: "artist", artistId } or { type: "track", trackId }.',
  },
);
export type LeaderboardScope = z.infer<typeof ZLeaderboardScope>;

const boardFields = {
  period: z.enum(LEADERBOARD_PERIODS, {
    error: `Period must be one of ${LEADERBOARD_PERIODS.join(", ")}.`,
  }),
  metric: z.enum(LEADERBOARD_METRICS, {
    error: `Metric must be one of ${LEADERBOARD_METRICS.join(", ")}.`,
  }),
  scope: ZLeaderboardScope.default({ type: "platform" }),
};

/** Rows a board lists at most (the snapshot keeps this many per period and metric). */
export const LEADERBOARD_MAX_ROWS = 100;

/** `leaderboard.top`: one board (period, metric, scope) and how many rows, 1–100 (default 20). */
export const ZLeaderboardTopInput = z.object({
  ...boardFields,
  limit: z
    .number({ error: "Limit must be a number." })
    .int("Limit must be a whole number.")
    .min(1, "Limit must be at least 1.")
    .max(LEADERBOARD_MAX_ROWS, `Limit must be at most ${LEADERBOARD_MAX_ROWS}.`)
    .default(20),
});
export type LeaderboardTopInput = z.input<typeof ZLeaderboardTopInput>;

/** `leaderboard.me`: the signed-in promoter's place on one board. */
export const ZLeaderboardMeInput = z.object(boardFields);
export type LeaderboardMeInput = z.input<typeof ZLeaderboardMeInput>;

const count = z.number().int().min(0);

/** One row of a board. Money in cents, conversion in basis points. */
export const ZLeaderboardRow = z.object({
  /** 1 = first. Ties on the metric's value are ordered by promoter id. */
  rank: z.number().int().min(1),
  promoterId: z.string(),
  /** The promoter's display name when they opted in (`showOnLeaderboard`), initials otherwise. */
  label: z.string(),
  /** The value ranked: sales, commission cents, conversion bps or clicks (by `metric`). */
  value: count,
  sales: count,
  clicks: count,
  earningsCents: count,
  /** Sales per counted click in basis points (rounded half up); 0 without clicks. */
  conversionBps: count,
});
export type LeaderboardRow = z.infer<typeof ZLeaderboardRow>;

/** `leaderboard.top`'s answer. */
export const ZLeaderboardTopOutput = z.object({
  /** The admin turned the public leaderboard off: `rows` is empty. */
  disabled: z.boolean(),
  /** Counted clicks a promoter needs to be ranked by conversion (the program setting). */
  minClicks: count,
  /** When the rows were ranked (ISO 8601, UTC); null when there is nothing to show. */
  computedAt: z.string().nullable(),
  rows: z.array(ZLeaderboardRow),
});
export type LeaderboardTopOutput = z.infer<typeof ZLeaderboardTopOutput>;

/** `leaderboard.me`'s answer: the caller's own place, never another user's. */
export const ZLeaderboardMeOutput = z.object({
  /** The admin turned the public leaderboard off: nothing else is said. */
  disabled: z.boolean(),
  /** On the board: qualifies and has a positive value. */
  ranked: z.boolean(),
  /** #N (1 = first); null when not ranked. */
  rank: z.number().int().min(1).nullable(),
  /** The caller's value of the metric in the period (sales, cents, bps or clicks). */
  value: count,
  /** M: how many promoters the board ranks. */
  total: count,
  /** How much more of the metric passes the promoter at #N-1; null at #1 or when not ranked. */
  gap: count.nullable(),
  /** Conversion needs `minClicks` counted clicks; every other metric qualifies. */
  qualifies: z.boolean(),
  /** Counted clicks still needed to be ranked by conversion (0 when none are). */
  clicksToQualify: count,
  minClicks: count,
  /** Whether boards show the caller's display name (else initials). */
  showOnLeaderboard: z.boolean(),
});
export type LeaderboardMeOutput = z.infer<typeof ZLeaderboardMeOutput>;
