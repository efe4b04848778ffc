/**
 * The public side of releases (issue 16 §1): the release page `/r/<slug>`, the releases listed
 * on discover and on artist pages, and "Also on <release>" on a track page. Read only; the
 * artist's management is services/catalog/releases.ts, and what checkout sells is
 * services/catalog/products.ts (whose on-sale rule `releaseSaleState` repeats, for display).
 *
 * Every shape here is plain JSON (dates as ISO 8601 strings, UTC; no owner's user id, no storage
 * key, nothing about buyers), so the web app can keep it in its page cache and show it to anyone.
 */
import type { Prisma, PrismaClient, ReleaseKind } from "@fanfare/db";
import { Prisma as P, RELEASE_KINDS } from "@fanfare/db";
import { ZReleaseListInput } from "@fanfare/validators";
import { applyBps } from "@fanfare/validators/money";
import type { z } from "zod";

import { AppError } from "../app-error";
import type { CampaignForTerms, PageCampaign } from "../campaigns/terms";
import { liveCampaignsForTrack, pageCampaign } from "../campaigns/terms";
import { apiEnv } from "../env";
import type { Page } from "../pagination";
import { releaseArtworkUrl } from "./products";
import { publicTrackSelect, toPublicTrack } from "./track-view";

/** A track as a release page lists it, at its place on the release. */
export type PublicReleaseTrack = {
  id: string;
  slug: string;
  title: string;
  /** 1, 2, 3… (the release's order). */
  position: number;
  durationSeconds: number;
  /** The 30-second preview (`/api/media/preview/<trackId>`); null when the track has none, or is
   *  deleted or taken down. */
  previewUrl: string | null;
  artworkUrl: string | null;
  /** The track's own price, cents (the suggested one when pay-what-you-want). */
  priceCents: number;
  minPriceCents: number | null;
  currency: string;
  /** On sale on its own at `/t/<slug>`: published (so neither deleted nor taken down). */
  onSaleAlone: boolean;
};

/** What every visitor sees of a release on its page `/r/<slug>` (and `release.bySlug`). */
export type PublicRelease = {
  id: string;
  slug: string;
  title: string;
  /** album | ep | single (RELEASE_KINDS). */
  kind: ReleaseKind;
  description: string;
  /** The release's artwork (`/api/media/release-artwork/<releaseId>`, `releaseArtworkUrl`), else
   *  its first track's (`/api/media/artwork/<trackId>`), else null. */
  artworkUrl: string | null;
  artist: { id: string; name: string; slug: string };
  /** Every track a buyer gets, in the release's order. */
  tracks: PublicReleaseTrack[];
  trackCount: number;
  /** The tracks' total running time, seconds. */
  durationSeconds: number;
  /** Cents; the suggested price when pay-what-you-want. */
  priceCents: number;
  /** Cents; set only for pay-what-you-want (the least a buyer pays). */
  minPriceCents: number | null;
  currency: string;
  payWhatYouWant: boolean;
  affiliateEnabled: boolean;
  /** Basis points of the price paid to the promoter. */
  commissionBps: number;
  /** The promoter's commission at the listed (or suggested) price, cents (`applyBps`, half up). */
  commissionAtPriceCents: number;
  /** What a buyer's download link allows (DOWNLOAD_TTL_DAYS, DOWNLOAD_LIMIT). */
  downloadTerms: { days: number; downloads: number };
  /** The release date (ISO 8601, UTC midnight of the day), or null: out since publication. */
  releaseDate: string | null;
  /** Sold before its release date (charged now, downloads open on the date). */
  preorder: boolean;
  /** Published: false only in the owner's draft view (`getPublicRelease` for its artist). */
  published: boolean;
  /** When it was (last) published (ISO 8601), or null. */
  publishedAt: string | null;
  /** The release date is after the time of reading (see `releaseSaleState`). */
  upcoming: boolean;
  /** For sale at the time of reading (see `releaseSaleState`). */
  onSale: boolean;
  /** The sum of the tracks' own prices (listed, or suggested when pay-what-you-want), cents. */
  tracksPriceCents: number;
  /** Every track is on sale on its own in the release's currency (so `tracksPriceCents` is what
   *  buying them one by one costs). */
  tracksSoldAlone: boolean;
  /**
   * The campaign live when the content was read (issue 12 §3, `pageCampaign`): a platform or an
   * artist-wide campaign covers releases as checkout applies it. Null when none is live, and on
   * a draft. Campaign starts and ends expire the page's tag (`campaignPageTags`).
   */
  campaign: PageCampaign | null;
};

