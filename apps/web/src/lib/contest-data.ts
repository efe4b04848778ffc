import "server-only";

import { unstable_cache } from "next/cache";

import { AppError } from "@fanfare/api/services/app-error";
import { publicTags } from "@fanfare/api/services/cache/public-pages";
import { getContest, listContests } from "@fanfare/api/services/contests/contests";
import { getDb } from "@fanfare/db";

/**
 * The data of the public contest pages (issue 13 §5), read straight from the services (no
 * request context, so the page is the same for every visitor). Cached like the leaderboard: live
 * standings change with every sale, so an entry is kept at most a minute; the `contests` and
 * `contest:<id>` tags expire it at once when a contest is created, changed, started, closed or
 * cancelled. Dates travel as ISO strings (the cache stores JSON).
 */

/** Seconds a contest page is kept: its live standings may be a minute old. */
export const CONTEST_REVALIDATE_SECONDS = 60;

type WithDates<T> = Omit<T, "startsAt" | "endsAt" | "closedAt"> & {
  startsAt: string;
  endsAt: string;
  closedAt: string | null;
};

const jsonDates = <T extends { startsAt: Date; endsAt: Date; closedAt: Date | null }>(
  c: T,
): WithDates<T> => ({
  ...c,
  startsAt: c.startsAt.toISOString(),
  endsAt: c.endsAt.toISOString(),
  closedAt: c.closedAt?.toISOString() ?? null,
});

/** Running, upcoming and recently closed contests with their top 5 (tag `contests`). */
export const loadContests = () =>
  unstable_cache(async () => (await listContests(await getDb())).map(jsonDates), ["contests"], {
    tags: [publicTags.contests],
    revalidate: CONTEST_REVALIDATE_SECONDS,
  })();

/** One contest with its top 20 or winners; null when unknown or cancelled (tag `contest:<id>`). */
export const loadContest = (id: string) =>
  unstable_cache(
    async () => {
      try {
        return jsonDates(await getContest(id, await getDb()));
      } catch (e) {
        if (e instanceof AppError && e.code === "NOT_FOUND") return null;
        throw e;
      }
    },
    ["contest", id],
    { tags: [publicTags.contest(id)], revalidate: CONTEST_REVALIDATE_SECONDS },
  )();

export type ContestPageData = NonNullable<Awaited<ReturnType<typeof loadContest>>>;
