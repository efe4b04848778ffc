import type { Contest, Prisma, PrismaClient } from "@fanfare/db";
import { cents, Prisma as P } from "@fanfare/db";
import type { ContestMetric } from "@fanfare/validators";

import { leaderboardLabel } from "../leaderboard/label";

type Db = PrismaClient | Prisma.TransactionClient;

/** One entrant of a contest, ranked. */
export type ContestStanding = {
  /** 1 = first. */
  place: number;
  promoterId: string;
  /** Initials unless the promoter opted in to their name (the leaderboard's privacy rule). */
  label: string;
  /** Sales, commission cents or counted clicks in the window. */
  value: number;
  /** When they reached that value: their last counted sale or click in the window. */
  reachedAt: Date;
};

/** The longest a Checkout Session stays open (Stripe: 24 hours): a sale completes within it. */
const CHECKOUT_MAX_MS = 24 * 3_600_000;

/**
 * Ranks a contest's entrants (issue 13 §5) as of `asOf` (the close, or now while running): every
 * ACTIVE promoter with a positive value over [startsAt, min(endsAt, asOf)), in the contest's
 * scope (an artist's tracks, one track, or all). Values:
 * - sales: sales completed in the window and not fully reversed by then (a sale refunded or lost
 *   to a dispute before the close does not count; a partial refund still counts as a sale), whose
 *   commission was not rejected;
 * - earnings: the commission of those sales, cents, net of partial refunds;
 * - clicks: counted clicks on the promoter's links in the window.
 * Order: value descending; a tie goes to the entrant who reached the value first (the time of
 * their last counted sale or click); then promoter id. The sale scan is bounded by the
 * `(status, createdAt)` index: a sale completes within 24 hours of its checkout starting.
 * @param limit the rows returned (all entrants when absent).
 * @returns the ranked rows and the number of entrants.
 */
export async function contestStandings(
  contest: Pick<Contest, "metric" | "startsAt" | "endsAt" | "artistId" | "trackId">,
  opts: { asOf: Date; limit?: number },
  db: Db,
): Promise<{ rows: ContestStanding[]; entrants: number }> {
  const end = new Date(Math.min(contest.endsAt.getTime(), opts.asOf.getTime()));
  const start = contest.startsAt;
  if (end <= start) return { rows: [], entrants: 0 };
  const metric = contest.metric as ContestMetric;
  const scope = P.sql`(${contest.artistId}::text IS NULL OR t."artistId" = ${contest.artistId}::text)
    AND (${contest.trackId}::text IS NULL OR t."id" = ${contest.trackId}::text)`;
  const values =
    metric === "clicks"
      ? P.sql`
        SELECT l."promoterId", COUNT(*)::bigint AS "value", MAX(e."createdAt") AS "reachedAt"
        FROM "ClickEvent" e JOIN "AffiliateLink" l ON l."id" = e."linkId" JOIN "Track" t ON t."id" = e."trackId"
        WHERE e."counted" AND e."createdAt" >= ${start} AND e."createdAt" < ${end} AND ${scope}
        GROUP BY l."promoterId"`
      : P.sql`
        SELECT s."promoterId",
          ${metric === "sales" ? P.sql`COUNT(*)` : P.sql`SUM(c."amountCents" - c."reversedCents")`}::bigint AS "value",
          MAX(s."completedAt") AS "reachedAt"
        FROM "Sale" s JOIN "Commission" c ON c."saleId" = s."id" JOIN "Track" t ON t."id" = s."trackId"
        WHERE s."status" = 'COMPLETED' AND s."createdAt" >= ${new Date(start.getTime() - CHECKOUT_MAX_MS)}
          AND s."createdAt" < ${end} AND s."completedAt" >= ${start} AND s."completedAt" < ${end}
          AND s."reversedCents" < s."amountCents" AND c."status" <> 'REJECTED' AND ${scope}
        GROUP BY s."promoterId"`;
  const rows = await db.$queryRaw<
    {
      promoterId: string;
      value: bigint;
      reachedAt: Date;
      displayName: string | null;
      showOnLeaderboard: boolean;
      name: string | null;
      email: string;
      entrants: bigint;
    }[]
  >`
    WITH v AS (${values})
    SELECT v."promoterId", v."value", v."reachedAt", p."displayName", p."showOnLeaderboard", u."name", u."email",
      COUNT(*) OVER () AS "entrants"
    FROM v JOIN "PromoterProfile" p ON p."id" = v."promoterId" JOIN "User" u ON u."id" = p."userId"
    WHERE v."value" > 0 AND p."status" = 'ACTIVE'
    ORDER BY v."value" DESC, v."reachedAt" ASC, v."promoterId" ASC
    LIMIT ${opts.limit ?? 1_000_000}::int`;
  return {
    entrants: rows.length ? Number(rows[0]!.entrants) : 0,
    rows: rows.map((r, i) => ({
      place: i + 1,
      promoterId: r.promoterId,
      label: leaderboardLabel({
        displayName: r.displayName,
        showOnLeaderboard: r.showOnLeaderboard,
        user: { name: r.name, email: r.email },
      }),
      value: cents(r.value),
      reachedAt: r.reachedAt,
    })),
  };
}
