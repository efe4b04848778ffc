import type { Prisma, PrismaClient } from "@fanfare/db";
import { cents } from "@fanfare/db";
import type {
  AdminTrackRow,
  AdminTrackSort,
  AdminTrackState,
  AdminTracksInput,
} from "@fanfare/validators";
import { adminTrackState, ZAdminTracksInput } from "@fanfare/validators";

import type { Page } from "../pagination";
import { pageArgs, paginate } from "../pagination";
import { likeLiteral } from "../shared/like";

/** The tracks of each state: `adminTrackState`'s rule as a filter (first match wins there too). */
const TRACKS_IN_STATE = {
  DELETED: { deletedAt: { not: null } },
  TAKEN_DOWN: { deletedAt: null, takenDownAt: { not: null } },
  PUBLISHED: { deletedAt: null, takenDownAt: null, published: true },
  DRAFT: { deletedAt: null, takenDownAt: null, published: false },
} satisfies Record<AdminTrackState, Prisma.TrackWhereInput>;

/** Each order ends with the id, the unique key cursor pages need. */
const ORDER_BY = {
  newest: [{ createdAt: "desc" }, { id: "desc" }],
  sales: [{ salesCount: "desc" }, { id: "desc" }],
  gross: [{ grossCents: "desc" }, { id: "desc" }],
} satisfies Record<AdminTrackSort, Prisma.TrackOrderByWithRelationInput[]>;

/**
 * The console's tracks (issue 11 §6, "tracks (search, takedown)"): every track whose title, slug
 * or artist name contains `query` (case-insensitive substring, trimmed, at most 100 characters;
 * `%` and `_` match themselves), in one state (`ADMIN_TRACK_STATES`; without one, every track
 * but the deleted ones), newest first, by sales (`salesCount`) or by gross (`grossCents`); cursor
 * pages by track id (`ZPageInput`: 1–50 rows, default 20).
 *
 * @returns `{ items, nextCursor }`, each item an `AdminTrackRow`: `{ id, title, slug, createdAt,
 *   artist: { id, name, slug, userId }, priceCents, minPriceCents, currency, commissionBps,
 *   affiliateEnabled, state, publishedAt, takenDownAt, takedownReason, deletedAt, salesCount,
 *   grossCents }`. Money in integer cents (numbers, no bigint), the rate in basis points; the
 *   totals are the track's denormalised columns, so a page is two queries whatever its size (the
 *   tracks, then their artists by id), never one per row.
 * @throws ZodError for input outside `ZAdminTracksInput` (the router refuses it first).
 *
 * Indexes: the cursor row and the artists are found by primary key ("Track_pkey",
 * "ArtistProfile_pkey"). No index
 * serves the rest: the substring search (`ILIKE '%q%'` on "Track"."title", "Track"."slug" and
 * "ArtistProfile"."name") needs trigram (pg_trgm GIN) indexes that do not exist, and no index
 * leads with "createdAt", "salesCount" or "grossCents", so PostgreSQL scans and sorts the
 * matching tracks ("Track_published_deletedAt_publishedAt_idx" can narrow a state filter at
 * most). Fine for a catalogue of thousands; the indexes to add when it grows are named in the
 * report of this change.
 */
export async function listTracksForAdmin(
  raw: AdminTracksInput,
  db: PrismaClient,
): Promise<Page<AdminTrackRow>> {
  const input = ZAdminTracksInput.parse(raw);
  // A search box's "%" and "_" are characters to find, not LIKE wildcards.
  const q = input.query ? likeLiteral(input.query) : undefined;
  const where: Prisma.TrackWhereInput = {
    ...(input.state ? TRACKS_IN_STATE[input.state] : { deletedAt: null }),
    ...(q
      ? {
          OR: [
            { title: { contains: q, mode: "insensitive" } },
            { slug: { contains: q, mode: "insensitive" } },
            { artist: { name: { contains: q, mode: "insensitive" } } },
          ],
        }
      : {}),
  };
  const rows = await db.track.findMany({
    where,
    orderBy: ORDER_BY[input.sort],
    ...pageArgs(input),
    select: {
      id: true,
      title: true,
      slug: true,
      createdAt: true,
      priceCents: true,
      minPriceCents: true,
      currency: true,
      commissionBps: true,
      affiliateEnabled: true,
      published: true,
      publishedAt: true,
      takenDownAt: true,
      takedownReason: true,
      deletedAt: true,
      salesCount: true,
      grossCents: true,
      artist: { select: { id: true, name: true, slug: true, userId: true } },
    },
  });
  return paginate(rows, input, ({ published, grossCents, ...t }) => ({
    ...t,
    state: adminTrackState({ published, takenDownAt: t.takenDownAt, deletedAt: t.deletedAt }),
    grossCents: cents(grossCents),
  }));
}
