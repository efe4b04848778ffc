import type { Contest, PrismaClient } from "@fanfare/db";
import type { ContestMetric, UpsertContestInput } from "@fanfare/validators";
import { contestPlaces, ZUpsertContestInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { invalidatePublicPages, publicTags } from "../cache/public-pages";
import { leaderboardLabel } from "../leaderboard/label";
import { contestStandings } from "./standings";

/** A contest as the public pages and the console show it. */
export type ContestView = {
  id: string;
  name: string;
  description: string;
  metric: ContestMetric;
  startsAt: Date;
  endsAt: Date;
  prizeDescription: string;
  prizeCents: number[];
  /** How many places win (one per money prize, at least one). */
  places: number;
  status: Contest["status"];
  closedAt: Date | null;
  scope: {
    artistId: string | null;
    artistName: string | null;
    trackId: string | null;
    trackTitle: string | null;
  };
};

async function view(c: Contest, db: PrismaClient): Promise<ContestView> {
  const [artist, track] = await Promise.all([
    c.artistId
      ? db.artistProfile.findUnique({ where: { id: c.artistId }, select: { name: true } })
      : null,
    c.trackId ? db.track.findUnique({ where: { id: c.trackId }, select: { title: true } }) : null,
  ]);
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    metric: c.metric as ContestMetric,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    prizeDescription: c.prizeDescription,
    prizeCents: c.prizeCents,
    places: contestPlaces(c.prizeCents),
    status: c.status,
    closedAt: c.closedAt,
    scope: {
      artistId: c.artistId,
      artistName: artist?.name ?? null,
      trackId: c.trackId,
      trackTitle: track?.title ?? null,
    },
  };
}

/** A row of a public board: place, label (initials unless opted in), value, prize (closed). */
export type ContestBoardRow = { place: number; label: string; value: number; prizeCents: number };

/**
 * The public standings of a contest: while it runs (or before the job closed it), the live
 * ranking up to `now` (`contestStandings`, top `limit`); once CLOSED, the recorded winners with
 * their prizes (the ranking at the close, which later refunds never change).
 */
async function board(
  c: Contest,
  limit: number,
  now: Date,
  db: PrismaClient,
): Promise<{ rows: ContestBoardRow[]; entrants: number | null }> {
  if (c.status === "CLOSED") {
    const winners = await db.contestWinner.findMany({
      where: { contestId: c.id },
      orderBy: { place: "asc" },
      include: {
        promoter: {
          select: {
            displayName: true,
            showOnLeaderboard: true,
            user: { select: { name: true, email: true } },
          },
        },
      },
    });
    return {
      entrants: null,
      rows: winners.map((w) => ({
        place: w.place,
        label: leaderboardLabel(w.promoter),
        value: w.value,
        prizeCents: w.prizeCents,
      })),
    };
  }
  if (c.status !== "ACTIVE" || now < c.startsAt) return { rows: [], entrants: 0 };
  const s = await contestStandings(c, { asOf: now, limit }, db);
  return {
    entrants: s.entrants,
    rows: s.rows.map((r) => ({ place: r.place, label: r.label, value: r.value, prizeCents: 0 })),
  };
}

/**
 * `contest.list` (public, cacheable): the running contests with their live top 5, those starting
 * within 30 days, and those closed in the last 30 days with their winners; running first, then
 * upcoming by start, then closed, newest first. Nothing personal: promoters appear as the
 * leaderboard shows them (initials unless opted in).
 */
export async function listContests(db: PrismaClient, now = new Date()) {
  const month = 30 * 86_400_000;
  const contests = await db.contest.findMany({
    where: {
      OR: [
        { status: "ACTIVE" },
        { status: "SCHEDULED", startsAt: { lte: new Date(now.getTime() + month) } },
        { status: "CLOSED", closedAt: { gte: new Date(now.getTime() - month) } },
      ],
    },
    orderBy: [{ endsAt: "asc" }],
    take: 20,
  });
  const order = { ACTIVE: 0, SCHEDULED: 1, CLOSED: 2, CANCELLED: 3 } as const;
  contests.sort(
    (a, b) =>
      order[a.status] - order[b.status] ||
      (a.status === "CLOSED"
        ? b.endsAt.getTime() - a.endsAt.getTime()
        : a.endsAt.getTime() - b.endsAt.getTime()),
  );
  return Promise.all(
    contests.map(async (c) => ({ ...(await view(c, db)), ...(await board(c, 5, now, db)) })),
  );
}

