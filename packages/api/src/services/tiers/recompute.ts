import type { PrismaClient } from "@fanfare/db";
import { formatBps } from "@fanfare/validators";

import { writeAudit } from "../audit/audit-log";
import { enqueueEmail } from "../email/outbox";
import { apiEnv } from "../env";
import { notifyUnlessMuted } from "../notifications/notify";
import { listTierRules, qualifyingTier, tierMetrics } from "./qualify";

/** What one run of `recomputeTiers` did. */
export type TierRecomputeResult = { checked: number; moved: number; up: number; down: number };

/** Promoters per round trip of the full daily run. */
const BATCH = 500;

/**
 * The `tiers.recompute` job (issue 13 §1: "A promoter's tier is recomputed by a job (daily and
 * after each counted sale); moving up or down notifies them"): each promoter's tier becomes the
 * one they qualify for now (`qualifyingTier` on `tierMetrics`). A change is written with a
 * conditional update (a concurrent run that moved them first wins; nothing is written twice),
 * audited as the system's, and the promoter is emailed once per move (outbox key
 * `tier-changed:<promoterId>:<tierChangedAt>`). A promoter's tier never moves money by itself: the
 * bonus rate in force at checkout start is recorded on each sale (`Sale.tierBonusBps`).
 * @param input.promoterIds the promoters to check (after their sales); all promoters when absent.
 */
export async function recomputeTiers(
  input: { promoterIds?: string[]; now?: Date },
  db: PrismaClient,
): Promise<TierRecomputeResult> {
  const now = input.now ?? new Date();
  const result: TierRecomputeResult = { checked: 0, moved: 0, up: 0, down: 0 };
  const tiers = await listTierRules(db);
  if (tiers.length === 0) return result;
  const byId = new Map(tiers.map((t) => [t.id, t]));
  let cursor: string | undefined;
  for (;;) {
    const promoters = await db.promoterProfile.findMany({
      where: input.promoterIds ? { id: { in: input.promoterIds } } : {},
      select: {
        id: true,
        tierId: true,
        displayName: true,
        user: { select: { id: true, email: true, name: true } },
      },
      orderBy: { id: "asc" },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (promoters.length === 0) break;
    cursor = promoters.at(-1)!.id;
    const metrics = await tierMetrics(
      { promoterIds: promoters.map((p) => p.id), windows: tiers, now },
      db,
    );
    for (const p of promoters) {
      result.checked++;
      const tier = qualifyingTier(tiers, metrics.get(p.id) ?? new Map());
      const to = tier?.id ?? null;
      if (to === p.tierId) continue;
      const from = p.tierId ? (byId.get(p.tierId) ?? null) : null;
      const moved = await db.$transaction(async (tx) => {
        const { count } = await tx.promoterProfile.updateMany({
          where: { id: p.id, tierId: p.tierId },
          data: { tierId: to, tierChangedAt: now },
        });
        if (count === 0) return false;
        await writeAudit(tx, {
          actorId: null,
          action: "promoter.tier",
          subjectType: "promoter",
          subjectId: p.id,
          before: { tier: from?.name ?? null },
          after: { tier: tier?.name ?? null },
        });
        // A first tier of rank 0 (where everyone starts) is not news; every other move is.
        const up = (tier?.rank ?? -1) > (from?.rank ?? -1);
        if (!tier || (up && !from && tier.threshold === 0)) return up ? "up" : "down";
        // The bell (issue 13 §7), keyed like the email; a muted type sends no email either.
        const { muted } = await notifyUnlessMuted(tx, {
          userId: p.user.id,
          type: "tier_changed",
          title: up ? `You moved up to ${tier.name}` : `You moved down to ${tier.name}`,
          body:
            tier.bonusBps > 0
              ? `${tier.name} pays +${formatBps(tier.bonusBps)} on every sale.`
              : `See what ${tier.name} unlocks on your dashboard.`,
          href: "/dashboard/promoter",
          dedupeKey: `tier-changed:${p.id}:${now.toISOString()}`,
        });
        if (!muted)
          await enqueueEmail(tx, {
            idempotencyKey: `tier-changed:${p.id}:${now.toISOString()}`,
            to: p.user.email,
            template: "tier-changed",
            props: {
              appUrl: apiEnv().APP_URL,
              name: p.displayName ?? p.user.name,
              tierName: tier.name,
              previousTierName: from?.name ?? null,
              direction: up ? "up" : "down",
              bonusBps: tier.bonusBps,
              payoutMinimumCents: tier.payoutMinimumCents,
              perks: perkTitles(tier.perks),
            },
          });
        return up ? "up" : "down";
      });
      if (!moved) continue;
      result.moved++;
      result[moved]++;
    }
    if (input.promoterIds || promoters.length < BATCH) break;
  }
  return result;
}

/** The titles of a tier's perks (the stored JSON list), for emails. */
function perkTitles(perks: unknown): string[] {
  if (!Array.isArray(perks)) return [];
  return perks
    .map((p) => (p && typeof p === "object" && "title" in p ? String(p.title) : null))
    .filter((t): t is string => !!t)
    .slice(0, 10);
}
