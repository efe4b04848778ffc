import type { Campaign, Prisma, PrismaClient } from "@fanfare/db";
import type {
  CampaignPeriodStats,
  CampaignScopeName,
  CampaignStats,
  CreateCampaignInput,
  LiveCampaign,
  UpdateCampaignInput,
} from "@fanfare/validators";
import {
  campaignEditable,
  campaignProblems,
  campaignTransition,
  ZCampaignActionInput,
  ZCampaignStatsInput,
  ZCreateCampaignInput,
  ZListCampaignsInput,
  ZUpdateCampaignInput,
} from "@fanfare/validators";
import type { z } from "zod";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { invalidatePublicPages } from "../cache/public-pages";
import { pageArgs, paginate } from "../pagination";
import { campaignPageTags, campaignTrackWhere } from "./scope";
import { liveCampaignsWhere } from "./terms";

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Who runs campaigns (issue 12 §3): an admin (any scope; the campaign is the platform's, a claim
 * on the platform fee) or an artist (their own tracks; funded by their share).
 */
export type CampaignActor = { userId: string; isAdmin: boolean; artistId: string | null };

/** A campaign as its owner's list shows it: the row, its owner's and scope's names, its tracks. */
export type CampaignRow = Campaign & {
  /** The artist running it; null for a platform campaign. */
  ownerName: string | null;
  /** ARTIST scope: the name of the artist whose tracks it covers. */
  scopeArtistName: string | null;
  /** TRACKS scope: the chosen tracks (those that still exist), in the order chosen. */
  tracks: { id: string; title: string; slug: string }[];
};

/** The campaigns `actor` manages: every one for an admin, the artist's own otherwise. */
function managedBy(actor: CampaignActor): Prisma.CampaignWhereInput {
  if (actor.isAdmin) return {};
  if (!actor.artistId) throw new AppError("FORBIDDEN", "Only artists and admins manage campaigns.");
  return { artistId: actor.artistId };
}

/** Throws the first rule a campaign breaks (`campaignProblems`) as BAD_INPUT on its field. */
function assertCampaignRules(v: Parameters<typeof campaignProblems>[0], now: Date): void {
  const [problem] = campaignProblems(v, now);
  if (problem) throw new AppError("BAD_INPUT", problem.message, { field: problem.field });
}

/**
 * Checks what a campaign owned by `ownerArtistId` (null: the platform's) may cover and returns
 * the stored scope: an artist's campaign covers the artist's own tracks only (ARTIST = the artist
 * themselves, TRACKS = tracks of theirs); a platform campaign any (ARTIST needs an existing
 * artist, TRACKS existing tracks).
 * @throws AppError FORBIDDEN (an artist asking for the platform, another artist or another
 *   artist's track), BAD_INPUT (no or an unknown artist, an unknown track).
 */
async function checkScope(
  v: { scope: CampaignScopeName; artistId?: string | null; trackIds: string[] },
  ownerArtistId: string | null,
  db: Db,
): Promise<{ scopeArtistId: string | null; trackIds: string[] }> {
  switch (v.scope) {
    case "PLATFORM":
      if (ownerArtistId)
        throw new AppError("FORBIDDEN", "Only admins run platform-wide campaigns.", {
          field: "scope",
        });
      return { scopeArtistId: null, trackIds: [] };
    case "ARTIST": {
      if (ownerArtistId) {
        if (v.artistId && v.artistId !== ownerArtistId)
          throw new AppError("FORBIDDEN", "You can only run campaigns on your own tracks.", {
            field: "artistId",
          });
        return { scopeArtistId: ownerArtistId, trackIds: [] };
      }
      if (!v.artistId)
        throw new AppError("BAD_INPUT", "Choose the artist whose tracks the campaign covers.", {
          field: "artistId",
        });
      const artist = await db.artistProfile.findUnique({
        where: { id: v.artistId },
        select: { id: true },
      });
      if (!artist)
        throw new AppError("BAD_INPUT", `No such artist: ${v.artistId}.`, { field: "artistId" });
      return { scopeArtistId: artist.id, trackIds: [] };
    }
    case "TRACKS": {
      const ids = [...new Set(v.trackIds)];
      const tracks = await db.track.findMany({
        where: { id: { in: ids }, deletedAt: null },
        select: { id: true, artistId: true },
      });
      const foreign = ids.filter(
        (id) =>
          !tracks.some((t) => t.id === id && (!ownerArtistId || t.artistId === ownerArtistId)),
      );
      if (foreign.length)
        throw ownerArtistId
          ? new AppError(
              "FORBIDDEN",
              `You can only run campaigns on your own tracks (${foreign.join(", ")} is not yours).`,
              { field: "trackIds" },
            )
          : new AppError("BAD_INPUT", `No such track: ${foreign.join(", ")}.`, {
              field: "trackIds",
            });
      return { scopeArtistId: null, trackIds: ids };
    }
  }
}