/** A release card on discover and on its artist's page. */
export type PublicReleaseCard = Pick<
  PublicRelease,
  | "id"
  | "slug"
  | "title"
  | "kind"
  | "artworkUrl"
  | "artist"
  | "trackCount"
  | "priceCents"
  | "minPriceCents"
  | "currency"
  | "payWhatYouWant"
  | "affiliateEnabled"
  | "commissionBps"
  | "releaseDate"
  | "preorder"
  | "upcoming"
  | "onSale"
  | "publishedAt"
>;

/**
 * The release page's content, the same for every visitor (the owner's draft view is loaded in
 * the browser through `release.bySlug`): `published`: the release's page; `unavailable`: it
 * exists, is not deleted, but is not published (a draft, or taken down), and nothing of it is
 * returned; `missing`: no such release, or deleted.
 */
export type ReleasePageContent =
  | { status: "published"; release: PublicRelease }
  | { status: "unavailable" }
  | { status: "missing" };

/**
 * Whether a release is for sale at `now`, the rule checkout applies (services/catalog/products.ts):
 * published, with at least one track, and either out (no release date, or a date not after
 * `now`) or a pre-order. `upcoming`: its date is after `now`. Pure, so a cached page can apply it
 * again when it is served (the date may have passed since the content was read).
 */
export function releaseSaleState(
  r: {
    published: boolean;
    releaseDate: Date | string | null;
    preorder: boolean;
    trackCount: number;
  },
  now: Date,
): { upcoming: boolean; onSale: boolean } {
  const upcoming = r.releaseDate != null && new Date(r.releaseDate).getTime() > now.getTime();
  return { upcoming, onSale: r.published && r.trackCount > 0 && (!upcoming || r.preorder) };
}

/** The release as `release.bySlug` and the page read it: with its ordered tracks. */
const releaseSelect = {
  id: true,
  slug: true,
  title: true,
  kind: true,
  description: true,
  artworkKey: true,
  releaseDate: true,
  preorder: true,
  priceCents: true,
  minPriceCents: true,
  currency: true,
  affiliateEnabled: true,
  commissionBps: true,
  published: true,
  publishedAt: true,
  deletedAt: true,
  takenDownAt: true,
  artist: { select: { id: true, name: true, slug: true, userId: true } },
  tracks: {
    orderBy: { position: "asc" },
    select: { position: true, track: { select: { ...publicTrackSelect, takenDownAt: true } } },
  },
} satisfies Prisma.ReleaseSelect;
type ReleaseRow = Prisma.ReleaseGetPayload<{ select: typeof releaseSelect }>;

/** A stored kind as its type (the database CHECKs it; an unknown one would read as an album). */
const kindOf = (k: string): ReleaseKind =>
  (RELEASE_KINDS as readonly string[]).includes(k) ? (k as ReleaseKind) : "album";

function toPublicRelease(
  row: ReleaseRow,
  now: Date,
  live: readonly CampaignForTerms[],
): PublicRelease {
  const tracks: PublicReleaseTrack[] = row.tracks.map(({ position, track }) => {
    const t = toPublicTrack(track);
    const gone = track.deletedAt != null || track.takenDownAt != null;
    return {
      id: t.id,
      slug: t.slug,
      title: t.title,
      position,
      durationSeconds: t.durationSeconds,
      previewUrl: gone ? null : t.previewUrl,
      artworkUrl: gone ? null : t.artworkUrl,
      priceCents: t.priceCents,
      minPriceCents: t.minPriceCents,
      currency: t.currency,
      onSaleAlone: t.published && !gone,
    };
  });
  const env = apiEnv();
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    kind: kindOf(row.kind),
    description: row.description,
    artworkUrl: releaseArtworkUrl(row) ?? tracks.find((t) => t.artworkUrl)?.artworkUrl ?? null,
    artist: { id: row.artist.id, name: row.artist.name, slug: row.artist.slug },
    tracks,
    trackCount: tracks.length,
    durationSeconds: tracks.reduce((s, t) => s + t.durationSeconds, 0),
    priceCents: row.priceCents,
    minPriceCents: row.minPriceCents,
    currency: row.currency,
    payWhatYouWant: row.minPriceCents != null,
    affiliateEnabled: row.affiliateEnabled,
    commissionBps: row.commissionBps,
    commissionAtPriceCents: applyBps(row.priceCents, row.commissionBps) as number,
    downloadTerms: { days: env.DOWNLOAD_TTL_DAYS, downloads: env.DOWNLOAD_LIMIT },
    releaseDate: row.releaseDate?.toISOString() ?? null,
    preorder: row.preorder,
    published: row.published,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    ...releaseSaleState(
      {
        published: row.published,
        releaseDate: row.releaseDate,
        preorder: row.preorder,
        trackCount: tracks.length,
      },
      now,
    ),
    tracksPriceCents: tracks.reduce((s, t) => s + t.priceCents, 0),
    tracksSoldAlone:
      tracks.length > 0 && tracks.every((t) => t.onSaleAlone && t.currency === row.currency),
    // `live` is empty for a draft (`liveCampaignsOf`), so a draft shows none.
    campaign: pageCampaign(row.priceCents, row.commissionBps, live),
  };
}

