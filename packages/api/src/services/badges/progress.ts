import type { PrismaClient } from "@fanfare/db";
import type { EarnedBadge, NextBadge } from "@fanfare/validators";

import { loadBadgeFacts } from "./facts";
import { BADGES, badgeDefinition } from "./rules";

/**
 * A promoter's badges for `promoter.progress` (issue 13 §3: "shown on the dashboard … and the
 * mobile app"): the badges they hold (stored `PromoterBadge` rows, newest first; a repeatable
 * badge once per time earned), and every catalogue badge they hold no instance of yet, in
 * catalogue order, with what it takes from their facts now ("7 more sales to go"). Stored rows,
 * not a live computation: a badge appears once the `badges.award` job has run (seconds after a
 * sale or payout, daily for a month's top 10).
 */
export async function badgeProgress(
  input: { promoterId: string },
  db: PrismaClient,
): Promise<{ badges: EarnedBadge[]; nextBadges: NextBadge[] }> {
  const rows = await db.promoterBadge.findMany({
    where: { promoterId: input.promoterId },
    orderBy: [{ awardedAt: "desc" }, { badge: "asc" }, { instance: "desc" }],
  });
  const badges = rows.flatMap((r) => {
    const def = badgeDefinition(r.badge);
    if (!def) return [];
    return [
      {
        key: def.key,
        name: def.name,
        description: def.description,
        level: def.level,
        icon: def.icon,
        instance: r.instance,
        detail: r.detail,
        awardedAt: r.awardedAt,
      },
    ];
  });
  const held = new Set(rows.map((r) => r.badge));
  const facts = (await loadBadgeFacts({ promoterIds: [input.promoterId] }, db)).get(
    input.promoterId,
  );
  const nextBadges = facts
    ? BADGES.filter((b) => !held.has(b.key)).map((b) => ({
        key: b.key,
        name: b.name,
        description: b.description,
        level: b.level,
        icon: b.icon,
        ...b.toEarn(facts),
      }))
    : [];
  return { badges, nextBadges };
}