/** The names of the owners and scope artists of `rows`, by artist id. */
async function artistNamesOf(rows: Campaign[], db: Db): Promise<Map<string, string>> {
  const ids = [
    ...new Set(rows.flatMap((c) => [c.artistId, c.scopeArtistId]).filter((x): x is string => !!x)),
  ];
  if (ids.length === 0) return new Map();
  const artists = await db.artistProfile.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true },
  });
  return new Map(artists.map((a) => [a.id, a.name]));
}

/** Adds the owner's and scope artist's names and the chosen tracks to campaign rows. */
async function toRows(rows: Campaign[], db: Db): Promise<CampaignRow[]> {
  const trackIds = [...new Set(rows.flatMap((c) => c.trackIds))];
  const [artistName, tracks] = await Promise.all([
    artistNamesOf(rows, db),
    trackIds.length
      ? db.track.findMany({
          where: { id: { in: trackIds } },
          select: { id: true, title: true, slug: true },
        })
      : [],
  ]);
  const track = new Map(tracks.map((t) => [t.id, t]));
  return rows.map((c) => ({
    ...c,
    ownerName: c.artistId ? (artistName.get(c.artistId) ?? null) : null,
    scopeArtistName: c.scopeArtistId ? (artistName.get(c.scopeArtistId) ?? null) : null,
    tracks: c.trackIds.flatMap((id) => {
      const t = track.get(id);
      return t ? [t] : [];
    }),
  }));
}

/** The campaign `id` among those `actor` manages, locked for the transaction. */
async function lockManagedCampaign(
  tx: Prisma.TransactionClient,
  id: string,
  actor: CampaignActor,
): Promise<Campaign> {
  const where = managedBy(actor);
  // The job moves statuses concurrently: an owner's change and the job's wait for each other.
  await tx.$queryRaw`SELECT "id" FROM "Campaign" WHERE "id" = ${id} FOR UPDATE`;
  const row = await tx.campaign.findFirst({ where: { id, ...where } });
  if (!row) throw new AppError("NOT_FOUND", `Campaign ${id} does not exist.`);
  return row;
}

/** Whether the campaign's window holds `now` and its status lets it apply (`liveCampaignsWhere`). */
const isLive = (c: Campaign, now: Date) =>
  c.status !== "DRAFT" && c.status !== "CANCELLED" && c.startsAt <= now && c.endsAt > now;

/**
 * Creates a campaign as a DRAFT (issue 12 §3): nothing applies until its owner schedules it.
 * An admin's campaign is the platform's (`artistId` null: its boost is a claim on the platform
 * fee, its discount comes from the fee) and may cover the platform, one artist (`artistId` of the
 * input) or chosen tracks; an artist's campaign (`artistId` = theirs, funded by their share)
 * covers their own tracks: all of them (ARTIST) or chosen ones (TRACKS). Audited.
 * @param now the clock for the window rules (ends in the future).
 * @throws AppError BAD_INPUT (the campaign rules, `campaignProblems`; an unknown artist or
 *   track), FORBIDDEN (neither artist nor admin; an artist asking for the platform scope,
 *   another artist or another artist's track).
 */
