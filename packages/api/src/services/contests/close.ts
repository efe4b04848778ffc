import type { Contest, PrismaClient } from "@fanfare/db";
import { contestPlaces, formatCents, formatContestValue } from "@fanfare/validators";
import type { ContestMetric } from "@fanfare/validators";

import { invalidatePublicPages, publicTags } from "../cache/public-pages";
import { enqueueEmail } from "../email/outbox";
import { apiEnv } from "../env";
import { postLedgerTransaction } from "../ledger/post-transaction";
import { notify } from "../notifications/notify";
import { requestBadgeAward } from "../badges/schedule";
import { contestStandings } from "./standings";

/** The transaction id of a contest prize: once per contest and place. */
export const contestPrizeTransactionId = (contestId: string, place: number) =>
  `contest:${contestId}:${place}`;

/** The public results page of a contest. */
export const contestPath = (id: string) => `/contests/${id}`;

/** What one run of `tickContests` did. */
export type ContestTickResult = {
  started: number;
  closed: number;
  /** Money prizes paid, and their total in cents. */
  prizes: number;
  prizesCents: number;
};

/**
 * The `contests.tick` job (issue 13 §5), every minute: starts each SCHEDULED contest whose start
 * has passed (ACTIVE; every ACTIVE promoter gets a `contest_started` notification once) and closes
 * each ACTIVE one whose end has passed (`closeContest`). Idempotent: a transition is a conditional
 * update, so overlapping runs start or close a contest once.
 */
export async function tickContests(
  input: { now?: Date },
  db: PrismaClient,
): Promise<ContestTickResult> {
  const now = input.now ?? new Date();
  const result: ContestTickResult = { started: 0, closed: 0, prizes: 0, prizesCents: 0 };
  const due = await db.contest.findMany({
    where: {
      OR: [
        { status: "SCHEDULED", startsAt: { lte: now } },
        { status: "ACTIVE", endsAt: { lte: now } },
      ],
    },
    orderBy: { endsAt: "asc" },
  });
  for (const c of due) {
    if (c.status === "SCHEDULED" && c.endsAt > now) {
      if (await startContest(c, now, db)) result.started++;
    } else {
      // A contest whose whole window passed while nothing ran is started and closed at once.
      const closed = await closeContest(c.id, now, db);
      if (closed) {
        result.closed++;
        result.prizes += closed.prizes;
        result.prizesCents += closed.prizesCents;
      }
    }
  }
  return result;
}

/** SCHEDULED → ACTIVE, and each ACTIVE promoter notified once (one statement); false: raced. */
async function startContest(c: Contest, now: Date, db: PrismaClient): Promise<boolean> {
  const started = await db.$transaction(async (tx) => {
    const { count } = await tx.contest.updateMany({
      where: { id: c.id, status: "SCHEDULED" },
      data: { status: "ACTIVE" },
    });
    if (count === 0) return false;
    const title = `Contest started: ${c.name}`;
    const body = `Ends ${c.endsAt.toISOString().slice(0, 16).replace("T", " ")} UTC.${c.prizeDescription ? ` Prize: ${c.prizeDescription}` : ""}`;
    await tx.$executeRaw`
      INSERT INTO "Notification" ("id", "userId", "type", "title", "body", "href", "dedupeKey", "createdAt")
      SELECT 'ntf_' || md5(random()::text || u."id"), u."id", 'contest_started', ${title}, ${body.slice(0, 500)},
        ${contestPath(c.id)}, ${`contest-start:${c.id}`}, ${now}
      FROM "PromoterProfile" p JOIN "User" u ON u."id" = p."userId"
      WHERE p."status" = 'ACTIVE' AND NOT ('contest_started' = ANY (COALESCE(u."mutedNotificationTypes", ARRAY[]::text[])))
      ON CONFLICT ("userId", "dedupeKey") DO NOTHING`;
    return true;
  });
  if (started) invalidatePublicPages([publicTags.contest(c.id)]);
  return started;
}

