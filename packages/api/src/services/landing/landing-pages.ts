import type { PrismaClient } from "@fanfare/db";
import { Prisma } from "@fanfare/db";
import type { BadgeIcon, BadgeLevel, LandingPageInput } from "@fanfare/validators";
import {
  avatarInitials,
  RESERVED_LANDING_HANDLES,
  ZLandingHandle,
  ZLandingPageInput,
} from "@fanfare/validators";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { badgeDefinition } from "../badges/rules";
import { invalidatePublicPages, publicTags } from "../cache/public-pages";
import { getOrCreateAffiliateLink } from "../affiliate/links";
import { mediaUrls } from "../catalog/track-view";
import { assertPromoterActive } from "../affiliate/promoter-standing";
import { claimImageUpload, publicImageUrl } from "../media/images";
import { landingScope, pageViewTotals } from "../reach/page-views";

/**
 * Landing pages (issue 14 §3): a promoter's co-branded page `/p/<handle>` with a photo, headline,
 * bio, call to action, theme colour and the tracks they recommend.
 *
 * Attribution: every track on the page links to its track page through the promoter's own
 * affiliate link for that track (`/t/<slug>?ref=<code>&src=landing`), created when the page is
 * published. The buy is then attributed by the one attribution rule like any click on that link
 * (at the track's own rate, only for tracks with affiliates enabled), and the page's HTML holds
 * nothing personal, so it is cached like a track page.
 *
 * Shown to the public only while published, not taken down by an admin, and its promoter ACTIVE.
 */

/** The source tag the page's track links carry (`?src=landing`), shown in the source report. */
export const LANDING_SOURCE_TAG = "landing";

/** The badges the public page shows at most (newest first). */
const PUBLIC_BADGES = 8;

/** A landing page as every visitor sees it: plain JSON for the page cache. */
export type PublicLandingPage = {
  id: string;
  handle: string;
  headline: string;
  bio: string;
  ctaText: string;
  themeColor: string;
  photoUrl: string | null;
  /** The promoter's display name (their public name on the program), else their account name. */
  name: string;
  initials: string;
  /** Tracks in the promoter's order, each with the promoter's link code for it. */
  tracks: { trackId: string; note: string; code: string | null }[];
  badges: { key: string; name: string; detail: string; icon: BadgeIcon; level: BadgeLevel }[];
};

/**
 * `missing` covers an unknown handle, a draft, a page taken down and a promoter who is not
 * ACTIVE: the page answers 404 for all of them, the same to everyone.
 */
export type LandingPageContent =
  { status: "published"; page: PublicLandingPage } | { status: "missing" };

/** What both the public page and the editor show of a page row. */
function pageFields(page: {
  id: string;
  handle: string;
  headline: string;
  bio: string;
  ctaText: string;
  themeColor: string;
  photoKey: string | null;
}) {
  return {
    id: page.id,
    handle: page.handle,
    headline: page.headline,
    bio: page.bio,
    ctaText: page.ctaText,
    themeColor: page.themeColor,
    photoUrl: publicImageUrl(page.photoKey),
  };
}

/**
 * The public content of `/p/<handle>` (see `LandingPageContent`). Tracks are returned by id with
 * the promoter's link code; the page reads each track's public content from the track page's own
 * cache entry, so a track that is unpublished or taken down drops off the page with its tag.
 */
export async function getLandingPageContent(
  input: { handle: string },
  db: PrismaClient,
): Promise<LandingPageContent> {
  const page = await db.landingPage.findUnique({
    where: { handle: input.handle },
    include: {
      tracks: { orderBy: { position: "asc" } },
      promoter: {
        select: {
          id: true,
          status: true,
          displayName: true,
          user: { select: { name: true } },
          badges: { orderBy: { awardedAt: "desc" }, take: PUBLIC_BADGES },
          links: { select: { trackId: true, code: true } },
        },
      },
    },
  });
  if (!page || !page.published || page.takenDownAt || page.promoter.status !== "ACTIVE")
    return { status: "missing" };
  const codes = new Map(page.promoter.links.map((l) => [l.trackId, l.code]));
  const name = page.promoter.displayName ?? page.promoter.user.name ?? page.handle;
  return {
    status: "published",
    page: {
      ...pageFields(page),
      name,
      initials: avatarInitials(name),
      tracks: page.tracks.map((t) => ({
        trackId: t.trackId,
        note: t.note,
        code: codes.get(t.trackId) ?? null,
      })),
      badges: page.promoter.badges.flatMap((b) => {
        const def = badgeDefinition(b.badge);
        return def
          ? [{ key: b.badge, name: def.name, detail: b.detail, icon: def.icon, level: def.level }]
          : [];
      }),
    },
  };
}