/** The campaigns live at `now` for a published release (none for a draft: nothing applies). */
const liveCampaignsOf = (row: ReleaseRow, now: Date, db: PrismaClient) =>
  row.published ? liveCampaignsForTrack({ id: row.id, artistId: row.artist.id }, now, db) : [];

/** Published, not deleted, not taken down (a take-down also unpublishes: the CHECK says so). */
const isPublic = (r: { published: boolean; deletedAt: Date | null; takenDownAt: Date | null }) =>
  r.published && r.deletedAt == null && r.takenDownAt == null;

/**
 * The release at `/r/<slug>` (deleted ones included: a slug is never reused) as its id and its
 * artist's profile id (neither ever changes, so a cache may keep them), or null.
 */
export async function releaseRefBySlug(
  input: { slug: string },
  db: PrismaClient,
): Promise<{ id: string; artistId: string } | null> {
  return db.release.findUnique({
    where: { slug: input.slug },
    select: { id: true, artistId: true },
  });
}

/**
 * The public content of release `releaseId` for its cached page (see `ReleasePageContent`).
 * `upcoming` and `onSale` are as of `now`; a page served later applies `releaseSaleState` again.
 */
export async function getReleasePageContent(
  input: { releaseId: string },
  db: PrismaClient,
  now = new Date(),
): Promise<ReleasePageContent> {
  const row = await db.release.findUnique({
    where: { id: input.releaseId },
    select: releaseSelect,
  });
  if (!row || row.deletedAt) return { status: "missing" };
  if (!isPublic(row)) return { status: "unavailable" };
  const live = await liveCampaignsOf(row, now, db);
  return { status: "published", release: toPublicRelease(row, now, live) };
}

/**
 * The release at `/r/<slug>` (`release.bySlug`): a published one (neither deleted nor taken
 * down) for anyone; a draft or taken-down one (not deleted) for its own artist only, with
 * `published: false` (the page's draft view). `isOwner`: the viewer is its artist.
 * @throws AppError NOT_FOUND "No release at /r/<slug>." (unknown, deleted, or another's draft).
 */
export async function getPublicRelease(
  input: { slug: string; viewerUserId?: string | null },
  db: PrismaClient,
  now = new Date(),
): Promise<PublicRelease & { isOwner: boolean }> {
  const row = await db.release.findUnique({ where: { slug: input.slug }, select: releaseSelect });
  const isOwner = !!input.viewerUserId && row?.artist.userId === input.viewerUserId;
  if (!row || row.deletedAt || (!isPublic(row) && !isOwner))
    throw new AppError("NOT_FOUND", `No release at /r/${input.slug}.`);
  return { ...toPublicRelease(row, now, await liveCampaignsOf(row, now, db)), isOwner };
}

/** What a card needs; the track count instead of the tracks. */
const cardSelect = {
  id: true,
  slug: true,
  title: true,
  kind: true,
  artworkKey: true,
  releaseDate: true,
  preorder: true,
  priceCents: true,
  minPriceCents: true,
  currency: true,
  affiliateEnabled: true,
  commissionBps: true,
  published: true,
  publishedAt: true,
  artist: { select: { id: true, name: true, slug: true } },
  _count: { select: { tracks: true } },
  // The first track's artwork stands in for a release without its own.
  tracks: {
    orderBy: { position: "asc" },
    take: 1,
    select: {
      track: { select: { id: true, artworkKey: true, deletedAt: true, takenDownAt: true } },
    },
  },
} satisfies Prisma.ReleaseSelect;

