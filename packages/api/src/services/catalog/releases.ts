/**
 * The artist's side of releases (issue 16 §1): an album, EP or single grouping some of the
 * artist's own tracks in order, sold as one product at its own price (fixed, or
 * pay-what-you-want with a minimum) and commission rate, optionally as a pre-order before its
 * release date. Create, edit (the ordered track list is replaced in one transaction), publish,
 * unpublish, soft-delete, and the dashboard's list and editor. The public side is
 * release-page.ts; what checkout sells is products.ts.
 *
 * Money is integer cents, rates basis points; release dates are UTC days, stored as the UTC
 * midnight that starts them and returned as "YYYY-MM-DD".
 */
import type { Prisma, PrismaClient, ReleaseKind } from "@fanfare/db";
import type { CreateReleaseInput, ReleaseKindName, UpdateReleaseInput } from "@fanfare/validators";
import {
  dateToReleaseDay,
  releaseDayToDate,
  ZCreateReleaseInput,
  ZUpdateReleaseInput,
} from "@fanfare/validators";

import { AppError } from "../app-error";
import { invalidatePublicPages, publicTags } from "../cache/public-pages";
import { requestReleaseTranscodes } from "../formats/requests";
import { slugify, slugWithSuffix } from "../shared/slug";
import { assertLabelKeepsPromotionTerms, DEFAULT_PROMOTION_TERMS } from "../labels/promotion-terms";
import type { ArtistRef } from "./manage-tracks";
import { getUploadOrThrow, isUniqueViolation, trackTotals } from "./manage-tracks";
import { releaseArtworkUrl } from "./products";
import { mediaUrls } from "./track-view";

// The validators' kinds (the forms' list) are the database's (`Release_kind_check`): this fails
// to compile when the two lists differ.
const kindsAgree: [ReleaseKind, ReleaseKindName] extends [ReleaseKindName, ReleaseKind]
  ? true
  : never = true;
void kindsAgree;

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * The sale statuses of a pre-order that still promises its delivery day: paid, or being paid
 * (a checkout in progress). Failed and refunded ones promise nothing.
 */
const LIVE_SALE_STATUSES = ["PENDING", "COMPLETED"] as const;

const releaseInclude = {
  tracks: {
    orderBy: { position: "asc" },
    select: {
      position: true,
      track: {
        select: {
          id: true,
          slug: true,
          title: true,
          priceCents: true,
          minPriceCents: true,
          currency: true,
          durationSeconds: true,
          published: true,
          deletedAt: true,
          takenDownAt: true,
          artworkKey: true,
          previewKey: true,
        },
      },
    },
  },
} as const satisfies Prisma.ReleaseInclude;

type ReleaseRow = Prisma.ReleaseGetPayload<{ include: typeof releaseInclude }>;
type ReleaseTrackRow = ReleaseRow["tracks"][number]["track"];

/** Why a track cannot be sold on a published release, or null when it can. */
function trackProblem(t: {
  title: string;
  published: boolean;
  deletedAt: Date | null;
  takenDownAt: Date | null;
}): string | null {
  if (t.deletedAt) return `“${t.title}” is deleted`;
  if (t.takenDownAt) return `“${t.title}” was taken down by Fanfare`;
  if (!t.published) return `“${t.title}” is not published`;
  return null;
}

/**
 * Why `release` cannot be published now (empty: it can). The rule `publishRelease` applies:
 * not taken down, at least one track, every track published (so neither deleted nor taken
 * down).
 */
function publishProblems(release: {
  takenDownAt: Date | null;
  takedownReason: string | null;
  tracks: { track: ReleaseTrackRow }[];
}): string[] {
  const problems: string[] = [];
  if (release.takenDownAt)
    problems.push(`It was taken down by Fanfare: ${release.takedownReason ?? "no reason given"}.`);
  if (release.tracks.length === 0) problems.push("It has no tracks.");
  for (const { track } of release.tracks) {
    const p = trackProblem(track);
    if (p) problems.push(`${p}.`);
  }
  return problems;
}

/**
 * The latest release date still allowed per release: the earliest delivery day promised to a
 * live pre-order sale (PENDING or COMPLETED with `deliverAt`), keyed by release id; absent: no
 * such sale.
 */