export async function createCampaign(
  raw: CreateCampaignInput,
  actor: CampaignActor,
  db: PrismaClient,
  now: Date = new Date(),
): Promise<CampaignRow> {
  const input = ZCreateCampaignInput.parse(raw);
  if (!actor.isAdmin && !actor.artistId)
    throw new AppError("FORBIDDEN", "Only artists and admins run campaigns.");
  assertCampaignRules(input, now);
  const owner = actor.isAdmin ? null : actor.artistId;
  const scope = await checkScope(input, owner, db);
  const created = await db.$transaction(async (tx) => {
    const c = await tx.campaign.create({
      data: {
        name: input.name,
        description: input.description,
        artistId: owner,
        scope: input.scope,
        scopeArtistId: scope.scopeArtistId,
        trackIds: scope.trackIds,
        commissionBps: input.commissionBps ?? null,
        discountBps: input.discountBps ?? null,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        createdById: actor.userId,
      },
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "campaign.create",
      subjectType: "campaign",
      subjectId: c.id,
      after: auditState(c),
    });
    return c;
  });
  return (await toRows([created], db))[0]!;
}

/** What the audit log keeps of a campaign (JSON; dates as ISO strings). */
const auditState = (c: Partial<Campaign>): Prisma.InputJsonValue =>
  JSON.parse(JSON.stringify(c)) as Prisma.InputJsonValue;

const AUDITED_FIELDS = [
  "name",
  "description",
  "scope",
  "scopeArtistId",
  "trackIds",
  "commissionBps",
  "discountBps",
  "startsAt",
  "endsAt",
] as const satisfies readonly (keyof Campaign)[];

/**
 * Edits a campaign that has not started: a DRAFT, or a SCHEDULED one before its `startsAt`
 * (once a campaign may have applied to a sale its terms stay as they were). The campaign after
 * the change must pass the create rules, checked against its owner (an admin editing an
 * artist's campaign keeps it to that artist's tracks). Audited with the fields before and after.
 * @throws AppError NOT_FOUND (no such campaign among those the actor manages), CONFLICT (started,
 *   completed or cancelled), BAD_INPUT / FORBIDDEN (as `createCampaign`).
 */
export async function updateCampaign(
  raw: UpdateCampaignInput,
  actor: CampaignActor,
  db: PrismaClient,
  now: Date = new Date(),
): Promise<CampaignRow> {
  const { id, ...changes } = ZUpdateCampaignInput.parse(raw);
  const after = await db.$transaction(async (tx) => {
    const before = await lockManagedCampaign(tx, id, actor);
    const started = before.status !== "DRAFT" && before.startsAt <= now;
    if (!campaignEditable(before.status) || started)
      throw new AppError(
        "CONFLICT",
        `Campaign ${id} cannot be edited: it is ${before.status === "SCHEDULED" ? "already running" : before.status.toLowerCase()}. Only drafts and scheduled campaigns that have not started can be edited.`,
      );
    const pick = <K extends keyof typeof changes, V>(key: K, stored: V) =>
      changes[key] !== undefined ? (changes[key] as V) : stored;
    const scopeName = pick("scope", before.scope);
    const merged = {
      scope: scopeName,
      artistId: pick("artistId", before.scopeArtistId),
      trackIds: pick("trackIds", scopeName === before.scope ? before.trackIds : []),
      commissionBps: pick("commissionBps", before.commissionBps),
      discountBps: pick("discountBps", before.discountBps),
      startsAt: pick("startsAt", before.startsAt),
      endsAt: pick("endsAt", before.endsAt),
    };
    assertCampaignRules(merged, now);
    const scope = await checkScope(merged, before.artistId, tx);
    const updated = await tx.campaign.update({
      where: { id },
      data: {
        name: changes.name ?? before.name,
        description: changes.description ?? before.description,
        scope: merged.scope,
        scopeArtistId: scope.scopeArtistId,
        trackIds: scope.trackIds,
        commissionBps: merged.commissionBps ?? null,
        discountBps: merged.discountBps ?? null,
        startsAt: merged.startsAt,
        endsAt: merged.endsAt,
      },
    });
    const changed = AUDITED_FIELDS.filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(updated[k]),
    );
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "campaign.update",
      subjectType: "campaign",
      subjectId: id,
      before: auditState(Object.fromEntries(changed.map((k) => [k, before[k]]))),
      after: auditState(Object.fromEntries(changed.map((k) => [k, updated[k]]))),
    });
    return updated;
  });
  return (await toRows([after], db))[0]!;
}