/** A handle suggested from a name ("Pat Lee" → "pat-lee"), valid under `ZLandingHandle`. */
export function suggestHandle(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 24)
    .replace(/-+$/, "");
  const h = base.length >= 3 ? base : `${base || "fan"}-picks`;
  return (RESERVED_LANDING_HANDLES as readonly string[]).includes(h) ? `${h}-picks` : h;
}

/** What the editor shows of a track (its list, the picker and the live preview). */
const trackSummarySelect = {
  id: true,
  title: true,
  slug: true,
  priceCents: true,
  minPriceCents: true,
  currency: true,
  artworkKey: true,
  previewKey: true,
  artist: { select: { name: true } },
} satisfies Prisma.TrackSelect;

function trackSummary(t: Prisma.TrackGetPayload<{ select: typeof trackSummarySelect }>) {
  return {
    trackId: t.id,
    title: t.title,
    slug: t.slug,
    artistName: t.artist.name,
    priceCents: t.priceCents,
    minPriceCents: t.minPriceCents,
    currency: t.currency,
    ...mediaUrls(t),
  };
}

async function promoterOf(userId: string, db: PrismaClient) {
  const promoter = await db.promoterProfile.findUnique({
    where: { userId },
    select: {
      id: true,
      status: true,
      statusReason: true,
      displayName: true,
      user: { select: { name: true, email: true } },
    },
  });
  if (!promoter)
    throw new AppError("NOT_FOUND", "Join the promoter program first to get a landing page.");
  return promoter;
}

/**
 * The signed-in promoter's landing page for the editor (null before the first save), with a
 * suggested handle and its views (last 7 and 30 UTC days, today included).
 * @throws AppError NOT_FOUND when the user is not a promoter.
 */
export async function landingPageForEditor(
  input: { userId: string },
  db: PrismaClient,
  now: Date = new Date(),
) {
  const promoter = await promoterOf(input.userId, db);
  const page = await db.landingPage.findUnique({
    where: { promoterId: promoter.id },
    include: {
      tracks: {
        orderBy: { position: "asc" },
        include: { track: { select: trackSummarySelect } },
      },
    },
  });
  const day = (n: number) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    d.setUTCDate(d.getUTCDate() - n);
    return d;
  };
  const [views7, views30] = page
    ? await Promise.all([
        pageViewTotals([landingScope(page.id)], db, { since: day(6) }),
        pageViewTotals([landingScope(page.id)], db, { since: day(29) }),
      ])
    : [new Map<string, number>(), new Map<string, number>()];
  const name = promoter.displayName ?? promoter.user.name ?? promoter.user.email.split("@")[0]!;
  return {
    promoterStatus: promoter.status,
    suggestedHandle: suggestHandle(name),
    name,
    page: page
      ? {
          ...pageFields(page),
          published: page.published,
          takenDown: page.takenDownAt
            ? { at: page.takenDownAt, reason: page.takenDownReason ?? "" }
            : null,
          views7d: views7.get(landingScope(page.id)) ?? 0,
          views30d: views30.get(landingScope(page.id)) ?? 0,
          tracks: page.tracks.map((t) => ({ ...trackSummary(t.track), note: t.note })),
        }
      : null,
  };
}

/**
 * Tracks a promoter may list on their page: published, not deleted, promoter links enabled, not
 * their own; their linked tracks first, then by sales. At most 60; `q` matches title or artist.
 */
export async function landingTrackOptions(input: { userId: string; q?: string }, db: PrismaClient) {
  const promoter = await promoterOf(input.userId, db);
  const q = input.q?.trim();
  const rows = await db.track.findMany({
    where: {
      published: true,
      deletedAt: null,
      affiliateEnabled: true,
      artist: { userId: { not: input.userId } },
      ...(q
        ? {
            OR: [
              { title: { contains: q, mode: "insensitive" } },
              { artist: { name: { contains: q, mode: "insensitive" } } },
            ],
          }
        : {}),
    },
    select: {
      ...trackSummarySelect,
      links: { where: { promoterId: promoter.id }, select: { id: true } },
    },
    orderBy: [{ salesCount: "desc" }, { publishedAt: "desc" }],
    take: 200,
  });
  return rows
    .map((t) => ({ ...trackSummary(t), linked: t.links.length > 0 }))
    .sort((a, b) => Number(b.linked) - Number(a.linked))
    .slice(0, 60);
}