async function preorderDeadlines(db: Db, releaseIds: string[]): Promise<Map<string, Date>> {
  if (releaseIds.length === 0) return new Map();
  const rows = await db.sale.groupBy({
    by: ["releaseId"],
    where: {
      releaseId: { in: releaseIds },
      deliverAt: { not: null },
      status: { in: [...LIVE_SALE_STATUSES] },
    },
    _min: { deliverAt: true },
  });
  const out = new Map<string, Date>();
  for (const r of rows) if (r.releaseId && r._min.deliverAt) out.set(r.releaseId, r._min.deliverAt);
  return out;
}

/**
 * A release as the artist's dashboard shows it. Dates: `releaseDate` and `preorderDeadline` as
 * UTC days "YYYY-MM-DD", the timestamps as Dates. Amounts in cents, rates in basis points.
 */
function toArtistRelease(row: ReleaseRow, deadline: Date | undefined, now: Date) {
  const {
    artworkKey: _artworkKey,
    tracks: trackRows,
    releaseDate,
    kind,
    ...rest
  } = trackTotals(row);
  const tracks = trackRows.map(({ position, track }) => {
    const { artworkKey: _a, previewKey: _p, deletedAt, takenDownAt, ...t } = track;
    return {
      ...t,
      position,
      deleted: deletedAt != null,
      takenDown: takenDownAt != null,
      /** Why this track keeps the release from being published, or null. */
      problem: trackProblem(track),
      ...mediaUrls(track),
    };
  });
  return {
    ...rest,
    kind: kind as ReleaseKind,
    releaseDate: releaseDate ? dateToReleaseDay(releaseDate) : null,
    /** The release's own artwork (`releaseArtworkUrl`, products.ts), else null. */
    artworkUrl: releaseArtworkUrl(row),
    /** The release date is after now: a pre-order when `preorder` is on, else not yet for sale. */
    upcoming: releaseDate != null && releaseDate.getTime() > now.getTime(),
    tracks,
    trackCount: tracks.length,
    /** The tracks' total running time, seconds. */
    durationSeconds: tracks.reduce((s, t) => s + t.durationSeconds, 0),
    /** The sum of the tracks' own prices (the suggested one when pay-what-you-want), cents. */
    tracksPriceCents: tracks.reduce((s, t) => s + t.priceCents, 0),
    /** Why publishing would be refused now (empty: it can be published). */
    publishProblems: publishProblems(row),
    /**
     * The latest release date allowed: the earliest day promised to a live pre-order sale
     * ("YYYY-MM-DD"), or null when no pre-order was sold (the date may move freely).
     */
    preorderDeadline: deadline ? dateToReleaseDay(deadline) : null,
  };
}
export type ArtistRelease = ReturnType<typeof toArtistRelease>;

/**
 * The artist's own, not-deleted release (with its tracks), or NOT_FOUND (also for another
 * artist's release, so ids of others' releases reveal nothing).
 */
async function getOwnReleaseOrThrow(db: Db, artistId: string, releaseId: string) {
  const release = await db.release.findUnique({
    where: { id: releaseId },
    include: releaseInclude,
  });
  if (!release || release.artistId !== artistId || release.deletedAt)
    throw new AppError("NOT_FOUND", `Release ${releaseId} was not found among your releases.`);
  return release;
}

/**
 * The tracks `trackIds` names, checked to be the artist's own and not deleted, in the given
 * order. With `sellable`, each must also be published (not taken down): a published release's
 * list. @throws AppError BAD_INPUT on `trackIds` naming the first track that fails.
 */
async function ownTracksOrThrow(
  db: Db,
  artistId: string,
  trackIds: string[],
  opts: { sellable: boolean },
) {
  const rows = await db.track.findMany({
    where: { id: { in: trackIds } },
    select: {
      id: true,
      title: true,
      artistId: true,
      published: true,
      deletedAt: true,
      takenDownAt: true,
    },
  });
  const byId = new Map(rows.map((t) => [t.id, t]));
  for (const id of trackIds) {
    const t = byId.get(id);
    if (!t || t.artistId !== artistId || t.deletedAt)
      throw new AppError("BAD_INPUT", `Track ${id} was not found among your tracks.`, {
        field: "trackIds",
      });
    const problem = opts.sellable ? trackProblem(t) : null;
    if (problem)
      throw new AppError(
        "BAD_INPUT",
        `${problem}: a published release sells only published tracks. Publish the track first, or unpublish the release.`,
        { field: "trackIds" },
      );
  }
  return trackIds.map((id) => byId.get(id)!);
}

