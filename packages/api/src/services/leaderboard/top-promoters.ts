import { subDays } from "date-fns";

import type { PrismaClient } from "@fanfare/db";
import { ZLeaderboardInput } from "@fanfare/validators";
import type { z } from "zod";

import { promoterLabel } from "../artist/sales";

/**
 * Top promoters by commission earned (cents) over a period (week = last 7 days, month = last
 * 30 days, all = all time), counting commissions that are not cancelled. Privacy: a promoter
 * shows by display name only when they opted in (`showOnLeaderboard`), by initials otherwise.
 */
export async function getTopPromoters(raw: z.input<typeof ZLeaderboardInput>, db: PrismaClient, now = new Date()) {
  const input = ZLeaderboardInput.parse(raw);
  const since = input.period === "week" ? subDays(now, 7) : input.period === "month" ? subDays(now, 30) : null;
  const rows = await db.commission.groupBy({
    by: ["promoterId"],
    where: { status: { not: "CANCELLED" }, ...(since ? { createdAt: { gte: since } } : {}) },
    _sum: { amountCents: true },
    _count: true,
    orderBy: [{ _sum: { amountCents: "desc" } }, { promoterId: "asc" }],
    take: input.limit,
  });
  const profiles = await db.promoterProfile.findMany({
    where: { id: { in: rows.map((r) => r.promoterId) } },
    select: { id: true, displayName: true, showOnLeaderboard: true, user: { select: { name: true, email: true } } },
  });
  return rows.map((r, i) => {
    const p = profiles.find((x) => x.id === r.promoterId)!;
    const label = p.showOnLeaderboard ? promoterLabel(p) : promoterLabel({ displayName: null, user: { name: p.displayName ?? p.user.name, email: p.user.email } });
    return { rank: i + 1, promoterId: r.promoterId, label, earningsCents: r._sum.amountCents ?? 0, salesCount: r._count };
  });
}
