import type { Milestone, PrismaClient } from "@fanfare/db";
import { Prisma } from "@fanfare/db";
import type { AdminMilestone, UpsertMilestoneInput } from "@fanfare/validators";
import { ZUpsertMilestoneInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { milestoneBonusTotals } from "./award";
import { requestMilestoneAward } from "./schedule";

/** What the audit log keeps of a milestone (its rule and bonus). */
const auditOf = (m: Milestone) => ({
  name: m.name,
  description: m.description,
  metric: m.metric,
  threshold: m.threshold,
  bonusCents: m.bonusCents,
  active: m.active,
});

/**
 * The milestones (issue 13 §2) for the admin page, lowest threshold first per metric, each with
 * how many promoters reached it and the cents paid for it.
 */
export async function listMilestonesForAdmin(db: PrismaClient): Promise<AdminMilestone[]> {
  const [rows, totals] = await Promise.all([
    db.milestone.findMany({ orderBy: [{ metric: "desc" }, { threshold: "asc" }, { name: "asc" }] }),
    milestoneBonusTotals(db),
  ]);
  return rows.map((m) => ({
    id: m.id,
    name: m.name,
    description: m.description,
    metric: m.metric,
    threshold: m.threshold,
    bonusCents: m.bonusCents,
    active: m.active,
    awardCount: totals.get(m.id)?.count ?? 0,
    awardedCents: totals.get(m.id)?.cents ?? 0,
  }));
}

/**
 * Creates a milestone, or replaces the rule and bonus of milestone `id`; audited
 * (`milestone.create` / `milestone.update`). Awards already made keep the bonus they paid; a
 * changed bonus applies to awards from now on. An active milestone asks for a full award run at
 * once, so promoters who already qualify are paid within seconds (and the daily run catches any
 * missed).
 * @throws AppError NOT_FOUND (no milestone `id`), CONFLICT with `field` "name" when another
 *   milestone has that name (case-insensitive).
 */
export async function upsertMilestone(
  input: UpsertMilestoneInput,
  actor: { userId: string },
  db: PrismaClient,
): Promise<AdminMilestone> {
  const { id, ...data } = ZUpsertMilestoneInput.parse(input);
  const clashError = () =>
    new AppError(
      "CONFLICT",
      `Cannot save milestone "${data.name}": another milestone has this name.`,
      { field: "name" },
    );
  let saved: Milestone;
  try {
    saved = await db.$transaction(async (tx) => {
      const before = id ? await tx.milestone.findUnique({ where: { id } }) : null;
      if (id && !before) throw new AppError("NOT_FOUND", `Milestone ${id} was not found.`);
      const clash = await tx.milestone.findFirst({
        where: { name: { equals: data.name, mode: "insensitive" }, ...(id ? { NOT: { id } } : {}) },
        select: { id: true },
      });
      if (clash) throw clashError();
      const m = id
        ? await tx.milestone.update({ where: { id }, data })
        : await tx.milestone.create({ data });
      await writeAudit(tx, {
        actorId: actor.userId,
        action: before ? "milestone.update" : "milestone.create",
        subjectType: "milestone",
        subjectId: m.id,
        ...(before ? { before: auditOf(before) } : {}),
        after: auditOf(m),
      });
      return m;
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw clashError();
    throw e;
  }
  if (saved.active) await requestMilestoneAward(null, db);
  return (await listMilestonesForAdmin(db)).find((m) => m.id === saved.id)!;
}

/**
 * Deletes a milestone nobody reached yet; audited (`milestone.delete`). One with awards cannot be
 * deleted (its awards are the record of bonuses paid): deactivate it instead.
 * @throws AppError NOT_FOUND (no milestone `id`), CONFLICT when promoters reached it.
 */
export async function deleteMilestone(
  input: { id: string },
  actor: { userId: string },
  db: PrismaClient,
): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const m = await tx.milestone.findUnique({
      where: { id: input.id },
      include: { _count: { select: { awards: true } } },
    });
    if (!m) throw new AppError("NOT_FOUND", `Milestone ${input.id} was not found.`);
    if (m._count.awards > 0)
      throw new AppError(
        "CONFLICT",
        `Milestone "${m.name}" was reached by ${m._count.awards} promoter(s) and its bonuses are in the ledger: deactivate it instead of deleting it.`,
      );
    await tx.milestone.delete({ where: { id: m.id } });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "milestone.delete",
      subjectType: "milestone",
      subjectId: m.id,
      before: auditOf(m),
    });
    return { id: m.id };
  });
}