/** The cache tags a change of `release` expires: its page, its artist's page and discover. */
const releaseTags = (release: { id: string; artistId: string }) => [
  publicTags.release(release.id),
  publicTags.artist(release.artistId),
  publicTags.discover,
];

/**
 * Creates an unpublished release of the artist's own tracks in the given order (positions 1…n),
 * with its own price (cents; `minPriceCents` set: pay-what-you-want), commission rate (basis
 * points), optional artwork (one of the artist's ARTWORK uploads) and optional release date
 * (a UTC day, "YYYY-MM-DD") and pre-order switch. The slug comes from the title ("release" when
 * the title has no letters or digits), with a random suffix when taken. Expires the cached page
 * at its address (`publicTags.releaseSlug`), its own tag and the artist's page.
 * @returns the release as `listArtistReleases` shows it.
 * A label acting for the artist creates at the default promotion terms only
 * (`assertLabelKeepsPromotionTerms`).
 * @throws AppError BAD_INPUT (invalid input; `trackIds`: a track not among the artist's;
 *   `artworkUploadId`: not the artist's artwork upload), CONFLICT (no free slug), FORBIDDEN (a
 *   label acting for the artist asks for another commission rate or affiliate switch).
 */
export async function createRelease(
  input: { artist: ArtistRef; data: CreateReleaseInput },
  db: PrismaClient,
): Promise<ArtistRelease> {
  const data = ZCreateReleaseInput.parse(input.data);
  assertLabelKeepsPromotionTerms(input.artist, DEFAULT_PROMOTION_TERMS, data);
  const { artistId, userId } = input.artist;
  await ownTracksOrThrow(db, artistId, data.trackIds, { sellable: false });
  const artwork = data.artworkUploadId
    ? await getUploadOrThrow(db, data.artworkUploadId, userId, "ARTWORK", "artworkUploadId")
    : null;

  const base = slugify(data.title, "release");
  for (let attempt = 0; attempt < 4; attempt++) {
    const slug = attempt === 0 ? base : slugWithSuffix(base);
    try {
      const created = await db.release.create({
        data: {
          artistId,
          slug,
          title: data.title,
          kind: data.kind,
          description: data.description,
          artworkKey: artwork?.storageKey ?? null,
          releaseDate: data.releaseDate ? releaseDayToDate(data.releaseDate) : null,
          preorder: data.preorder,
          priceCents: data.priceCents,
          minPriceCents: data.minPriceCents ?? null,
          commissionBps: data.commissionBps,
          affiliateEnabled: data.affiliateEnabled,
          tracks: { create: data.trackIds.map((trackId, i) => ({ trackId, position: i + 1 })) },
        },
        include: releaseInclude,
      });
      // A visitor may have seen "no release here" at this address before.
      invalidatePublicPages([
        publicTags.releaseSlug(created.slug),
        publicTags.release(created.id),
        publicTags.artist(artistId),
      ]);
      return toArtistRelease(created, undefined, new Date());
    } catch (e) {
      if (!isUniqueViolation(e, "slug")) throw e;
    }
  }
  throw new AppError(
    "CONFLICT",
    `Could not find a free address for "${data.title}"; try another title.`,
    { field: "title" },
  );
}

/**
 * Updates the artist's own release; absent fields are kept. `trackIds` replaces the ordered
 * track list (positions 1…n) in the same transaction as the other changes; on a published
 * release every listed track must be published. Price and commission changes apply to later
 * checkouts only (each sale keeps what it was sold at).
 *
 * The release date and pre-orders: once a live pre-order sale exists (PENDING or COMPLETED, with
 * `deliverAt`), the date cannot move after the earliest day such a sale promised (buyers were
 * promised it); earlier is allowed, and so is removing the date (out now). The release row is
 * locked (FOR UPDATE) while the rule is checked and the change written, so two edits never
 * interleave. A pre-order needs a date; a date in the past with `preorder` on is fine (it is out).
 * Expires the release's cached page, the artist's page and discover.
 * @returns the release as `getArtistRelease` shows it.
 * @throws AppError NOT_FOUND (not the artist's release, or deleted), BAD_INPUT (invalid input;
 *   `trackIds`, `artworkUploadId` as for create; `minPriceCents` above the price once merged
 *   with the stored one; `releaseDate`: a pre-order without a date, or a date after the one
 *   promised to pre-order buyers), FORBIDDEN (a label acting for the artist changing the
 *   commission rate or affiliate switch, `assertLabelKeepsPromotionTerms`; prices it may change).
 */