/** How long `contest.list`'s answer is reused within a process, ms. */
const LIST_TTL_MS = 30_000;
const LIST_CACHE = Symbol.for("fanfare.contestListCache");
type ListCache = { at: number; db: PrismaClient; value: ReturnType<typeof listContests> };

/**
 * `listContests` as `contest.list` serves it: every promoter dashboard asks for it each minute,
 * and the live standings are a scan of the window's sales, so one answer is shared by every
 * caller of this process for up to 30 s (the same staleness the public pages allow). A failed
 * read is not kept.
 */
export function listContestsShared(db: PrismaClient, now = Date.now()) {
  const holder = globalThis as { [LIST_CACHE]?: ListCache };
  const hit = holder[LIST_CACHE];
  if (hit && hit.db === db && now - hit.at < LIST_TTL_MS) return hit.value;
  const value = listContests(db);
  holder[LIST_CACHE] = { at: now, db, value };
  value.catch(() => {
    if (holder[LIST_CACHE]?.value === value) delete holder[LIST_CACHE];
  });
  return value;
}

/**
 * `contest.get` (public, cacheable): one contest (not cancelled) with its top 20 live standings
 * or, once closed, its winners.
 * @throws AppError NOT_FOUND for an unknown or cancelled contest.
 */
export async function getContest(id: string, db: PrismaClient, now = new Date()) {
  const c = await db.contest.findUnique({ where: { id } });
  if (!c || c.status === "CANCELLED")
    throw new AppError("NOT_FOUND", `Contest ${id} was not found.`);
  return { ...(await view(c, db)), ...(await board(c, 20, now, db)) };
}

/**
 * `contest.me` (protected): where the signed-in user stands in one contest: their place, value
 * and the number of entrants, and what it takes to pass the entrant above (the difference plus
 * one: a tie goes to whoever reached the value first, the one above). `entered: false` when they
 * have no value yet (or no promoter profile). Live while the contest runs; once closed, a
 * winner's recorded place and value, anyone else's standing as of the end (`closed: true`).
 * @throws AppError NOT_FOUND for an unknown or cancelled contest.
 */
export async function myContestStanding(
  id: string,
  userId: string,
  db: PrismaClient,
  now = new Date(),
) {
  const c = await db.contest.findUnique({ where: { id } });
  if (!c || c.status === "CANCELLED")
    throw new AppError("NOT_FOUND", `Contest ${id} was not found.`);
  const profile = await db.promoterProfile.findUnique({ where: { userId }, select: { id: true } });
  const closed = c.status === "CLOSED";
  // A winner's place and value are the recorded ones (later refunds never change a result).
  const won =
    closed && profile
      ? await db.contestWinner.findUnique({
          where: { contestId_promoterId: { contestId: c.id, promoterId: profile.id } },
        })
      : null;
  const asOf = closed ? c.endsAt : now;
  const { rows, entrants } = profile
    ? await contestStandings(c, { asOf }, db)
    : { rows: [], entrants: 0 };
  if (won)
    return {
      entered: true as const,
      closed,
      entrants: Math.max(entrants, won.place),
      place: won.place,
      value: won.value,
      winning: true,
      toPass: null,
    };
  const i = rows.findIndex((r) => r.promoterId === profile?.id);
  if (i < 0) return { entered: false as const, closed, entrants };
  const me = rows[i]!;
  const above = i > 0 ? rows[i - 1]! : null;
  return {
    entered: true as const,
    closed,
    entrants,
    place: me.place,
    // Closed and not a winner: their final standing, never a winning place after the fact.
    winning: !closed && me.place <= contestPlaces(c.prizeCents),
    value: me.value,
    // The one above reached their value first (ties go to them): pass them with one more.
    toPass: above && !closed ? above.value - me.value + 1 : null,
  };
}

/** Contests for the console: every one, newest start first, with winners once closed. */
export async function listContestsForAdmin(db: PrismaClient, now = new Date()) {
  const contests = await db.contest.findMany({ orderBy: { startsAt: "desc" }, take: 200 });
  return Promise.all(
    contests.map(async (c) => ({ ...(await view(c, db)), ...(await board(c, 3, now, db)) })),
  );
}

/** What the audit log keeps of a contest. */
const auditOf = (c: Contest) => ({
  name: c.name,
  metric: c.metric,
  startsAt: c.startsAt.toISOString(),
  endsAt: c.endsAt.toISOString(),
  prizeCents: c.prizeCents,
  prizeDescription: c.prizeDescription,
  artistId: c.artistId,
  trackId: c.trackId,
  status: c.status,
});

