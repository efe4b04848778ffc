/**
 * The internal addresses of the cached public listings, and the rewrites (next.config.ts) that
 * send the public URLs there: `/` and `/?sort=&genre=&cursor=` to
 * `/discover/<sort>/<genre>/<cursor>`, `/leaderboard?period=&metric=` to
 * `/leaderboard/<period>/<metric>`, `/t/<slug>?ref=<code>` to `/t/<slug>/ref/<code>`. A page
 * without a dynamic segment would be prerendered at build, and the build must not touch the
 * database (and a query string never varies a cached page); a rewrite in the config is
 * matched by Next's router itself, much cheaper than running the proxy for every visit.
 * The public URLs stay as they were; the address bar never shows the internal ones.
 */
import type { NextConfig } from "next";

import {
  DISCOVER_SORTS,
  LEADERBOARD_METRICS,
  LEADERBOARD_PERIODS,
} from "@fanfare/validators/lists";

/** Path segment standing for "no genre" / "first page" (a slug or a cuid never is "_"). */
export const NONE = "_";

// The lists come from the validators, so an address and the API's input agree by construction.
export { LEADERBOARD_METRICS, LEADERBOARD_PERIODS };
export type { LeaderboardMetric as LeaderboardMetricId } from "@fanfare/validators/lists";
export type { LeaderboardPeriod as LeaderboardPeriodId } from "@fanfare/validators/lists";
/** Discover's orders; `new` when the address names none. */
export const DISCOVER_SORT_IDS = DISCOVER_SORTS;

type Rewrite =
  Awaited<ReturnType<NonNullable<NextConfig["rewrites"]>>> extends infer R
    ? R extends { beforeFiles?: (infer X)[] }
      ? X
      : never
    : never;

/** A query parameter a rewrite may require, with the pattern a well-formed value matches. */
type Param = { key: string; value: string; fallback: string };
const oneOf = (name: string, values: readonly string[]) => `(?<${name}>${values.join("|")})`;
const SORT: Param = { key: "sort", value: oneOf("sort", DISCOVER_SORT_IDS), fallback: "new" };
const GENRE: Param = { key: "genre", value: "(?<genre>[a-z0-9]+(?:-[a-z0-9]+)*)", fallback: NONE };
const CURSOR: Param = { key: "cursor", value: "(?<cursor>[a-z0-9]{1,64})", fallback: NONE };
const PERIOD: Param = {
  key: "period",
  value: oneOf("period", LEADERBOARD_PERIODS),
  fallback: "month",
};
const METRIC: Param = {
  key: "metric",
  value: oneOf("metric", LEADERBOARD_METRICS),
  fallback: "earnings",
};
/** A search with at least one non-blank character: rendered per request by app/page.tsx. */
const SEARCH = { type: "query", key: "q", value: ".*\\S.*" } as const;

/**
 * One rewrite per subset of `params` present, the fullest first (first match wins): each
 * parameter present and well formed becomes its path segment, any other its fallback. A value
 * that is not well formed is ignored (its fallback) rather than cached under its own key.
 */
function rewritesOf(
  source: string,
  base: string,
  params: Param[],
  missing: Rewrite["missing"] = undefined,
): Rewrite[] {
  const subsets = Array.from({ length: 2 ** params.length }, (_, mask) =>
    params.filter((_, i) => mask & (1 << i)),
  ).sort((a, b) => b.length - a.length);
  return subsets.map((present) => ({
    source,
    ...(present.length
      ? { has: present.map((p) => ({ type: "query" as const, key: p.key, value: p.value })) }
      : {}),
    ...(missing ? { missing } : {}),
    destination: `${base}/${params.map((p) => (present.includes(p) ? `:${p.key}` : p.fallback)).join("/")}`,
  }));
}

/** A link code as `?ref=` carries it (`newLinkCode` makes 8 of a–z and 2–9; room for more). */
export const REF_CODE_PATTERN = "[A-Za-z0-9_-]{1,32}";

/**
 * `/t/<slug>?ref=<code>` → `/t/<slug>/ref/<code>` (issue 14 §4): the track page reached through
 * a promoter's link is cached per code, its share tags naming the promoter. Only `ref` varies the
 * page: `src`, `utm_*` and any other parameter never reach the cache key. A malformed code is
 * not rewritten (the plain page). Click capture runs before this, on the public URL (server.mjs,
 * or src/proxy.ts: Next runs the proxy before `beforeFiles` rewrites).
 */
export function trackRefRewrite(): Rewrite {
  return {
    source: "/t/:slug",
    has: [{ type: "query", key: "ref", value: `(?<code>${REF_CODE_PATTERN})` }],
    destination: "/t/:slug/ref/:code",
  };
}

/** Rewrites checked before the file-system routes (first match wins). */
export function publicPageRewrites(): Rewrite[] {
  return [
    ...rewritesOf("/", "/discover", [SORT, GENRE, CURSOR], [SEARCH]),
    ...rewritesOf("/leaderboard", "/leaderboard", [PERIOD, METRIC]),
    trackRefRewrite(),
  ];
}
