import type { PrismaClient } from "@fanfare/db";
import { cents, Prisma } from "@fanfare/db";
import type { CreateTrackInput, UpdateTrackInput } from "@fanfare/validators";
import { ZCreateTrackInput, ZUpdateTrackInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import type { CatalogEditor } from "../labels/promotion-terms";
import { assertLabelKeepsPromotionTerms, DEFAULT_PROMOTION_TERMS } from "../labels/promotion-terms";
import { invalidatePublicPages, publicTags } from "../cache/public-pages";
import { requestTrackTranscodes } from "../formats/requests";
import { slugify, slugWithSuffix } from "../shared/slug";
import { mediaUrls } from "./track-view";

/** The artist whose catalog changes, the user who asks (their uploads), and who edits. */
export type ArtistRef = { artistId: string; userId: string } & CatalogEditor;

/**
 * A track row (or a release row: the same totals) as the API returns it: its BIGINT totals
 * (gross, artist share, commissions) as integer-cent numbers through `cents()`, every other
 * column as stored.
 */
export function trackTotals<
  T extends { grossCents: bigint; artistCents: bigint; commissionsCents: bigint },
>(
  t: T,
): Omit<T, "grossCents" | "artistCents" | "commissionsCents"> & {
  grossCents: number;
  artistCents: number;
  commissionsCents: number;
} {
  return {
    ...t,
    grossCents: cents(t.grossCents),
    artistCents: cents(t.artistCents),
    commissionsCents: cents(t.commissionsCents),
  };
}

/**
 * The upload `id` when `ownerId` owns it and it is of `kind` (a track's master or artwork, a
 * release's artwork). @throws AppError BAD_INPUT on `field` (not among the owner's uploads, or
 * another kind).
 */
export async function getUploadOrThrow(
  db: PrismaClient,
  id: string,
  ownerId: string,
  kind: "MASTER" | "ARTWORK",
  field: string,
) {
  const upload = await db.upload.findUnique({ where: { id } });
  if (!upload || upload.ownerId !== ownerId)
    throw new AppError("BAD_INPUT", `Upload ${id} was not found among your uploads.`, { field });
  if (upload.kind !== kind)
    throw new AppError(
      "BAD_INPUT",
      `Upload ${id} is ${upload.kind.toLowerCase()}, not ${kind.toLowerCase()}.`,
      { field },
    );
  return upload;
}

async function genreIdFor(
  db: PrismaClient,
  genreSlug: string | null | undefined,
): Promise<string | null | undefined> {
  if (genreSlug === undefined) return undefined;
  if (genreSlug === null) return null;
  const genre = await db.genre.findUnique({ where: { slug: genreSlug } });
  if (!genre)
    throw new AppError("BAD_INPUT", `Unknown genre "${genreSlug}".`, { field: "genreSlug" });
  return genre.id;
}

/** The artist's own, not-deleted track, or NOT_FOUND (also for another artist's track). */
export async function getOwnTrackOrThrow(db: PrismaClient, artistId: string, trackId: string) {
  const track = await db.track.findUnique({ where: { id: trackId } });
  if (!track || track.artistId !== artistId || track.deletedAt)
    throw new AppError("NOT_FOUND", `Track ${trackId} was not found among your tracks.`);
  return track;
}

/** `e` is a unique-constraint violation (P2002) on a constraint naming `field` ("slug"). */
export const isUniqueViolation = (e: unknown, field: string) =>
  e instanceof Prisma.PrismaClientKnownRequestError &&
  e.code === "P2002" &&
  JSON.stringify(e.meta ?? {}).includes(field);

/**
 * Creates an unpublished track from a master upload (and optional artwork) the artist owns.
 * The slug comes from the title, with a random suffix when taken. Invalidates the cached page
 * at its address (`publicTags.trackSlug`) and the artist's page.
 * A label acting for the artist creates at the default promotion terms only
 * (`assertLabelKeepsPromotionTerms`).
 * @throws AppError BAD_INPUT (unknown upload/genre, invalid price), CONFLICT (upload already used),
 *   FORBIDDEN (a label acting for the artist asks for another commission rate or affiliate switch).
 */
export async function createTrack(
  input: { artist: ArtistRef; data: CreateTrackInput },
  db: PrismaClient,
) {
  const data = ZCreateTrackInput.parse(input.data);
  assertLabelKeepsPromotionTerms(input.artist, DEFAULT_PROMOTION_TERMS, data);
  const master = await getUploadOrThrow(
    db,
    data.masterUploadId,
    input.artist.userId,
    "MASTER",
    "masterUploadId",
  );
  const artwork = data.artworkUploadId
    ? await getUploadOrThrow(
        db,
        data.artworkUploadId,
        input.artist.userId,
        "ARTWORK",
        "artworkUploadId",
      )
    : null;
  const genreId = await genreIdFor(db, data.genreSlug);
  if (!master.format || !master.durationSeconds)
    throw new AppError("BAD_INPUT", `Upload ${master.id} has no readable audio.`, {
      field: "masterUploadId",
    });

  const base = slugify(data.title);
  for (let attempt = 0; attempt < 4; attempt++) {
    const slug = attempt === 0 ? base : slugWithSuffix(base);
    try {
      const created = await db.track.create({
        data: {
          artistId: input.artist.artistId,
          slug,
          title: data.title,
          description: data.description,
          genreId: genreId ?? null,
          artworkKey: artwork?.storageKey ?? null,
          masterUploadId: master.id,
          masterKey: master.storageKey,
          masterContentType: master.contentType,
          masterFilename: master.originalFilename,
          masterSizeBytes: master.sizeBytes,
          masterFormat: master.format,
          previewKey: master.previewKey,
          durationSeconds: master.durationSeconds,
          priceCents: data.priceCents,
          minPriceCents: data.minPriceCents ?? null,
          commissionBps: data.commissionBps,
          affiliateEnabled: data.affiliateEnabled,
        },
      });
      // A visitor may have seen "no track here" at this address before.
      invalidatePublicPages([
        publicTags.trackSlug(created.slug),
        publicTags.track(created.id),
        publicTags.artist(created.artistId),
      ]);
      // The download formats are made from the master now, ready before the first sale.
      await requestTrackTranscodes(db, created.id);
      return trackTotals(created);
    } catch (e) {
      if (isUniqueViolation(e, "masterUploadId"))
        throw new AppError(
          "CONFLICT",
          `Upload ${master.id} is already the master of another track.`,
          { field: "masterUploadId" },
        );
      if (!isUniqueViolation(e, "slug")) throw e;
    }
  }
  throw new AppError(
    "CONFLICT",
    `Could not find a free slug for "${data.title}"; try another title.`,
    { field: "title" },
  );
}

/**
 * Updates an artist's own track. Price and commission changes apply to later checkouts only
 * (each sale keeps the rate it was sold at). Invalidates the track's cached page, the artist's
 * page and discover. A label acting for the artist may change the price but not the commission
 * rate or affiliate switch (`assertLabelKeepsPromotionTerms`).
 * @throws AppError NOT_FOUND, BAD_INPUT, FORBIDDEN (a label changing the promotion terms).
 */
export async function updateTrack(
  input: { artist: ArtistRef; data: UpdateTrackInput },
  db: PrismaClient,
) {
  const data = ZUpdateTrackInput.parse(input.data);
  const track = await getOwnTrackOrThrow(db, input.artist.artistId, data.trackId);
  assertLabelKeepsPromotionTerms(input.artist, track, data);
  const priceCents = data.priceCents ?? track.priceCents;
  const minPriceCents = data.minPriceCents === undefined ? track.minPriceCents : data.minPriceCents;
  if (minPriceCents != null && minPriceCents > priceCents) {
    throw new AppError("BAD_INPUT", "Minimum price cannot be above the suggested price.", {
      field: "minPriceCents",
    });
  }
  const artwork = data.artworkUploadId
    ? await getUploadOrThrow(
        db,
        data.artworkUploadId,
        input.artist.userId,
        "ARTWORK",
        "artworkUploadId",
      )
    : undefined;
  const updated = await db.track.update({
    where: { id: track.id },
    data: {
      title: data.title,
      description: data.description,
      genreId: await genreIdFor(db, data.genreSlug),
      priceCents: data.priceCents,
      minPriceCents: data.minPriceCents,
      commissionBps: data.commissionBps,
      affiliateEnabled: data.affiliateEnabled,
      artworkKey: data.artworkUploadId === null ? null : artwork?.storageKey,
    },
  });
  invalidatePublicPages([
    publicTags.track(track.id),
    publicTags.artist(track.artistId),
    publicTags.discover,
  ]);
  // The title and cover are written into the download formats: remake them (stale by tagsHash).
  if (data.title !== undefined || data.artworkUploadId !== undefined)
    await requestTrackTranscodes(db, track.id);
  return trackTotals(updated);
}

/**
 * Publishes or unpublishes an artist's own track. A track needs a preview clip to be published,
 * and a track an admin took down cannot be published until an admin restores it.
 * Invalidates the track's cached page, the artist's page and discover.
 * @throws AppError NOT_FOUND, BAD_INPUT (no preview), FORBIDDEN (taken down, with the reason).
 */
export async function setTrackPublished(
  input: { artistId: string; trackId: string; published: boolean },
  db: PrismaClient,
) {
  const track = await getOwnTrackOrThrow(db, input.artistId, input.trackId);
  if (input.published && track.takenDownAt)
    throw new AppError(
      "FORBIDDEN",
      `Track ${track.id} was taken down by Fanfare: ${track.takedownReason}. Contact support to have it restored.`,
    );
  if (input.published && !track.previewKey)
    throw new AppError(
      "BAD_INPUT",
      `Track ${track.id} has no preview clip yet; re-upload the master.`,
    );
  const updated = await db.track.update({
    where: { id: track.id },
    data: {
      published: input.published,
      publishedAt: input.published ? (track.publishedAt ?? new Date()) : track.publishedAt,
    },
  });
  invalidatePublicPages([
    publicTags.track(track.id),
    publicTags.artist(track.artistId),
    publicTags.discover,
  ]);
  if (input.published) await requestTrackTranscodes(db, track.id);
  return trackTotals(updated);
}

/**
 * Soft-deletes an artist's own track: it leaves the store and its links stop counting, while
 * its sales, downloads already bought and ledger entries stay intact. Invalidates the track's
 * cached page, the artist's page and discover.
 */
export async function deleteTrack(input: { artistId: string; trackId: string }, db: PrismaClient) {
  const track = await getOwnTrackOrThrow(db, input.artistId, input.trackId);
  const deleted = await db.track.update({
    where: { id: track.id },
    data: { deletedAt: new Date(), published: false },
  });
  invalidatePublicPages([
    publicTags.track(track.id),
    publicTags.artist(track.artistId),
    publicTags.discover,
  ]);
  return trackTotals(deleted);
}

/** The artist's tracks (not deleted), newest first, with their denormalised totals. */
export async function listArtistTracks(input: { artistId: string }, db: PrismaClient) {
  const rows = await db.track.findMany({
    where: { artistId: input.artistId, deletedAt: null },
    orderBy: { createdAt: "desc" },
    include: { genre: { select: { slug: true, name: true } } },
  });
  return rows.map(({ masterKey: _m, ...t }) => ({ ...trackTotals(t), ...mediaUrls(t) }));
}

/**
 * Creates the caller's artist profile (idempotent). The public slug comes from the name;
 * invalidates the cached artist page at that address (`publicTags.artistSlug`).
 */
export async function becomeArtist(
  input: { userId: string; name: string; bio?: string },
  db: PrismaClient,
) {
  const existing = await db.artistProfile.findUnique({ where: { userId: input.userId } });
  if (existing) return existing;
  const base = slugify(input.name);
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const created = await db.artistProfile.create({
        data: {
          userId: input.userId,
          name: input.name,
          bio: input.bio ?? "",
          slug: attempt === 0 ? base : slugWithSuffix(base),
        },
      });
      // A visitor may have seen "no artist here" at this address before.
      invalidatePublicPages([publicTags.artistSlug(created.slug)]);
      return created;
    } catch (e) {
      if (isUniqueViolation(e, "userId"))
        return db.artistProfile.findUniqueOrThrow({ where: { userId: input.userId } });
      if (!isUniqueViolation(e, "slug")) throw e;
    }
  }
  throw new AppError("CONFLICT", `Could not find a free profile address for "${input.name}".`, {
    field: "name",
  });
}
