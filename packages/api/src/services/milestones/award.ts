import type { Prisma, PrismaClient } from "@fanfare/db";
import { cents } from "@fanfare/db";
import { formatCents, milestoneGapText } from "@fanfare/validators";

import { enqueueEmail } from "../email/outbox";
import { apiEnv } from "../env";
import { postLedgerTransaction } from "../ledger/post-transaction";
import { notify } from "../notifications/notify";

type Db = PrismaClient | Prisma.TransactionClient;

/** A promoter's results a milestone reads: released (counts) and clearing (still held). */
export type MilestoneValues = {
  releasedSales: number;
  releasedCents: number;
  clearingSales: number;
  clearingCents: number;
};

const ZERO: MilestoneValues = {
  releasedSales: 0,
  releasedCents: 0,
  clearingSales: 0,
  clearingCents: 0,
};

/**
 * What milestones count for each promoter (issue 13 §2: "Only sales past their release date
 * count"): released = commissions past their holding period (PAYABLE or PAID) not fully reversed;
 * clearing = commissions still PENDING (inside the holding period, or held) not fully reversed.
 * Sales are counted, cents are the commission net of reversals. A commission of 0 (a code that
 * took the whole commission) counts as no sale.
 * @returns a map by promoter id (promoters with nothing are absent: read them as zero).
 */
export async function milestoneValues(
  promoterIds: string[],
  db: Db,
): Promise<Map<string, MilestoneValues>> {
  if (promoterIds.length === 0) return new Map();
  const rows = await db.$queryRaw<
    {
      promoterId: string;
      releasedSales: bigint;
      releasedCents: bigint;
      clearingSales: bigint;
      clearingCents: bigint;
    }[]
  >`
    SELECT "promoterId",
      COUNT(*) FILTER (WHERE "status" IN ('PAYABLE', 'PAID')) AS "releasedSales",
      COALESCE(SUM("amountCents" - "reversedCents") FILTER (WHERE "status" IN ('PAYABLE', 'PAID')), 0)::bigint AS "releasedCents",
      COUNT(*) FILTER (WHERE "status" = 'PENDING') AS "clearingSales",
      COALESCE(SUM("amountCents" - "reversedCents") FILTER (WHERE "status" = 'PENDING'), 0)::bigint AS "clearingCents"
    FROM "Commission"
    WHERE "promoterId" = ANY(${promoterIds}::text[]) AND "status" IN ('PENDING', 'PAYABLE', 'PAID')
      AND "reversedCents" < "amountCents"
    GROUP BY "promoterId"`;
  return new Map(
    rows.map((r) => [
      r.promoterId,
      {
        releasedSales: Number(r.releasedSales),
        releasedCents: cents(r.releasedCents),
        clearingSales: Number(r.clearingSales),
        clearingCents: cents(r.clearingCents),
      },
    ]),
  );
}

/** A promoter's value for one milestone's metric: released and clearing. */
export function valueFor(
  metric: "SALES" | "COMMISSION",
  v: MilestoneValues | undefined,
): { released: number; clearing: number } {
  const x = v ?? ZERO;
  return metric === "SALES"
    ? { released: x.releasedSales, clearing: x.clearingSales }
    : { released: x.releasedCents, clearing: x.clearingCents };
}

/** The transaction id of a milestone bonus: once per milestone and promoter. */
export const milestoneTransactionId = (milestoneId: string, promoterId: string) =>
  `milestone:${milestoneId}:${promoterId}`;

/** What one run of `awardMilestones` did. */
export type MilestoneAwardResult = { checked: number; awarded: number; bonusCents: number };

/** Promoters per round trip of a full run. */
const BATCH = 500;

/**
 * The `milestones.award` job (issue 13 §2): awards every active milestone a promoter has reached
 * on released results and not been awarded yet. Each award, in one transaction:
 * - a `MilestoneAward` row, inserted with ON CONFLICT DO NOTHING: the unique award row (unique
 *   on (milestone, promoter), and on its transaction id, which is made of the two) that makes the
 *   bonus exactly once however many runs race (concurrent releases each asking for a run). No
 *   conflict target, so a race lost on either unique index is a silent no-op, never an error;
 * - only when that insert wrote the row, one MILESTONE_BONUS ledger transaction
 *   `milestone:<milestoneId>:<promoterId>` from PLATFORM_PROMOTIONS to the promoter's payable
 *   balance (payable at once: the sales it counts are past their holding period), never
 *   reversed automatically (an admin may adjust);
 * - the `milestone-reached` email (outbox key = the transaction id) and a `milestone_reached`
 *   in-app notification (unless muted; a muted type sends no email either).
 * Only ACTIVE promoters are awarded (a suspended one is awarded when reinstated, by the next run).
 * @param input.promoterIds the promoters to check (after their sales were released); every
 *   promoter with a released commission when absent (the daily run, and after an admin adds a
 *   milestone).
 */