/**
 * The owner's moves (`campaignTransition`): "schedule" publishes a DRAFT (SCHEDULED; from its
 * `startsAt` it applies to sales, and the next `campaigns.tick` makes it ACTIVE and tells the
 * promoters — at once when `startsAt` has passed); "cancel" stops a DRAFT, SCHEDULED or ACTIVE
 * campaign for good (sales already made keep their terms). Cancelling a live campaign expires
 * the public pages that showed it. Audited.
 * @throws AppError NOT_FOUND (no such campaign among those the actor manages), CONFLICT (the
 *   move does not apply to the status; scheduling a campaign whose end has passed).
 */
export async function campaignAction(
  raw: z.input<typeof ZCampaignActionInput>,
  actor: CampaignActor,
  db: PrismaClient,
  now: Date = new Date(),
): Promise<CampaignRow> {
  const { id, action } = ZCampaignActionInput.parse(raw);
  const { before, after } = await db.$transaction(async (tx) => {
    const before = await lockManagedCampaign(tx, id, actor);
    const to = campaignTransition(before.status, action);
    if (!to)
      throw new AppError(
        "CONFLICT",
        `Cannot ${action} campaign ${id}: it is ${before.status.toLowerCase()}.`,
      );
    if (action === "schedule" && before.endsAt <= now)
      throw new AppError(
        "CONFLICT",
        `Cannot schedule campaign ${id}: it ended on ${before.endsAt.toISOString()}. Change its dates first.`,
      );
    const after = await tx.campaign.update({ where: { id }, data: { status: to } });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: `campaign.${action}`,
      subjectType: "campaign",
      subjectId: id,
      before: { status: before.status },
      after: { status: to },
    });
    return { before, after };
  });
  if (action === "cancel" && isLive(before, now))
    invalidatePublicPages(await campaignPageTags(before, db));
  return (await toRows([after], db))[0]!;
}

/**
 * The campaigns `actor` manages (an admin: every campaign, artists' included; an artist: their
 * own), newest first, optionally of one status; cursor pages (`ZPageInput`).
 * @throws AppError FORBIDDEN (neither artist nor admin).
 */
