import type { PrismaClient } from "@fanfare/db";
import type { Prisma } from "@fanfare/db";
import { ZDiscoverInput } from "@fanfare/validators";
import type { z } from "zod";

import { AppError } from "../app-error";
import { publicTrackSelect, toPublicTrack } from "./track-view";

const onSale = { published: true, deletedAt: null } satisfies Prisma.TrackWhereInput;

/**
 * Published tracks, newest first, filtered by a search over title, artist and description and
 * by genre; cursor paging by track id.
 * @returns `{ items, nextCursor }` (nextCursor null on the last page).
 */
export async function discoverTracks(raw: z.input<typeof ZDiscoverInput>, db: PrismaClient) {
  const input = ZDiscoverInput.parse(raw);
  const q = input.query?.trim();
  const where: Prisma.TrackWhereInput = {
    ...onSale,
    ...(input.genreSlug ? { genre: { slug: input.genreSlug } } : {}),
    ...(q
      ? {
          OR: [
            { title: { contains: q, mode: "insensitive" } },
            { artist: { name: { contains: q, mode: "insensitive" } } },
            { description: { contains: q, mode: "insensitive" } },
          ],
        }
      : {}),
  };
  const rows = await db.track.findMany({
    where,
    select: publicTrackSelect,
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
  });
  const hasMore = rows.length > input.limit;
  const items = rows.slice(0, input.limit).map(toPublicTrack);
  return { items, nextCursor: hasMore ? (items.at(-1)?.id ?? null) : null };
}

/**
 * A track by its slug, for the public page. Unpublished tracks are visible only to their artist.
 * @throws AppError NOT_FOUND.
 */
export async function getTrackBySlug(
  input: { slug: string; viewerUserId?: string | null },
  db: PrismaClient,
) {
  const row = await db.track.findUnique({ where: { slug: input.slug }, select: publicTrackSelect });
  const visible =
    row && !row.deletedAt && (row.published || row.artist.userId === input.viewerUserId);
  if (!row || !visible) throw new AppError("NOT_FOUND", `No track at /t/${input.slug}.`);
  return { ...toPublicTrack(row), isOwner: row.artist.userId === input.viewerUserId };
}

/** Every genre, alphabetically (for filters and the upload form). */
export async function listGenres(db: PrismaClient) {
  return db.genre.findMany({ orderBy: { name: "asc" }, select: { slug: true, name: true } });
}