export async function updateRelease(
  input: { artist: ArtistRef; data: UpdateReleaseInput },
  db: PrismaClient,
): Promise<ArtistRelease> {
  const data = ZUpdateReleaseInput.parse(input.data);
  const { artistId, userId } = input.artist;
  const artwork = data.artworkUploadId
    ? await getUploadOrThrow(db, data.artworkUploadId, userId, "ARTWORK", "artworkUploadId")
    : undefined;
  const newDate =
    data.releaseDate === undefined
      ? undefined
      : data.releaseDate === null
        ? null
        : releaseDayToDate(data.releaseDate);

  const { updated, deadline } = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "Release" WHERE "id" = ${data.releaseId} FOR UPDATE`;
    const release = await getOwnReleaseOrThrow(tx, artistId, data.releaseId);
    assertLabelKeepsPromotionTerms(input.artist, release, data);

    const priceCents = data.priceCents ?? release.priceCents;
    const minPriceCents =
      data.minPriceCents === undefined ? release.minPriceCents : data.minPriceCents;
    if (minPriceCents != null && minPriceCents > priceCents)
      throw new AppError("BAD_INPUT", "Minimum price cannot be above the suggested price.", {
        field: "minPriceCents",
      });

    const releaseDate = newDate === undefined ? release.releaseDate : newDate;
    if ((data.preorder ?? release.preorder) && !releaseDate)
      throw new AppError(
        "BAD_INPUT",
        "A pre-order needs a release date: downloads open on that day.",
        { field: "releaseDate" },
      );
    const promised = (await preorderDeadlines(tx, [release.id])).get(release.id);
    if (newDate && promised && newDate.getTime() > promised.getTime())
      throw new AppError(
        "BAD_INPUT",
        `Pre-orders were sold for delivery on ${dateToReleaseDay(promised)}: buyers were promised that date, so the release date cannot move later (an earlier date is fine).`,
        { field: "releaseDate" },
      );

    if (data.trackIds)
      await ownTracksOrThrow(tx, artistId, data.trackIds, { sellable: release.published });

    await tx.release.update({
      where: { id: release.id },
      data: {
        title: data.title,
        kind: data.kind,
        description: data.description,
        artworkKey: data.artworkUploadId === null ? null : artwork?.storageKey,
        releaseDate: newDate,
        preorder: data.preorder,
        priceCents: data.priceCents,
        minPriceCents: data.minPriceCents,
        commissionBps: data.commissionBps,
        affiliateEnabled: data.affiliateEnabled,
      },
    });
    if (data.trackIds) {
      await tx.releaseTrack.deleteMany({ where: { releaseId: release.id } });
      await tx.releaseTrack.createMany({
        data: data.trackIds.map((trackId, i) => ({
          releaseId: release.id,
          trackId,
          position: i + 1,
        })),
      });
    }
    return {
      updated: await tx.release.findUniqueOrThrow({
        where: { id: release.id },
        include: releaseInclude,
      }),
      deadline: promised,
    };
  });
  invalidatePublicPages(releaseTags(updated));
  // The album title, cover and track numbers are written into the release's download formats.
  if (
    updated.published &&
    (data.title !== undefined || data.artworkUploadId !== undefined || data.trackIds)
  )
    await requestReleaseTranscodes(db, updated.id);
  return toArtistRelease(updated, deadline, new Date());
}

/**
 * After a release went on or off sale: expires its cached pages (`releaseTags`) and answers it
 * as the dashboard shows it, with its pre-order deadline.
 */
async function publishedStateChanged(
  db: PrismaClient,
  updated: Parameters<typeof toArtistRelease>[0],
): Promise<ArtistRelease> {
  invalidatePublicPages(releaseTags(updated));
  return toArtistRelease(
    updated,
    (await preorderDeadlines(db, [updated.id])).get(updated.id),
    new Date(),
  );
}

/**
 * Publishes the artist's own release: it goes on sale at `/r/<slug>` (or on pre-order, or shows
 * its coming date) and promoters can link it. Needs at least one track and every track
 * published (so neither deleted nor taken down); a release an admin took down cannot be published
 * until an admin restores it. `publishedAt` keeps the first publication. Expires the release's
 * cached page, the artist's page and discover.
 * @throws AppError NOT_FOUND (not the artist's release, or deleted), FORBIDDEN (taken down, with
 *   the reason), BAD_INPUT (no tracks, or a track that cannot be sold, named by title).
 */
export async function publishRelease(
  input: { artistId: string; releaseId: string },
  db: PrismaClient,
): Promise<ArtistRelease> {
  const updated = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "Release" WHERE "id" = ${input.releaseId} FOR UPDATE`;
    const release = await getOwnReleaseOrThrow(tx, input.artistId, input.releaseId);
    if (release.takenDownAt)
      throw new AppError(
        "FORBIDDEN",
        `Release ${release.id} was taken down by Fanfare: ${release.takedownReason}. Contact support to have it restored.`,
      );
    const problems = publishProblems(release);
    if (problems.length)
      throw new AppError(
        "BAD_INPUT",
        `Release ${release.id} cannot be published yet: ${problems.join(" ")}`,
        { field: "trackIds" },
      );
    return tx.release.update({
      where: { id: release.id },
      data: { published: true, publishedAt: release.publishedAt ?? new Date() },
      include: releaseInclude,
    });
  });
  await requestReleaseTranscodes(db, updated.id);
  return publishedStateChanged(db, updated);
}

