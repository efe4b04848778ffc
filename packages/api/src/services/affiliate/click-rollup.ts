import type { PrismaClient } from "@fanfare/db";

import { markFraudScoreDirty } from "../fraud/score-events";
import { emitClickCountedEvents } from "../platform/webhooks/click-counted";

/** How often each worker process asks for a click rollup (`clicks.rollup`), in seconds: about the most shown click counts lag. */
export const CLICKS_ROLLUP_TICK_SECONDS = 2;

/** Counted clicks taken per transaction by `rollupClicks` unless told otherwise. */
export const CLICK_ROLLUP_BATCH = 5000;

/** One (link, day) group of a batch: how many counted clicks it adds. */
type Group = {
  linkId: string;
  /** The link's product: a track or a release (issue 16 §1), one of the two. */
  trackId: string | null;
  releaseId: string | null;
  promoterId: string;
  day: string;
  n: number;
};

/**
 * Adds the counted clicks waiting in `ClickRollupPending` (one row per counted click, written by
 * `recordClick`) to the counters: `AffiliateLink`, `Track` or `Release`, and `PromoterProfile.clickCount`, and
 * `LinkDailyStats` / `PromoterDailyStats.clicks` on the click's UTC day, and emits the batch's
 * `click.counted` webhook events (`emitClickCountedEvents`). Run by the
 * `clicks.rollup` job every 2 seconds per worker, so shown click counts lag by seconds.
 *
 * Exactly once per counted click: each batch is one transaction that deletes up to `batchSize`
 * pending rows (`FOR UPDATE SKIP LOCKED`, oldest first) and adds them; a crash or error rolls the
 * deletion back with the additions. Concurrent runs (several workers, the seed) take disjoint
 * rows. Rows are locked in one global order, the one settlement's `writeSettlement` statement
 * takes (promoter, link, track, promoter day, link day; each table by key), so a rollup never
 * deadlocks with a settlement or another rollup. Loops until a batch comes back short.
 * @param input.batchSize pending rows per transaction (default 5,000).
 * @returns how many counted clicks were added.
 */
