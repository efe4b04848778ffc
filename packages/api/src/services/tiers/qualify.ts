import type { Prisma, PrismaClient, PromoterTier, TierMetric } from "@fanfare/db";

type Db = PrismaClient | Prisma.TransactionClient;

/** What of a tier decides who holds it. */
export type TierRule = Pick<
  PromoterTier,
  "id" | "name" | "rank" | "metric" | "threshold" | "windowDays"
>;

/** A promoter's results over trailing windows, keyed `metricKey(metric, windowDays)`. */
export type TierMetrics = Map<string, number>;

/** The key of one metric over one window in `TierMetrics`, e.g. "SALES:90". */
export const metricKey = (metric: TierMetric, windowDays: number) => `${metric}:${windowDays}`;

/**
 * The tier a promoter qualifies for (issue 13 §1: "a qualifying rule (counted sales or commission
 * earned over a trailing window, e.g. 90 days)"): the highest-ranked tier whose threshold their
 * result over that tier's own window reaches (≥: reaching the threshold exactly qualifies); null
 * when none does (no tier with threshold 0). Pure.
 * @param metrics the promoter's results (`tierMetrics`): counted sales, or commission earned in
 *   cents, per metric and window; a missing entry counts as 0.
 */
export function qualifyingTier<T extends TierRule>(
  tiers: readonly T[],
  metrics: TierMetrics,
): T | null {
  const byRankDesc = [...tiers].sort((a, b) => b.rank - a.rank);
  return (
    byRankDesc.find((t) => (metrics.get(metricKey(t.metric, t.windowDays)) ?? 0) >= t.threshold) ??
    null
  );
}

/**
 * The next tier above `current` (by rank) and what is missing to reach it, for "3 more sales to
 * Gold"; null at the top. `missing` is sales (SALES) or cents (COMMISSION), ≥ 1.
 */
export function nextTier<T extends TierRule>(
  tiers: readonly T[],
  current: TierRule | null,
  metrics: TierMetrics,
): { tier: T; value: number; missing: number } | null {
  const above = [...tiers]
    .sort((a, b) => a.rank - b.rank)
    .filter((t) => !current || t.rank > current.rank);
  for (const t of above) {
    const value = metrics.get(metricKey(t.metric, t.windowDays)) ?? 0;
    if (value < t.threshold) return { tier: t, value, missing: t.threshold - value };
  }
  return null;
}

/**
 * The promoters' results over each window the tiers use (`TierMetrics` per promoter id), at
 * `now`: counted sales are their COMPLETED sales (a sale refunded in full is REFUNDED and does
 * not count) completed inside the window; commission earned is their commissions created inside
 * the window, less what refunds and disputes took back, REJECTED and CANCELLED ones left out.
 * Promoters without any result get an empty map.
 */
export async function tierMetrics(
  input: {
    promoterIds: string[];
    windows: { metric: TierMetric; windowDays: number }[];
    now: Date;
  },
  db: Db,
): Promise<Map<string, TierMetrics>> {
  const out = new Map<string, TierMetrics>(input.promoterIds.map((id) => [id, new Map()]));
  if (input.promoterIds.length === 0) return out;
  const windows = [...new Set(input.windows.map((w) => `${w.metric}:${w.windowDays}`))].map(
    (k) => ({ metric: k.split(":")[0] as TierMetric, windowDays: Number(k.split(":")[1]) }),
  );
  for (const w of windows) {
    const since = new Date(input.now.getTime() - w.windowDays * 86_400_000).toISOString();
    const rows =
      w.metric === "SALES"
        ? await db.$queryRaw<{ promoterId: string; value: number }[]>`
            SELECT "promoterId", COUNT(*)::int AS "value" FROM "Sale"
            WHERE "promoterId" = ANY(${input.promoterIds}) AND "status" = 'COMPLETED'
              AND "completedAt" >= ${since}::timestamp(3)
            GROUP BY "promoterId"`
        : await db.$queryRaw<{ promoterId: string; value: number }[]>`
            SELECT "promoterId", COALESCE(SUM("amountCents" - "reversedCents"), 0)::int AS "value"
            FROM "Commission"
            WHERE "promoterId" = ANY(${input.promoterIds}) AND "status" NOT IN ('REJECTED', 'CANCELLED')
              AND "createdAt" >= ${since}::timestamp(3)
            GROUP BY "promoterId"`;
    for (const r of rows) out.get(r.promoterId)?.set(metricKey(w.metric, w.windowDays), r.value);
  }
  return out;
}

/** The tiers, lowest rank first. */
export const listTierRules = (db: Db) => db.promoterTier.findMany({ orderBy: { rank: "asc" } });
