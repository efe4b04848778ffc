import type { DbClient } from "@fanfare/db";

import { isBotUserAgent, utcDay, visitorHash } from "../affiliate/clicks";

/**
 * Views of the public surfaces that are not clicks (issue 14 §3 and §5), per scope and UTC day
 * (`PageViewDaily`), one per visitor, scope and day (`PageViewDedupe`). A scope is one of:
 * - `landing:<landingPageId>`: a view of a promoter's landing page (`landingScope`);
 * - `embed:<trackId>`: a play in an embedded player of the track, through a link or not;
 * - `embed:<trackId>:<linkId>`: a play in an embed that carries that promoter link's `ref`
 *   (counted beside the track's own scope: `embedScope`).
 */

/** The scope of a landing page's views: `landing:<landingPageId>`. */
export function landingScope(landingPageId: string): string {
  return `landing:${landingPageId}`;
}

/**
 * The scope of an embedded player's plays: `embed:<trackId>` for the track (every embed play),
 * `embed:<trackId>:<linkId>` for plays in embeds carrying that affiliate link's `ref`.
 */
export function embedScope(trackId: string, linkId?: string | null): string {
  return linkId ? `embed:${trackId}:${linkId}` : `embed:${trackId}`;
}

/** Days a dedupe row is kept after its own day (it decides nothing once its day is over). */
const DEDUPE_KEEP_DAYS = 2;

/**
 * Counts one view of `scope` by the visitor at `ip` with `userAgent`, at most once per visitor,
 * scope and UTC day of `now`. Bots and link-preview fetchers (the click path's
 * `isBotUserAgent`, which also takes a missing user agent for a bot) and HEAD requests never
 * count. The visitor is the click path's `visitorHash` (SHA-256 of ip | user agent | salt: no
 * raw IP is stored).
 *
 * One autocommit statement: a CTE inserts the `PageViewDedupe` row `ON CONFLICT DO NOTHING`, and
 * only when it inserted one does the statement add 1 to the day's `PageViewDaily` row (upsert),
 * so concurrent identical views count once (the second insert waits on the first's key and then
 * does nothing).
 * @param input.method the HTTP method of the request (default "POST"); "HEAD" never counts.
 * @returns whether this view was counted (false: a bot, a HEAD request, or a repeat that day).
 */
export async function countPageView(
  input: {
    scope: string;
    ip: string;
    userAgent: string | null;
    method?: string;
    now?: Date;
  },
  db: DbClient,
): Promise<{ counted: boolean }> {
  if ((input.method ?? "POST").toUpperCase() === "HEAD") return { counted: false };
  if (isBotUserAgent(input.userAgent)) return { counted: false };
  const day = utcDay(input.now ?? new Date());
  const hash = visitorHash(input.ip, input.userAgent ?? "");
  const rows = await db.$executeRaw`
    WITH fresh AS (
      INSERT INTO "PageViewDedupe" ("scope", "day", "visitorHash")
      VALUES (${input.scope}, ${day}::date, ${hash})
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    INSERT INTO "PageViewDaily" ("scope", "day", "views")
    SELECT ${input.scope}, ${day}::date, 1 FROM fresh
    ON CONFLICT ("scope", "day") DO UPDATE SET "views" = "PageViewDaily"."views" + 1`;
  return { counted: rows > 0 };
}

/**
 * Total views of each scope, over all days or from the UTC day of `since` on (that whole day
 * included).
 * @returns a map with every scope asked for (0 when it has no views).
 */
export async function pageViewTotals(
  scopes: string[],
  db: DbClient,
  opts: { since?: Date } = {},
): Promise<Map<string, number>> {
  const totals = new Map(scopes.map((s) => [s, 0]));
  if (scopes.length === 0) return totals;
  const rows = await db.pageViewDaily.groupBy({
    by: ["scope"],
    where: {
      scope: { in: scopes },
      ...(opts.since ? { day: { gte: new Date(utcDay(opts.since)) } } : {}),
    },
    _sum: { views: true },
  });
  for (const r of rows) totals.set(r.scope, r._sum.views ?? 0);
  return totals;
}

/**
 * Deletes the dedupe rows of days more than two days before the UTC day of `now` (a view is
 * deduplicated within its own day only, so they decide nothing; kept a little longer than needed
 * so a clock a few hours off never recounts). Idempotent; run by the `clicks.prune-windows` job.
 * @returns the number of rows deleted.
 */
export async function purgePageViewDedupe(db: DbClient, now: Date = new Date()): Promise<number> {
  const today = new Date(utcDay(now));
  const before = new Date(today.getTime() - DEDUPE_KEEP_DAYS * 86_400_000);
  const { count } = await db.pageViewDedupe.deleteMany({ where: { day: { lt: before } } });
  return count;
}
