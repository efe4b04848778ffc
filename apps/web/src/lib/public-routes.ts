/**
 * The internal addresses of the cached public listings, which src/proxy.ts rewrites the public
 * URLs to (the public URLs stay `/?genre=&cursor=` and `/leaderboard?period=`): a page without
 * a dynamic segment would be prerendered at build, and the build must not touch the database.
 */

/** Path segment standing for "no genre" / "first page" (a slug or a cuid never is "_"). */
export const NONE = "_";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CURSOR = /^[a-z0-9]{1,64}$/;

/**
 * The cached discover page for `/?genre=&cursor=`, or null when the request needs the
 * per-request page (a search `q`, or a genre or cursor that is not a well-formed slug or id:
 * those never fill the cache).
 */
export function discoverCachePath(params: URLSearchParams): string | null {
  if (params.get("q")?.trim()) return null;
  const genre = params.get("genre") ?? "";
  const cursor = params.get("cursor") ?? "";
  if ((genre && (genre.length > 64 || !SLUG.test(genre))) || (cursor && !CURSOR.test(cursor)))
    return null;
  return `/discover/${genre || NONE}/${cursor || NONE}`;
}

export const LEADERBOARD_PERIODS = ["week", "month", "all"] as const;
export type LeaderboardPeriodId = (typeof LEADERBOARD_PERIODS)[number];

/** The cached leaderboard page for `/leaderboard?period=` (unknown periods: the month). */
export function leaderboardCachePath(params: URLSearchParams): string {
  const p = params.get("period");
  const period = LEADERBOARD_PERIODS.find((x) => x === p) ?? "month";
  return `/leaderboard/${period}`;
}
