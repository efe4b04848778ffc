import type { PrismaClient } from "@fanfare/db";
import { Prisma as P } from "@fanfare/db";
import type { DiscoverSort } from "@fanfare/validators";
import { ZDiscoverInput } from "@fanfare/validators";
import type { z } from "zod";

import { AppError } from "../app-error";
import { publicTrackSelect, toPublicTrack } from "./track-view";

/** The order key of each discover sort, over the track row `t`, and its direction. */
const SORT_KEYS: Record<DiscoverSort, { key: (t: string) => string; dir: "ASC" | "DESC" }> = {
  new: { key: (t) => `${t}."publishedAt"`, dir: "DESC" },
  popular: { key: (t) => `${t}."salesCount"`, dir: "DESC" },
  price: { key: (t) => `COALESCE(${t}."minPriceCents", ${t}."priceCents")`, dir: "ASC" },
  commission: {
    key: (t) => `CASE WHEN ${t}."affiliateEnabled" THEN ${t}."commissionBps" ELSE 0 END`,
    dir: "DESC",
  },
};

/** `s` as a literal ILIKE pattern matching anywhere (its `\`, `%` and `_` escaped). */
const containsPattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Published tracks in one of discover's orders (`sort`, see `DISCOVER_SORTS`: new, popular =
 * most sales net of refunds, price = lowest payable price first, commission = highest rate
 * first), filtered by a case-insensitive search over title, artist name and description and by
 * genre; keyset paging: `cursor` is the last track id of the previous page, and the next page
 * starts after that track's place in the order (ties broken by id, in the order's direction).
 * Two statements: the page's ids in order, then those tracks. No index serves the popular,
 * price and commission orders: they sort the published tracks (thousands, not the sales), and
 * the pages are cached; an index on `salesCount` would make every settlement's track update
 * non-HOT.
 * @returns `{ items, nextCursor }` (nextCursor null on the last page; an unknown cursor gives an
 *   empty page).
 * @throws ZodError on bad input (the router answers 400).
 */
export async function discoverTracks(raw: z.input<typeof ZDiscoverInput>, db: PrismaClient) {
  const input = ZDiscoverInput.parse(raw);
  const q = input.query?.trim() || null;
  const { key, dir } = SORT_KEYS[input.sort];
  const order = P.raw(`${key("t")} ${dir}, t."id" ${dir}`);
  const after = input.cursor
    ? P.sql`AND (${P.raw(key("t"))}, t."id") ${P.raw(dir === "DESC" ? "<" : ">")}
        (SELECT ${P.raw(key("c"))}, c."id" FROM "Track" c WHERE c."id" = ${input.cursor})`
    : P.empty;
  const pattern = q ? containsPattern(q) : null;
  const search = pattern
    ? P.sql`AND (t."title" ILIKE ${pattern} OR a."name" ILIKE ${pattern} OR t."description" ILIKE ${pattern})`
    : P.empty;
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT t."id" FROM "Track" t
    JOIN "ArtistProfile" a ON a."id" = t."artistId"
    ${input.genreSlug ? P.sql`JOIN "Genre" g ON g."id" = t."genreId" AND g."slug" = ${input.genreSlug}` : P.empty}
    WHERE t."published" AND t."deletedAt" IS NULL ${search} ${after}
    ORDER BY ${order} LIMIT ${input.limit + 1}::int`;
  const page = ids.slice(0, input.limit).map((r) => r.id);
  const rows = await db.track.findMany({
    where: { id: { in: page } },
    select: publicTrackSelect,
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = page.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toPublicTrack(row)] : []; // deleted between the two statements
  });
  return {
    items,
    nextCursor: ids.length > input.limit ? (page.at(-1) ?? null) : null,
  };
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
