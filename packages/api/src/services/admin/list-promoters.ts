import type { Prisma, PrismaClient } from "@fanfare/db";
import { cents } from "@fanfare/db";
import type { AdminPromotersInput } from "@fanfare/validators";
import { ZAdminPromotersInput } from "@fanfare/validators";

import { likeLiteral } from "../shared/like";
import { pageArgs, paginate } from "../pagination";

/** The applications waiting for an admin's decision (issue 11 §2). */
const APPLICATIONS_WAITING = {
  status: "PENDING",
  appliedAt: { not: null },
} satisfies Prisma.PromoterProfileWhereInput;

/**
 * The program's promoters for the console (issue 11 §6): filtered by status and minimum fraud
 * score, searched by email, name or display name (case-insensitive substring), newest first, by
 * lifetime earnings (cents, net of reversals) or by fraud score; each with their standing, score (status, reason, when and by whom it last
 * changed), counters, the commissions on hold (count and cents) and their application (why,
 * where, when sent; null for promoters who joined an open program). With `applications`, only the
 * applications waiting for a decision (PENDING with `appliedAt`), oldest first. Cursor pages by id.
 */
export async function listPromotersForAdmin(raw: AdminPromotersInput, db: PrismaClient) {
  const input = ZAdminPromotersInput.parse(raw);
  // `%` and `_` typed into the search box are literal characters (`likeLiteral`).
  const q = input.query ? likeLiteral(input.query) : undefined;
  const where: Prisma.PromoterProfileWhereInput = {
    ...(input.applications ? APPLICATIONS_WAITING : input.status ? { status: input.status } : {}),
    ...(input.minScore != null ? { fraudScore: { gte: input.minScore } } : {}),
    ...(q
      ? {
          OR: [
            { displayName: { contains: q, mode: "insensitive" } },
            { user: { email: { contains: q, mode: "insensitive" } } },
            { user: { name: { contains: q, mode: "insensitive" } } },
          ],
        }
      : {}),
  };
  const rows = await db.promoterProfile.findMany({
    where,
    orderBy: input.applications
      ? [{ appliedAt: "asc" }, { id: "asc" }]
      : input.sort === "earnings"
        ? [{ earningsCents: "desc" }, { id: "desc" }]
        : input.sort === "score"
          ? [{ fraudScore: "desc" }, { id: "desc" }]
          : [{ createdAt: "desc" }, { id: "desc" }],
    ...pageArgs(input),
    include: { user: { select: { id: true, email: true, name: true } } },
  });
  const held = await db.commission.groupBy({
    by: ["promoterId"],
    where: { promoterId: { in: rows.map((r) => r.id) }, heldAt: { not: null } },
    _count: { _all: true },
    _sum: { amountCents: true, reversedCents: true },
  });
  const heldBy = new Map(held.map((h) => [h.promoterId, h]));
  const changers = await db.user.findMany({
    where: {
      id: {
        in: [...new Set(rows.map((r) => r.statusChangedById).filter((x): x is string => !!x))],
      },
    },
    select: { id: true, email: true },
  });
  const changerEmail = new Map(changers.map((u) => [u.id, u.email]));
  return paginate(rows, input, (p) => {
    const h = heldBy.get(p.id);
    return {
      id: p.id,
      createdAt: p.createdAt,
      user: p.user,
      displayName: p.displayName,
      status: p.status,
      statusReason: p.statusReason,
      statusChangedAt: p.statusChangedAt,
      statusChangedBy: p.statusChangedById ? (changerEmail.get(p.statusChangedById) ?? null) : null,
      clickCount: p.clickCount,
      salesCount: p.salesCount,
      earningsCents: cents(p.earningsCents),
      fraudScore: p.fraudScore,
      fraudScoredAt: p.fraudScoredAt,
      heldCommissions: h?._count._all ?? 0,
      heldCents: (h?._sum.amountCents ?? 0) - (h?._sum.reversedCents ?? 0),
      applicationPitch: p.applicationPitch,
      applicationChannels: p.applicationChannels,
      appliedAt: p.appliedAt,
    };
  });
}

/** How many applications wait for a decision (the console's Applications badge). */
export async function countApplications(db: PrismaClient): Promise<number> {
  return db.promoterProfile.count({ where: APPLICATIONS_WAITING });
}
