/**
 * The internal addresses of the cached public listings, and the rewrites (next.config.ts) that
 * send the public URLs there: `/` and `/?genre=&cursor=` to `/discover/<genre>/<cursor>`,
 * `/leaderboard?period=` to `/leaderboard/<period>`. A page without a dynamic segment would be
 * prerendered at build, and the build must not touch the database; a rewrite in the config is
 * matched by Next's router itself, much cheaper than running the proxy for every visit.
 * The public URLs stay as they were; the address bar never shows the internal ones.
 */
import type { NextConfig } from "next";

/** Path segment standing for "no genre" / "first page" (a slug or a cuid never is "_"). */
export const NONE = "_";

export const LEADERBOARD_PERIODS = ["week", "month", "all"] as const;
export type LeaderboardPeriodId = (typeof LEADERBOARD_PERIODS)[number];

type Rewrite =
  Awaited<ReturnType<NonNullable<NextConfig["rewrites"]>>> extends infer R
    ? R extends { beforeFiles?: (infer X)[] }
      ? X
      : never
    : never;

const GENRE = "(?<genre>[a-z0-9]+(?:-[a-z0-9]+)*)";
const CURSOR = "(?<cursor>[a-z0-9]{1,64})";
/** A search with at least one non-blank character: rendered per request by app/page.tsx. */
const SEARCH = { type: "query", key: "q", value: ".*\\S.*" } as const;

/**
 * Rewrites checked before the file-system routes (first match wins). A genre or cursor that is
 * not a well-formed slug or id is ignored (first page, all genres) rather than cached under
 * its own key.
 */
export function publicPageRewrites(): Rewrite[] {
  return [
    {
      source: "/",
      has: [
        { type: "query", key: "genre", value: GENRE },
        { type: "query", key: "cursor", value: CURSOR },
      ],
      missing: [SEARCH],
      destination: "/discover/:genre/:cursor",
    },
    {
      source: "/",
      has: [{ type: "query", key: "genre", value: GENRE }],
      missing: [SEARCH],
      destination: `/discover/:genre/${NONE}`,
    },
    {
      source: "/",
      has: [{ type: "query", key: "cursor", value: CURSOR }],
      missing: [SEARCH],
      destination: `/discover/${NONE}/:cursor`,
    },
    { source: "/", missing: [SEARCH], destination: `/discover/${NONE}/${NONE}` },
    {
      source: "/leaderboard",
      has: [{ type: "query", key: "period", value: `(?<period>${LEADERBOARD_PERIODS.join("|")})` }],
      destination: "/leaderboard/:period",
    },
    { source: "/leaderboard", destination: "/leaderboard/month" },
  ];
}
