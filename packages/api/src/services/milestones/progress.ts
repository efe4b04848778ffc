import type { PrismaClient } from "@fanfare/db";
import type { MilestoneProgress } from "@fanfare/validators";

import { milestoneValues, valueFor } from "./award";

/**
 * A promoter's milestones for the dashboard (issue 13 §2: "a progress bar on the dashboard
 * (counting pending sales separately: '2 more clearing')"): every active milestone, and any
 * inactive one they reached, lowest threshold first per metric, with their released value (what
 * counts), what is still clearing (inside the holding period), and when it was paid.
 */
export async function milestoneProgress(
  promoterId: string,
  db: PrismaClient,
): Promise<MilestoneProgress[]> {
  const [milestones, awards, values] = await Promise.all([
    db.milestone.findMany({
      where: { OR: [{ active: true }, { awards: { some: { promoterId } } }] },
      orderBy: [{ metric: "desc" }, { threshold: "asc" }, { name: "asc" }],
    }),
    db.milestoneAward.findMany({
      where: { promoterId },
      select: { milestoneId: true, awardedAt: true, bonusCents: true },
    }),
    milestoneValues([promoterId], db),
  ]);
  const byMilestone = new Map(awards.map((a) => [a.milestoneId, a]));
  const v = values.get(promoterId);
  return milestones.map((m) => {
    const award = byMilestone.get(m.id);
    return {
      id: m.id,
      name: m.name,
      description: m.description,
      metric: m.metric,
      threshold: m.threshold,
      bonusCents: m.bonusCents,
      ...valueFor(m.metric, v),
      awardedAt: award?.awardedAt ?? null,
      paidCents: award?.bonusCents ?? null,
    };
  });
}
