import type { PrismaClient, PromoterTier } from "@fanfare/db";
import { Prisma } from "@fanfare/db";
import type { UpsertTierInput } from "@fanfare/validators";
import { readTierPerks, ZDeleteTierInput, ZUpsertTierInput } from "@fanfare/validators";
import type { z } from "zod";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";

/** Who manages tiers: an admin (audited as the actor). */
export type TierActor = { userId: string };

/**
 * A tier as the admin page shows it: its rule, bonus, minimum, perks, API limit and how many
 * hold it.
 */
export type AdminTier = ReturnType<typeof toAdminTier>;

function toAdminTier(t: PromoterTier & { _count?: { promoters: number } }) {
  return {
    id: t.id,
    name: t.name,
    rank: t.rank,
    metric: t.metric,
    threshold: t.threshold,
    windowDays: t.windowDays,
    bonusBps: t.bonusBps,
    payoutMinimumCents: t.payoutMinimumCents,
    perks: readTierPerks(t.perks),
    apiRequestsPerHour: t.apiRequestsPerHour,
    promoterCount: t._count?.promoters ?? 0,
  };
}

/** What the audit log keeps of a tier (its rule and terms; no personal data). */
const auditOf = (t: PromoterTier) => ({
  name: t.name,
  rank: t.rank,
  metric: t.metric,
  threshold: t.threshold,
  windowDays: t.windowDays,
  bonusBps: t.bonusBps,
  payoutMinimumCents: t.payoutMinimumCents,
  perks: t.perks as Prisma.InputJsonValue,
  apiRequestsPerHour: t.apiRequestsPerHour,
});

/** The tiers, lowest rank first, each with the number of promoters holding it now. */
export async function listTiersForAdmin(db: PrismaClient): Promise<AdminTier[]> {
  const tiers = await db.promoterTier.findMany({
    orderBy: { rank: "asc" },
    include: { _count: { select: { promoters: true } } },
  });
  return tiers.map(toAdminTier);
}

/** The unique field a P2002 from `promoterTier` is about ("name" or "rank"), if it is one. */
function duplicateField(e: unknown): "name" | "rank" | null {
  if (!(e instanceof Prisma.PrismaClientKnownRequestError) || e.code !== "P2002") return null;
  const meta = JSON.stringify(e.meta ?? {});
  return meta.includes("rank") ? "rank" : meta.includes("name") ? "name" : null;
}

/**
 * Creates a tier, or replaces the rule, bonus, minimum and perks of the tier `id`, and its API
 * limit when given (`apiRequestsPerHour`: absent keeps it, null clears it to the program's);
 * audited (`tier.create` / `tier.update`, before and after). Promoters keep their tier until the
 * next recompute (daily, after their sales, or "Recompute now"); sales keep the bonus they were
 * made at. A changed API limit applies to the tier's promoters' keys from their next request.
 * @throws AppError NOT_FOUND (no tier `id`), CONFLICT with `field` "name" or "rank" when another
 *   tier has that name (case-insensitive) or rank.
 */
export async function upsertTier(
  input: UpsertTierInput,
  actor: TierActor,
  db: PrismaClient,
): Promise<AdminTier> {
  const { id, ...data } = ZUpsertTierInput.parse(input);
  try {
    return await db.$transaction(async (tx) => {
      const before = id ? await tx.promoterTier.findUnique({ where: { id } }) : null;
      if (id && !before) throw new AppError("NOT_FOUND", `Tier ${id} was not found.`);
      const clash = await tx.promoterTier.findFirst({
        where: {
          OR: [{ name: { equals: data.name, mode: "insensitive" } }, { rank: data.rank }],
          ...(id ? { NOT: { id } } : {}),
        },
      });
      if (clash) {
        const field = clash.rank === data.rank ? "rank" : "name";
        throw new AppError(
          "CONFLICT",
          field === "rank"
            ? `Cannot save tier "${data.name}": rank ${data.rank} is already tier "${clash.name}" (${clash.id}).`
            : `Cannot save tier "${data.name}": the name is already used by tier ${clash.id}.`,
          { field },
        );
      }
      const fields = { ...data, perks: data.perks as Prisma.InputJsonValue };
      const tier = id
        ? await tx.promoterTier.update({
            where: { id },
            data: fields,
            include: { _count: { select: { promoters: true } } },
          })
        : await tx.promoterTier.create({
            data: fields,
            include: { _count: { select: { promoters: true } } },
          });
      await writeAudit(tx, {
        actorId: actor.userId,
        action: before ? "tier.update" : "tier.create",
        subjectType: "tier",
        subjectId: tier.id,
        ...(before ? { before: auditOf(before) } : {}),
        after: auditOf(tier),
      });
      return toAdminTier(tier);
    });
  } catch (e) {
    // Two admins saving at once: the database's unique indexes decide.
    const field = duplicateField(e);
    if (field)
      throw new AppError(
        "CONFLICT",
        `Cannot save tier "${data.name}": another tier has this ${field}.`,
        { field, cause: e },
      );
    throw e;
  }
}

/**
 * Deletes a tier; audited (`tier.delete`, with how many promoters held it). Promoters holding it
 * are left with no tier (tierId null, by the foreign key) until the next recompute reassigns them;
 * their past sales keep the bonus they were made at.
 * @returns the deleted tier's id and the number of promoters that held it.
 * @throws AppError NOT_FOUND (no tier `id`).
 */
export async function deleteTier(
  input: z.input<typeof ZDeleteTierInput>,
  actor: TierActor,
  db: PrismaClient,
): Promise<{ id: string; promotersCleared: number }> {
  const { id } = ZDeleteTierInput.parse(input);
  return db.$transaction(async (tx) => {
    const tier = await tx.promoterTier.findUnique({ where: { id } });
    if (!tier) throw new AppError("NOT_FOUND", `Tier ${id} was not found.`);
    const promotersCleared = await tx.promoterProfile.count({ where: { tierId: id } });
    await tx.promoterTier.delete({ where: { id } });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "tier.delete",
      subjectType: "tier",
      subjectId: id,
      before: { ...auditOf(tier), promoters: promotersCleared },
    });
    return { id, promotersCleared };
  });
}