function toCard(row: Prisma.ReleaseGetPayload<{ select: typeof cardSelect }>, now: Date) {
  const first = row.tracks[0]?.track;
  const firstArt =
    first && first.artworkKey && !first.deletedAt && !first.takenDownAt
      ? `/api/media/artwork/${first.id}`
      : null;
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    kind: kindOf(row.kind),
    artworkUrl: releaseArtworkUrl(row) ?? firstArt,
    artist: row.artist,
    trackCount: row._count.tracks,
    priceCents: row.priceCents,
    minPriceCents: row.minPriceCents,
    currency: row.currency,
    payWhatYouWant: row.minPriceCents != null,
    affiliateEnabled: row.affiliateEnabled,
    commissionBps: row.commissionBps,
    releaseDate: row.releaseDate?.toISOString() ?? null,
    preorder: row.preorder,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    ...releaseSaleState({ ...row, trackCount: row._count.tracks }, now),
  } satisfies PublicReleaseCard;
}

/**
 * One page of the published releases (neither deleted nor taken down), newest first: by
 * publication time (creation time when none was recorded), ties broken by id, both descending;
 * `artistSlug` keeps one artist's. Keyset paging as discover pages tracks
 * (services/catalog/discover.ts): `cursor` is the last release id of the previous page, and the
 * next page starts after that release's place in the order. Two statements: the page's ids in
 * order (through `Release_published_deletedAt_publishedAt_idx`), then those releases. Upcoming
 * releases are listed (`upcoming`, `onSale` say whether they can be bought now).
 * @returns `{ items, nextCursor }` (nextCursor null on the last page; an unknown cursor gives an
 *   empty page).
 * @throws ZodError on bad input (the router answers 400).
 */
export async function listPublicReleases(
  raw: z.input<typeof ZReleaseListInput>,
  db: PrismaClient,
  now = new Date(),
): Promise<Page<PublicReleaseCard>> {
  const input = ZReleaseListInput.parse(raw);
  const key = (r: string) => `COALESCE(${r}."publishedAt", ${r}."createdAt")`;
  const after = input.cursor
    ? P.sql`AND (${P.raw(key("r"))}, r."id") <
        (SELECT ${P.raw(key("c"))}, c."id" FROM "Release" c WHERE c."id" = ${input.cursor})`
    : P.empty;
  const artist = input.artistSlug
    ? P.sql`AND r."artistId" = (SELECT a."id" FROM "ArtistProfile" a WHERE a."slug" = ${input.artistSlug})`
    : P.empty;
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT r."id" FROM "Release" r
    WHERE r."published" AND r."deletedAt" IS NULL AND r."takenDownAt" IS NULL ${artist} ${after}
    ORDER BY ${P.raw(key("r"))} DESC, r."id" DESC LIMIT ${input.limit + 1}::int`;
  const page = ids.slice(0, input.limit).map((r) => r.id);
  const rows = await db.release.findMany({ where: { id: { in: page } }, select: cardSelect });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = page.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toCard(row, now)] : []; // deleted between the two statements
  });
  return { items, nextCursor: ids.length > input.limit ? (page.at(-1) ?? null) : null };
}

/** A release a track is on, for "Also on <title>" on the track's page. */
export type TrackReleaseRef = { id: string; slug: string; title: string; kind: ReleaseKind };

/**
 * The published releases (neither deleted nor taken down) that track `trackId` is on, newest
 * first (at most 5), for "Also on …" on its page.
 */
export async function publicReleasesOfTrack(
  input: { trackId: string },
  db: PrismaClient,
): Promise<TrackReleaseRef[]> {
  const rows = await db.release.findMany({
    where: {
      tracks: { some: { trackId: input.trackId } },
      published: true,
      deletedAt: null,
      takenDownAt: null,
    },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take: 5,
    select: { id: true, slug: true, title: true, kind: true },
  });
  return rows.map((r) => ({ ...r, kind: kindOf(r.kind) }));
}