/**
 * Unpublishes the artist's own release: it leaves the store (its page shows it is unavailable)
 * and its links stop selling it; sales made stay, and pre-orders already sold are still
 * delivered. Expires the release's cached page, the artist's page and discover.
 * @throws AppError NOT_FOUND (not the artist's release, or deleted).
 */
export async function unpublishRelease(
  input: { artistId: string; releaseId: string },
  db: PrismaClient,
): Promise<ArtistRelease> {
  const release = await getOwnReleaseOrThrow(db, input.artistId, input.releaseId);
  const updated = await db.release.update({
    where: { id: release.id },
    data: { published: false },
    include: releaseInclude,
  });
  return publishedStateChanged(db, updated);
}

/**
 * Soft-deletes the artist's own release (`deletedAt`, unpublished): it leaves the store and the
 * dashboard, and its links stop counting, while its sales, the downloads buyers already have and
 * the ledger stay intact. Its tracks are untouched. Expires the release's cached page, the
 * artist's page and discover.
 * @returns `{ id, slug, title }` of the deleted release.
 * @throws AppError NOT_FOUND (not the artist's release, or already deleted).
 */
export async function deleteRelease(
  input: { artistId: string; releaseId: string },
  db: PrismaClient,
): Promise<{ id: string; slug: string; title: string }> {
  const release = await getOwnReleaseOrThrow(db, input.artistId, input.releaseId);
  const deleted = await db.release.update({
    where: { id: release.id },
    data: { deletedAt: new Date(), published: false },
    select: { id: true, slug: true, title: true, artistId: true },
  });
  invalidatePublicPages(releaseTags(deleted));
  return { id: deleted.id, slug: deleted.slug, title: deleted.title };
}

/**
 * The artist's releases (not deleted), newest first, each with its tracks in order, their count,
 * running time and summed prices, the denormalised totals (clicks, sales; gross, artist share
 * and commissions in cents), why it cannot be published yet, and the pre-order deadline.
 */
export async function listArtistReleases(
  input: { artistId: string },
  db: PrismaClient,
): Promise<ArtistRelease[]> {
  const rows = await db.release.findMany({
    where: { artistId: input.artistId, deletedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: releaseInclude,
  });
  const deadlines = await preorderDeadlines(
    db,
    rows.map((r) => r.id),
  );
  const now = new Date();
  return rows.map((r) => toArtistRelease(r, deadlines.get(r.id), now));
}

/**
 * One of the artist's own releases as the editor shows it (the shape of `listArtistReleases`).
 * @throws AppError NOT_FOUND (not the artist's release, or deleted).
 */
export async function getArtistRelease(
  input: { artistId: string; releaseId: string },
  db: PrismaClient,
): Promise<ArtistRelease> {
  const row = await getOwnReleaseOrThrow(db, input.artistId, input.releaseId);
  return toArtistRelease(row, (await preorderDeadlines(db, [row.id])).get(row.id), new Date());
}