/**
 * Whether `handle` is free for this promoter (their own page's handle counts as free).
 * @returns `{ handle, available, reason }` with the reason in words when not available.
 */
export async function landingHandleAvailable(
  input: { userId: string; handle: string },
  db: PrismaClient,
): Promise<{ handle: string; available: boolean; reason: string | null }> {
  const parsed = ZLandingHandle.safeParse(input.handle);
  if (!parsed.success)
    return { handle: input.handle, available: false, reason: parsed.error.issues[0]!.message };
  const handle = parsed.data;
  const holder = await db.landingPage.findUnique({
    where: { handle },
    select: { promoter: { select: { userId: true } } },
  });
  const available = !holder || holder.promoter.userId === input.userId;
  return { handle, available, reason: available ? null : `The handle "${handle}" is taken.` };
}

/**
 * Creates or updates the signed-in promoter's landing page (one per promoter) and replaces its
 * track list, in one transaction. Publishing needs an ACTIVE promoter, and ensures the promoter
 * has a link for every listed track (created as "Get your link" would, so the terms in force must
 * be accepted). A page taken down by an admin stays down whatever is saved; the promoter may keep
 * editing it. The page's cache tags (old and new handle) are expired after the commit.
 * @throws AppError NOT_FOUND (not a promoter; a listed track is not on sale), FORBIDDEN (publishing
 *   while not ACTIVE; a track with promoter links turned off, or the promoter's own), CONFLICT
 *   (the handle is taken), TERMS_REQUIRED, BAD_INPUT (the photo is not the user's own image upload).
 */
export async function saveLandingPage(
  input: { userId: string; page: LandingPageInput },
  db: PrismaClient,
) {
  const data = ZLandingPageInput.parse(input.page);
  const promoter = await promoterOf(input.userId, db);
  if (data.published) assertPromoterActive(promoter, "Publishing your page is paused");

  const trackIds = data.tracks.map((t) => t.trackId);
  const tracks = await db.track.findMany({
    where: { id: { in: trackIds } },
    select: {
      id: true,
      title: true,
      published: true,
      deletedAt: true,
      affiliateEnabled: true,
      artist: { select: { userId: true } },
    },
  });
  const byId = new Map(tracks.map((t) => [t.id, t]));
  for (const id of trackIds) {
    const t = byId.get(id);
    if (!t || t.deletedAt || !t.published)
      throw new AppError("NOT_FOUND", `Track ${id} is not on sale, so it cannot be listed.`);
    if (!t.affiliateEnabled)
      throw new AppError("FORBIDDEN", `The artist has turned off promoter links for "${t.title}".`);
    if (t.artist.userId === input.userId)
      throw new AppError("FORBIDDEN", `"${t.title}" is your own track; list tracks by others.`);
  }
  if (data.published) {
    for (const trackId of trackIds)
      await getOrCreateAffiliateLink(
        { promoterId: promoter.id, userId: input.userId, trackId },
        db,
      );
  }
  const photoKey =
    data.photoUploadId === undefined
      ? undefined
      : data.photoUploadId === null
        ? null
        : await claimImageUpload(
            { userId: input.userId, uploadId: data.photoUploadId, field: "photoUploadId" },
            db,
          );

  const before = await db.landingPage.findUnique({
    where: { promoterId: promoter.id },
    select: { handle: true },
  });
  const fields = {
    handle: data.handle,
    headline: data.headline,
    bio: data.bio,
    ctaText: data.ctaText,
    themeColor: data.themeColor,
    published: data.published,
    ...(photoKey !== undefined ? { photoKey } : {}),
  };
  const page = await db
    .$transaction(async (tx) => {
      const saved = await tx.landingPage.upsert({
        where: { promoterId: promoter.id },
        create: { promoterId: promoter.id, ...fields },
        update: fields,
      });
      await tx.landingPageTrack.deleteMany({ where: { landingPageId: saved.id } });
      if (data.tracks.length)
        await tx.landingPageTrack.createMany({
          data: data.tracks.map((t, position) => ({
            landingPageId: saved.id,
            trackId: t.trackId,
            position,
            note: t.note,
          })),
        });
      return saved;
    })
    .catch((e: unknown) => {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
        throw new AppError("CONFLICT", `The handle "${data.handle}" is taken; choose another.`);
      throw e;
    });
  invalidatePublicPages(
    [...new Set([before?.handle, page.handle].filter((h): h is string => !!h))].map(
      publicTags.landing,
    ),
  );
  return { id: page.id, handle: page.handle, published: page.published };
}

