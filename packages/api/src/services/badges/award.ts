import type { PrismaClient } from "@fanfare/db";

import { notify } from "../notifications/notify";
import { loadTopTenMonths } from "./facts";
import type { EarnedBadgeInstance } from "./rules";
import { BADGE_THRESHOLDS, badgeDefinition, computeEarnedBadges } from "./rules";

/** What one run of `awardBadges` did. */
export type BadgeAwardResult = {
  /** Promoters whose facts were read. */
  checked: number;
  /** Badge instances stored by this run (new `PromoterBadge` rows). */
  awarded: number;
  /** `badge_earned` notifications written (fewer than `awarded` when a user muted the type). */
  notified: number;
};

/** Promoters per round trip (and per transaction) of a run over everyone. */
const BATCH = 500;

/**
 * The `badges.award` job (issue 13 §3: "Awarded by rules in one place, once each"): stores every
 * badge the promoters have earned (`computeEarnedBadges`, rules.ts) and do not hold yet, and
 * notifies `badge_earned` for each new one in the same transaction (`notify`, dedupe key
 * `badge:<key>:<instance>`; nothing when the user muted the type).
 *
 * Exactly once, also under concurrent runs: the rows go in with `ON CONFLICT DO NOTHING` on
 * (promoter, badge, instance), sorted, so a concurrent run inserting the same row waits for the
 * first to commit and then inserts (and notifies) nothing; only rows this run inserted
 * (`RETURNING`) are notified. A badge once stored stays, whatever happens to the facts later
 * (a refund that takes a promoter back under 10 sales does not take the badge away).
 *
 * "Top 10 of the month" ranks everyone, so only a run over all promoters (no `promoterIds`: the
 * daily cron run, the seed) loads it (`loadTopTenMonths`, the last 12 completed months); the runs
 * after a sale or payout cannot change a completed month's ranking anyway.
 * @param input.promoterIds the promoters to check (after their sale or payout); all when absent.
 * @param input.now the clock (UTC): `awardedAt` of new badges and which months are complete.
 */
export async function awardBadges(
  input: { promoterIds?: string[]; now?: Date },
  db: PrismaClient,
): Promise<BadgeAwardResult> {
  const now = input.now ?? new Date();
  const result: BadgeAwardResult = { checked: 0, awarded: 0, notified: 0 };
  const topTenMonths = input.promoterIds
    ? undefined
    : await loadTopTenMonths({ now, maxRank: BADGE_THRESHOLDS.TOP_RANK }, db);
  const given = input.promoterIds ? [...new Set(input.promoterIds)].sort() : null;
  let cursor: string | undefined;
  for (let offset = 0; ; offset += BATCH) {
    let ids: string[];
    if (given) {
      ids = given.slice(offset, offset + BATCH);
    } else {
      ids = (
        await db.promoterProfile.findMany({
          select: { id: true },
          orderBy: { id: "asc" },
          take: BATCH,
          ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
        })
      ).map((p) => p.id);
      cursor = ids.at(-1);
    }
    if (ids.length === 0) break;
    const batch = await awardBatch({ promoterIds: ids, topTenMonths, now }, db);
    result.checked += batch.checked;
    result.awarded += batch.awarded;
    result.notified += batch.notified;
    if (ids.length < BATCH) break;
  }
  return result;
}

async function awardBatch(
  input: {
    promoterIds: string[];
    topTenMonths: Map<string, { month: string; rank: number }[]> | undefined;
    now: Date;
  },
  db: PrismaClient,
): Promise<BadgeAwardResult> {
  const earned = await computeEarnedBadges(input, db);
  const held = await db.promoterBadge.findMany({
    where: { promoterId: { in: input.promoterIds } },
    select: { promoterId: true, badge: true, instance: true },
  });
  const order = (r: { promoterId: string; badge: string; instance: string }) =>
    `${r.promoterId}\u0000${r.badge}\u0000${r.instance}`;
  const heldKeys = new Set(held.map(order));
  const rows: (EarnedBadgeInstance & { promoterId: string })[] = [];
  for (const [promoterId, e] of earned)
    for (const b of e.earned)
      if (!heldKeys.has(order({ promoterId, ...b }))) rows.push({ promoterId, ...b });
  const result = { checked: earned.size, awarded: 0, notified: 0 };
  if (rows.length === 0) return result;
  // One order for every run (promoter, badge, instance), so concurrent runs wait on each other's
  // rows in the same order and cannot deadlock.
  rows.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  return db.$transaction(async (tx) => {
    const inserted = await tx.$queryRaw<
      { promoterId: string; badge: string; instance: string; detail: string }[]
    >`
      INSERT INTO "PromoterBadge" ("promoterId", "badge", "instance", "detail", "awardedAt")
      SELECT x."promoterId", x."badge", x."instance", x."detail", ${input.now.toISOString()}::timestamp(3)
      FROM unnest(${rows.map((r) => r.promoterId)}::text[], ${rows.map((r) => r.badge)}::text[],
        ${rows.map((r) => r.instance)}::text[], ${rows.map((r) => r.detail)}::text[])
        WITH ORDINALITY AS x("promoterId", "badge", "instance", "detail", "n")
      ORDER BY x."n"
      ON CONFLICT ("promoterId", "badge", "instance") DO NOTHING
      RETURNING "promoterId", "badge", "instance", "detail"`;
    result.awarded = inserted.length;
    for (const row of inserted) {
      const def = badgeDefinition(row.badge);
      const userId = earned.get(row.promoterId)?.userId;
      if (!def || !userId) continue;
      const written = await notify(tx, {
        userId,
        type: "badge_earned",
        title: `Badge earned: ${def.name}`,
        body: def.repeatable ? `${row.detail}. ${def.description}` : def.description,
        href: "/dashboard/promoter",
        dedupeKey: `badge:${row.badge}:${row.instance}`,
      });
      if (written) result.notified++;
    }
    return result;
  });
}
