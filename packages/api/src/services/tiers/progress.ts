import type { PrismaClient } from "@fanfare/db";
import type { PromoterProgress } from "@fanfare/validators";
import { readTierPerks } from "@fanfare/validators";

import { milestoneProgress } from "../milestones/progress";
import { badgeProgress } from "../badges/progress";
import { listTierRules, metricKey, nextTier, qualifyingTier, tierMetrics } from "./qualify";

/**
 * A promoter's tier progress for the dashboard (issue 13 §1: "current tier, progress to the next
 * ('3 more sales to Gold'), perks unlocked and next"), computed live from their results at `now`
 * (`tierMetrics`, `qualifyingTier`, `nextTier`), so it is right even before the `tiers.recompute`
 * job has run. The stored `PromoterProfile.tierId` is what checkout uses; the two agree once the
 * job has run. `value` is the promoter's result over the next tier's rule (the current tier's at
 * the top): sales, or cents of commission. `milestones` come from milestones/progress.ts;
 * `badges` (held) and `nextBadges` (still to earn, with what each takes) from badges/progress.ts.
 */
export async function getPromoterProgress(
  input: { promoterId: string; now?: Date },
  db: PrismaClient,
): Promise<PromoterProgress> {
  const tiers = await listTierRules(db);
  const metrics =
    (
      await tierMetrics(
        { promoterIds: [input.promoterId], windows: tiers, now: input.now ?? new Date() },
        db,
      )
    ).get(input.promoterId) ?? new Map<string, number>();
  const tier = qualifyingTier(tiers, metrics);
  const next = nextTier(tiers, tier, metrics);
  const rule = next?.tier ?? tier;
  return {
    tier: tier && {
      id: tier.id,
      name: tier.name,
      rank: tier.rank,
      bonusBps: tier.bonusBps,
      payoutMinimumCents: tier.payoutMinimumCents,
      perks: readTierPerks(tier.perks),
    },
    next: next && {
      name: next.tier.name,
      metric: next.tier.metric,
      threshold: next.tier.threshold,
      windowDays: next.tier.windowDays,
      value: next.value,
      missing: next.missing,
      bonusBps: next.tier.bonusBps,
      perks: readTierPerks(next.tier.perks),
    },
    value: rule && {
      metric: rule.metric,
      windowDays: rule.windowDays,
      value: metrics.get(metricKey(rule.metric, rule.windowDays)) ?? 0,
    },
    tiers: tiers.map((t) => ({
      name: t.name,
      rank: t.rank,
      bonusBps: t.bonusBps,
      unlocked: tier !== null && t.rank <= tier.rank,
    })),
    milestones: await milestoneProgress(input.promoterId, db),
    // Badges earned and the next ones with what each takes (issue 13 §3).
    ...(await badgeProgress({ promoterId: input.promoterId }, db)),
  };
}