/** The console's list of landing pages, newest first (cursor: page id). */
export async function adminListLandingPages(
  input: {
    q?: string;
    status: "all" | "published" | "draft" | "taken-down";
    cursor?: string;
    limit: number;
  },
  db: PrismaClient,
) {
  const q = input.q?.trim();
  const where: Prisma.LandingPageWhereInput = {
    ...(q
      ? {
          OR: [
            { handle: { contains: q.toLowerCase() } },
            { headline: { contains: q, mode: "insensitive" } },
          ],
        }
      : {}),
    ...(input.status === "published"
      ? { published: true, takenDownAt: null }
      : input.status === "draft"
        ? { published: false, takenDownAt: null }
        : input.status === "taken-down"
          ? { takenDownAt: { not: null } }
          : {}),
  };
  const rows = await db.landingPage.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    include: {
      promoter: {
        select: { id: true, status: true, user: { select: { id: true, name: true, email: true } } },
      },
      _count: { select: { tracks: true } },
    },
  });
  const more = rows.length > input.limit;
  const items = rows.slice(0, input.limit);
  const views = await pageViewTotals(
    items.map((p) => landingScope(p.id)),
    db,
  );
  return {
    items: items.map((p) => ({
      id: p.id,
      handle: p.handle,
      headline: p.headline,
      published: p.published,
      takenDownAt: p.takenDownAt,
      takenDownReason: p.takenDownReason,
      trackCount: p._count.tracks,
      views: views.get(landingScope(p.id)) ?? 0,
      createdAt: p.createdAt,
      promoter: {
        id: p.promoter.id,
        status: p.promoter.status,
        userId: p.promoter.user.id,
        name: p.promoter.user.name,
        email: p.promoter.user.email,
      },
    })),
    nextCursor: more ? items[items.length - 1]!.id : null,
  };
}

/**
 * An admin takes a landing page down (`reason` is shown to the promoter in their editor) or
 * restores it (`reason` null); audit-logged in the same transaction; the page's tag is expired.
 * @throws AppError NOT_FOUND for an unknown page.
 */
export async function setLandingPageTakenDown(
  input: { adminId: string; landingPageId: string; reason: string | null },
  db: PrismaClient,
) {
  const page = await db.$transaction(async (tx) => {
    const before = await tx.landingPage.findUnique({ where: { id: input.landingPageId } });
    if (!before) throw new AppError("NOT_FOUND", `Landing page ${input.landingPageId} not found.`);
    const after = await tx.landingPage.update({
      where: { id: before.id },
      data: input.reason
        ? { takenDownAt: new Date(), takenDownReason: input.reason, takenDownById: input.adminId }
        : { takenDownAt: null, takenDownReason: null, takenDownById: null },
    });
    await writeAudit(tx, {
      actorId: input.adminId,
      action: input.reason ? "landing.take_down" : "landing.restore",
      subjectType: "LandingPage",
      subjectId: before.id,
      before: { handle: before.handle, takenDownReason: before.takenDownReason },
      after: { handle: after.handle, takenDownReason: after.takenDownReason },
    });
    return after;
  });
  invalidatePublicPages([publicTags.landing(page.handle)]);
  return { id: page.id, handle: page.handle, takenDown: page.takenDownAt !== null };
}

/**
 * Expires the landing page of `promoterId` (if any) from the page cache: called when the
 * promoter's standing changes, since only an ACTIVE promoter's page is public.
 */
export async function invalidateLandingPageOf(promoterId: string, db: PrismaClient): Promise<void> {
  const page = await db.landingPage.findUnique({ where: { promoterId }, select: { handle: true } });
  if (page) invalidatePublicPages([publicTags.landing(page.handle)]);
}