/**
 * Creates a contest (SCHEDULED; the job starts it at `startsAt`), or changes contest `id`
 * (audited `contest.create` / `contest.update`). A scheduled contest may change in full; a
 * running one only its name, descriptions, prizes and end (the rule and the window's start stay,
 * so the standings mean the same); a closed or cancelled one not at all. The end must be in the
 * future. The scope names an existing artist or track.
 * @throws AppError NOT_FOUND (no contest `id`, artist or track), CONFLICT (closed or cancelled;
 *   a running contest's metric, start or scope), BAD_INPUT (`endsAt` in the past).
 */
export async function upsertContest(
  raw: UpsertContestInput,
  actor: { userId: string },
  db: PrismaClient,
  now = new Date(),
): Promise<ContestView> {
  const { id, ...data } = ZUpsertContestInput.parse(raw);
  if (data.endsAt <= now)
    throw new AppError("BAD_INPUT", "The end must be in the future.", { field: "endsAt" });
  if (data.artistId && !(await db.artistProfile.findUnique({ where: { id: data.artistId } })))
    throw new AppError("NOT_FOUND", `Artist ${data.artistId} was not found.`, {
      field: "artistId",
    });
  if (data.trackId && !(await db.track.findUnique({ where: { id: data.trackId } })))
    throw new AppError("NOT_FOUND", `Track ${data.trackId} was not found.`, { field: "trackId" });
  const saved = await db.$transaction(async (tx) => {
    const before = id
      ? (await tx.$queryRaw<Contest[]>`SELECT * FROM "Contest" WHERE "id" = ${id} FOR UPDATE`)[0]
      : undefined;
    if (id && !before) throw new AppError("NOT_FOUND", `Contest ${id} was not found.`);
    if (before && (before.status === "CLOSED" || before.status === "CANCELLED"))
      throw new AppError(
        "CONFLICT",
        `Contest "${before.name}" is ${before.status.toLowerCase()}: it can no longer change.`,
      );
    if (before?.status === "ACTIVE") {
      const locked: [string, boolean][] = [
        ["metric", data.metric !== before.metric],
        ["startsAt", data.startsAt.getTime() !== before.startsAt.getTime()],
        ["artistId", data.artistId !== before.artistId],
        ["trackId", data.trackId !== before.trackId],
      ];
      const changed = locked.find(([, c]) => c);
      if (changed)
        throw new AppError(
          "CONFLICT",
          `Contest "${before.name}" is running: its metric, start and scope stay as they are (change the end, prizes or words instead).`,
          { field: changed[0] },
        );
    }
    const c = before
      ? await tx.contest.update({ where: { id: before.id }, data })
      : await tx.contest.create({ data: { ...data, createdById: actor.userId } });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: before ? "contest.update" : "contest.create",
      subjectType: "contest",
      subjectId: c.id,
      ...(before ? { before: auditOf(before) } : {}),
      after: auditOf(c),
    });
    return c;
  });
  invalidatePublicPages([publicTags.contest(saved.id), publicTags.contests]);
  return view(saved, db);
}

/**
 * Cancels a scheduled or running contest (audited `contest.cancel`): no winners, no prizes; it
 * leaves the public pages.
 * @throws AppError NOT_FOUND, CONFLICT when it is already closed or cancelled.
 */
export async function cancelContest(
  id: string,
  actor: { userId: string },
  db: PrismaClient,
): Promise<ContestView> {
  const c = await db.$transaction(async (tx) => {
    const before = await tx.contest.findUnique({ where: { id } });
    if (!before) throw new AppError("NOT_FOUND", `Contest ${id} was not found.`);
    const { count } = await tx.contest.updateMany({
      where: { id, status: { in: ["SCHEDULED", "ACTIVE"] } },
      data: { status: "CANCELLED" },
    });
    if (count === 0)
      throw new AppError(
        "CONFLICT",
        `Contest "${before.name}" is ${before.status.toLowerCase()}: only a scheduled or running contest can be cancelled.`,
      );
    const after = await tx.contest.findUniqueOrThrow({ where: { id } });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "contest.cancel",
      subjectType: "contest",
      subjectId: id,
      before: auditOf(before),
      after: auditOf(after),
    });
    return after;
  });
  invalidatePublicPages([publicTags.contest(id), publicTags.contests]);
  return view(c, db);
}