/**
 * Closes one contest (issue 13 §5): in one transaction, ACTIVE (or SCHEDULED past its end) →
 * CLOSED by a conditional update (exactly one closer however many runs race), then ranks the
 * entrants as of the end (`contestStandings`: refunds before the close excluded, a tie to who
 * reached the value first), records the winners (`ContestWinner`, the first
 * `max(1, prizeCents.length)` places), pays each place's money prize from PLATFORM_PROMOTIONS to
 * the winner's payable balance (CONTEST_PRIZE transaction `contest:<id>:<place>`, payable at once,
 * never reversed automatically), and emails and notifies every entrant their place (winners
 * first). No eligible entrant: no winner and no prize. After the commit, winners' badges are
 * requested and the contest's public page is revalidated.
 * @returns what was paid, or null when the contest was not open (already closed, cancelled,
 *   missing).
 */
export async function closeContest(
  id: string,
  now: Date,
  db: PrismaClient,
): Promise<{ winners: number; entrants: number; prizes: number; prizesCents: number } | null> {
  const out = await db.$transaction(
    async (tx) => {
      const [c] = await tx.$queryRaw<Contest[]>`
        UPDATE "Contest" SET "status" = 'CLOSED', "closedAt" = ${now}, "updatedAt" = ${now}
        WHERE "id" = ${id} AND "status" IN ('ACTIVE', 'SCHEDULED') AND "endsAt" <= ${now}
        RETURNING *`;
      if (!c) return null;
      const metric = c.metric as ContestMetric;
      const { rows, entrants } = await contestStandings(c, { asOf: c.endsAt }, tx);
      const places = contestPlaces(c.prizeCents);
      const promoters = new Map(
        (
          await tx.promoterProfile.findMany({
            where: { id: { in: rows.map((r) => r.promoterId) } },
            select: {
              id: true,
              userId: true,
              displayName: true,
              user: { select: { email: true, name: true } },
            },
          })
        ).map((p) => [p.id, p]),
      );
      let prizes = 0;
      let prizesCents = 0;
      for (const r of rows) {
        const p = promoters.get(r.promoterId)!;
        const won = r.place <= places;
        const prize = won ? (c.prizeCents[r.place - 1] ?? 0) : 0;
        if (won) {
          const transactionId = prize > 0 ? contestPrizeTransactionId(c.id, r.place) : null;
          await tx.contestWinner.create({
            data: {
              contestId: c.id,
              place: r.place,
              promoterId: r.promoterId,
              value: r.value,
              reachedAt: r.reachedAt,
              prizeCents: prize,
              transactionId,
            },
          });
          if (transactionId) {
            await postLedgerTransaction(tx, {
              transactionId,
              kind: "CONTEST_PRIZE",
              description: `Contest prize: ${c.name}, place ${r.place} (${formatCents(prize, "usd")})`,
              lines: [
                { type: "PROMOTER_BALANCE", ownerId: r.promoterId, amountCents: prize },
                { type: "PLATFORM_PROMOTIONS", amountCents: -prize },
              ],
            });
            prizes++;
            prizesCents += prize;
          }
        }
        const value = formatContestValue(metric, r.value);
        const key = `contest-result:${c.id}:${r.promoterId}`;
        const wrote = await notify(tx, {
          userId: p.userId,
          type: "contest_result",
          title: won
            ? `You won place ${r.place} in ${c.name}${prize > 0 ? ` (+${formatCents(prize, "usd")})` : ""}`
            : `${c.name} is over: you finished #${r.place} of ${entrants}`,
          body: `Your result: ${value}.`,
          href: contestPath(c.id),
          dedupeKey: key,
        });
        if (wrote)
          await enqueueEmail(tx, {
            idempotencyKey: key,
            to: p.user.email,
            template: "contest-result",
            props: {
              appUrl: apiEnv().APP_URL,
              name: p.displayName ?? p.user.name,
              contestName: c.name,
              place: r.place,
              entrants,
              won,
              value,
              prizeCents: prize,
              prizeDescription: c.prizeDescription,
              resultsPath: contestPath(c.id),
            },
          });
      }
      return {
        winners: Math.min(places, rows.length),
        entrants,
        prizes,
        prizesCents,
        winnerIds: rows.slice(0, places).map((r) => r.promoterId),
      };
    },
    { maxWait: 30_000, timeout: 300_000 },
  );
  if (!out) return null;
  await requestBadgeAward(out.winnerIds, db);
  invalidatePublicPages([publicTags.contest(id)]);
  return {
    winners: out.winners,
    entrants: out.entrants,
    prizes: out.prizes,
    prizesCents: out.prizesCents,
  };
}