export async function listCampaigns(
  raw: z.input<typeof ZListCampaignsInput>,
  actor: CampaignActor,
  db: PrismaClient,
) {
  const input = ZListCampaignsInput.parse(raw);
  const rows = await db.campaign.findMany({
    where: { ...managedBy(actor), ...(input.status ? { status: input.status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...pageArgs(input),
  });
  const page = paginate(rows, input, (c) => c);
  return { items: await toRows(page.items, db), nextCursor: page.nextCursor };
}

/** One period's clicks and completed sales on the tracks `tracks` selects, [from, to). */
async function periodStats(
  db: PrismaClient,
  tracks: Prisma.TrackWhereInput,
  from: Date,
  to: Date,
): Promise<CampaignPeriodStats> {
  const onTracks = Object.keys(tracks).length ? { track: tracks } : {};
  const [clicks, sales] = await Promise.all([
    db.clickEvent.count({
      where: { counted: true, createdAt: { gte: from, lt: to }, ...onTracks },
    }),
    db.sale.aggregate({
      where: { status: "COMPLETED", createdAt: { gte: from, lt: to }, ...onTracks },
      _count: { _all: true },
      _sum: { amountCents: true, commissionCents: true, discountCents: true },
    }),
  ]);
  return {
    from,
    to,
    clicks,
    sales: sales._count._all,
    revenueCents: sales._sum.amountCents ?? 0,
    commissionCents: sales._sum.commissionCents ?? 0,
    discountCents: sales._sum.discountCents ?? 0,
  };
}

/**
 * A campaign's figures (issue 12 §3: "clicks, sales, revenue, commission paid, discount given,
 * compared with the same length of time before"), on the tracks it covers
 * (`campaignTrackWhere`):
 * - `current`: [startsAt, min(endsAt, now)) — empty before the start;
 * - `previous`: the period of the same length that ends at `startsAt`.
 * Clicks are counted clicks (`ClickEvent.counted`). Sales are COMPLETED sales (a sale refunded in
 * full is REFUNDED and left out) whose checkout started in the period, the moment the campaign's
 * terms applied; revenue is what buyers paid (`amountCents`), commission the sales'
 * `commissionCents`, discount their `discountCents` (from codes or campaigns), all in cents.
 * Every sale on those tracks counts, whether or not this campaign changed its terms.
 * @throws AppError NOT_FOUND (no such campaign among those the actor manages), FORBIDDEN.
 */
export async function campaignStats(
  raw: z.input<typeof ZCampaignStatsInput>,
  actor: CampaignActor,
  db: PrismaClient,
  now: Date = new Date(),
): Promise<CampaignStats> {
  const { id } = ZCampaignStatsInput.parse(raw);
  const c = await db.campaign.findFirst({ where: { id, ...managedBy(actor) } });
  if (!c) throw new AppError("NOT_FOUND", `Campaign ${id} does not exist.`);
  const from = c.startsAt;
  const to = new Date(Math.max(from.getTime(), Math.min(c.endsAt.getTime(), now.getTime())));
  const before = new Date(from.getTime() - (to.getTime() - from.getTime()));
  const tracks = campaignTrackWhere(c);
  const [current, previous] = await Promise.all([
    periodStats(db, tracks, from, to),
    periodStats(db, tracks, before, from),
  ]);
  return { campaignId: c.id, current, previous };
}

/** How many live campaigns `liveCampaigns` returns at most (the soonest ending first). */
export const LIVE_CAMPAIGNS_LIMIT = 50;

/**
 * The campaigns live at `now` for display (track pages, discover, the promoter dashboard): with
 * `trackId`, those covering that published track (`liveCampaignsWhere`, the rule checkout uses;
 * none for an unknown, unpublished or deleted track, or one not by `artistId` when both are
 * given); with `artistId` alone, those covering any published track of the artist; with neither,
 * every live campaign. Live means the window holds `now` and the status is not DRAFT or
 * CANCELLED, whatever the job last set. Soonest ending first, at most LIVE_CAMPAIGNS_LIMIT.
 * Public fields only; rates in basis points, `artistName` the artist running it or, for a
 * platform campaign on one artist, that artist (null: platform-wide or chosen tracks).
 */
export async function liveCampaigns(
  db: PrismaClient,
  now: Date,
  filter: { trackId?: string; artistId?: string } = {},
): Promise<LiveCampaign[]> {
  // The window and status part of liveCampaignsWhere (terms.ts), for the lists by artist or all.
  const live: Prisma.CampaignWhereInput = {
    status: { notIn: ["DRAFT", "CANCELLED"] },
    startsAt: { lte: now },
    endsAt: { gt: now },
  };
  let where: Prisma.CampaignWhereInput;
  if (filter.trackId) {
    const track = await db.track.findFirst({
      where: { id: filter.trackId, published: true, deletedAt: null },
      select: { id: true, artistId: true },
    });
    if (!track || (filter.artistId && track.artistId !== filter.artistId)) return [];
    where = liveCampaignsWhere(track, now);
  } else if (filter.artistId) {
    const tracks = await db.track.findMany({
      where: { artistId: filter.artistId, published: true, deletedAt: null },
      select: { id: true },
    });
    if (tracks.length === 0) return [];
    where = {
      ...live,
      AND: [
        { OR: [{ artistId: null }, { artistId: filter.artistId }] },
        {
          OR: [
            { scope: "PLATFORM" },
            { scope: "ARTIST", scopeArtistId: filter.artistId },
            { scope: "TRACKS", trackIds: { hasSome: tracks.map((t) => t.id) } },
          ],
        },
      ],
    };
  } else {
    where = live;
  }
  const rows = await db.campaign.findMany({
    where,
    orderBy: [{ endsAt: "asc" }, { id: "asc" }],
    take: LIVE_CAMPAIGNS_LIMIT,
  });
  const names = await artistNamesOf(rows, db);
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    scope: c.scope,
    commissionBps: c.commissionBps,
    discountBps: c.discountBps,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    artistName: names.get(c.artistId ?? c.scopeArtistId ?? "") ?? null,
  }));
}