export async function rollupClicks(
  input: { batchSize?: number },
  db: PrismaClient,
): Promise<{ clicks: number }> {
  const batchSize = Math.max(1, Math.floor(input.batchSize ?? CLICK_ROLLUP_BATCH));
  let clicks = 0;
  for (;;) {
    const taken = await db.$transaction(
      async (tx) => {
        const groups = await tx.$queryRaw<Group[]>`
        WITH taken AS (
          DELETE FROM "ClickRollupPending"
          WHERE "id" IN (
            SELECT "id" FROM "ClickRollupPending" ORDER BY "id" LIMIT ${batchSize}::int FOR UPDATE SKIP LOCKED
          )
          RETURNING "linkId", "trackId", "releaseId", "promoterId", "day"
        )
        SELECT "linkId", "trackId", "releaseId", "promoterId", to_char("day", 'YYYY-MM-DD') AS "day", COUNT(*)::int AS "n"
        FROM taken GROUP BY "linkId", "trackId", "releaseId", "promoterId", "day"`;
        if (groups.length === 0) return 0;

        const sum = (key: (g: Group) => string | null) => {
          const m = new Map<string, number>();
          for (const g of groups) {
            const k = key(g);
            if (k != null) m.set(k, (m.get(k) ?? 0) + g.n);
          }
          return { keys: [...m.keys()], counts: [...m.values()] };
        };
        const promoters = sum((g) => g.promoterId);
        const links = sum((g) => g.linkId);
        const tracks = sum((g) => g.trackId);
        const releases = sum((g) => g.releaseId);
        const promoterDays = sum((g) => `${g.promoterId} ${g.day}`);
        const linkDays = groups.map((g) => g);

        // Each table's rows are locked in key order by a statement of their own (FOR NO KEY
        // UPDATE: it does not block the click statement's foreign-key checks), then added to by
        // the next. Not one statement: an UPDATE scans with the snapshot its statement started
        // with, so after a concurrent settlement committed it would revisit a row's old version
        // and queue for that version's tuple lock, which another rollup waiting on this one may
        // hold (a deadlock PostgreSQL reported here). The next statement's snapshot sees the
        // versions this transaction has locked. The daily upserts insert in key order.
        await tx.$queryRaw`
        SELECT p."id" FROM "PromoterProfile" p WHERE p."id" = ANY(${promoters.keys}::text[]) ORDER BY p."id" FOR NO KEY UPDATE`;
        await tx.$executeRaw`
        UPDATE "PromoterProfile" p SET "clickCount" = p."clickCount" + d."n"
        FROM unnest(${promoters.keys}::text[], ${promoters.counts}::int[]) AS d("id", "n") WHERE p."id" = d."id"`;
        await tx.$queryRaw`
        SELECT l."id" FROM "AffiliateLink" l WHERE l."id" = ANY(${links.keys}::text[]) ORDER BY l."id" FOR NO KEY UPDATE`;
        await tx.$executeRaw`
        UPDATE "AffiliateLink" l SET "clickCount" = l."clickCount" + d."n"
        FROM unnest(${links.keys}::text[], ${links.counts}::int[]) AS d("id", "n") WHERE l."id" = d."id"`;
        await tx.$queryRaw`
        SELECT t."id" FROM "Track" t WHERE t."id" = ANY(${tracks.keys}::text[]) ORDER BY t."id" FOR NO KEY UPDATE`;
        await tx.$executeRaw`
        UPDATE "Track" t SET "clickCount" = t."clickCount" + d."n"
        FROM unnest(${tracks.keys}::text[], ${tracks.counts}::int[]) AS d("id", "n") WHERE t."id" = d."id"`;
        if (releases.keys.length > 0) {
          await tx.$queryRaw`
          SELECT r."id" FROM "Release" r WHERE r."id" = ANY(${releases.keys}::text[]) ORDER BY r."id" FOR NO KEY UPDATE`;
          await tx.$executeRaw`
          UPDATE "Release" r SET "clickCount" = r."clickCount" + d."n"
          FROM unnest(${releases.keys}::text[], ${releases.counts}::int[]) AS d("id", "n") WHERE r."id" = d."id"`;
        }
        await tx.$executeRaw`
        INSERT INTO "PromoterDailyStats" ("promoterId", "day", "clicks")
        SELECT split_part(k, ' ', 1), split_part(k, ' ', 2)::date, n
        FROM unnest(${promoterDays.keys}::text[], ${promoterDays.counts}::int[]) AS d(k, n)
        ORDER BY 1, 2
        ON CONFLICT ("promoterId", "day") DO UPDATE SET "clicks" = "PromoterDailyStats"."clicks" + EXCLUDED."clicks"`;
        await tx.$executeRaw`
        INSERT INTO "LinkDailyStats" ("linkId", "day", "promoterId", "clicks")
        SELECT "linkId", "day"::date, "promoterId", "n"
        FROM unnest(${linkDays.map((g) => g.linkId)}::text[], ${linkDays.map((g) => g.day)}::text[],
          ${linkDays.map((g) => g.promoterId)}::text[], ${linkDays.map((g) => g.n)}::int[]) AS d("linkId", "day", "promoterId", "n")
        ORDER BY 1, 2
        ON CONFLICT ("linkId", "day") DO UPDATE SET "clicks" = "LinkDailyStats"."clicks" + EXCLUDED."clicks"`;
        // Click bursts are a fraud signal: the promoters whose clicks moved are rescored later.
        await markFraudScoreDirty(tx, promoters.keys);
        // `click.counted` webhooks (issue 15 §3): one event per subscribed promoter per batch,
        // committed with the counts it reports; one indexed look-up when nobody subscribed.
        await emitClickCountedEvents(tx, groups);
        return groups.reduce((t, g) => t + g.n, 0);
      },
      // A batch takes milliseconds; generous limits so a loaded machine never aborts one.
      { maxWait: 30_000, timeout: 120_000 },
    );
    clicks += taken;
    if (taken < batchSize) return { clicks };
  }
}