export async function awardMilestones(
  input: { promoterIds?: string[]; now?: Date },
  db: PrismaClient,
): Promise<MilestoneAwardResult> {
  const result: MilestoneAwardResult = { checked: 0, awarded: 0, bonusCents: 0 };
  const milestones = await db.milestone.findMany({
    where: { active: true },
    orderBy: [{ metric: "asc" }, { threshold: "asc" }],
  });
  if (milestones.length === 0) return result;
  let cursor = "";
  for (;;) {
    // Candidates: ACTIVE promoters with at least one released commission.
    const ids = input.promoterIds
      ? input.promoterIds.slice(0, 10_000)
      : (
          await db.$queryRaw<{ id: string }[]>`
            SELECT p."id" FROM "PromoterProfile" p
            WHERE p."id" > ${cursor} AND p."status" = 'ACTIVE'
              AND EXISTS (SELECT 1 FROM "Commission" c WHERE c."promoterId" = p."id" AND c."status" IN ('PAYABLE', 'PAID'))
            ORDER BY p."id" LIMIT ${BATCH}::int`
        ).map((r) => r.id);
    if (ids.length === 0) break;
    cursor = ids.at(-1)!;
    const [values, awarded, promoters] = await Promise.all([
      milestoneValues(ids, db),
      db.milestoneAward.findMany({
        where: { promoterId: { in: ids } },
        select: { promoterId: true, milestoneId: true },
      }),
      db.promoterProfile.findMany({
        where: { id: { in: ids }, status: "ACTIVE" },
        select: {
          id: true,
          userId: true,
          displayName: true,
          user: { select: { email: true, name: true } },
        },
      }),
    ]);
    const done = new Set(awarded.map((a) => `${a.milestoneId}:${a.promoterId}`));
    for (const p of promoters) {
      result.checked++;
      const v = values.get(p.id);
      if (!v) continue;
      const reached = milestones.filter(
        (m) => !done.has(`${m.id}:${p.id}`) && valueFor(m.metric, v).released >= m.threshold,
      );
      for (const m of reached) {
        const posted = await awardOne(db, { milestone: m, promoter: p, values: v, milestones });
        if (posted) {
          result.awarded++;
          result.bonusCents += m.bonusCents;
        }
      }
    }
    if (input.promoterIds || ids.length < BATCH) break;
  }
  return result;
}

type MilestoneRow = {
  id: string;
  name: string;
  metric: "SALES" | "COMMISSION";
  threshold: number;
  bonusCents: number;
};

/** Awards one reached milestone (see `awardMilestones`); false when another run awarded it first. */
async function awardOne(
  db: PrismaClient,
  a: {
    milestone: MilestoneRow;
    promoter: {
      id: string;
      userId: string;
      displayName: string | null;
      user: { email: string; name: string | null };
    };
    values: MilestoneValues;
    milestones: MilestoneRow[];
  },
): Promise<boolean> {
  const { milestone: m, promoter: p } = a;
  const transactionId = milestoneTransactionId(m.id, p.id);
  return db.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`
      INSERT INTO "MilestoneAward" ("id", "milestoneId", "promoterId", "bonusCents", "transactionId", "awardedAt")
      VALUES (${`mla_${crypto.randomUUID()}`}, ${m.id}, ${p.id}, ${m.bonusCents}, ${transactionId}, now())
      ON CONFLICT DO NOTHING`;
    if (inserted === 0) return false;
    const bonus = formatCents(m.bonusCents, "usd");
    await postLedgerTransaction(tx, {
      transactionId,
      kind: "MILESTONE_BONUS",
      description: `Milestone bonus: ${m.name} (${bonus})`,
      lines: [
        { type: "PROMOTER_BALANCE", ownerId: p.id, amountCents: m.bonusCents },
        { type: "PLATFORM_PROMOTIONS", amountCents: -m.bonusCents },
      ],
    });
    const reachedText =
      m.metric === "SALES"
        ? `${m.threshold} released sale${m.threshold === 1 ? "" : "s"}`
        : `${formatCents(m.threshold, "usd")} released commission`;
    const next = a.milestones.find(
      (n) =>
        n.metric === m.metric &&
        n.threshold > m.threshold &&
        valueFor(n.metric, a.values).released < n.threshold,
    );
    const wrote = await notify(tx, {
      userId: p.userId,
      type: "milestone_reached",
      title: `Milestone reached: ${m.name} (+${bonus})`,
      body: `${reachedText}. The bonus is on your payable balance.`,
      href: "/dashboard/promoter",
      dedupeKey: transactionId,
    });
    if (wrote)
      await enqueueEmail(tx, {
        idempotencyKey: transactionId,
        to: p.user.email,
        template: "milestone-reached",
        props: {
          appUrl: apiEnv().APP_URL,
          name: p.displayName ?? p.user.name,
          milestoneName: m.name,
          bonusCents: m.bonusCents,
          reached: reachedText,
          next: next
            ? {
                name: next.name,
                gap: milestoneGapText({
                  metric: next.metric,
                  threshold: next.threshold,
                  awardedAt: null,
                  ...valueFor(next.metric, a.values),
                }),
              }
            : null,
        },
      });
    return true;
  });
}

/** Total paid in milestone bonuses, cents (for the admin page). */
export async function milestoneBonusTotals(
  db: Db,
): Promise<Map<string, { count: number; cents: number }>> {
  const rows = await db.$queryRaw<{ milestoneId: string; n: bigint; total: bigint }[]>`
    SELECT "milestoneId", COUNT(*) AS "n", SUM("bonusCents")::bigint AS "total"
    FROM "MilestoneAward" GROUP BY "milestoneId"`;
  return new Map(rows.map((r) => [r.milestoneId, { count: Number(r.n), cents: cents(r.total) }]));
}
