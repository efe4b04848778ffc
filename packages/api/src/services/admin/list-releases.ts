import type { Prisma, PrismaClient } from "@fanfare/db";
import { cents, RELEASE_KINDS } from "@fanfare/db";
import type {
  AdminReleaseRow,
  AdminReleaseSort,
  AdminReleaseState,
  AdminReleasesInput,
  ReleaseKindName,
} from "@fanfare/validators";
import { adminReleaseState, ZAdminReleasesInput } from "@fanfare/validators";

import type { Page } from "../pagination";
import { pageArgs, paginate } from "../pagination";
import { likeLiteral } from "../shared/like";

/** The releases of each state: `adminReleaseState`'s rule as a filter (first match wins there too). */
const RELEASES_IN_STATE = {
  DELETED: { deletedAt: { not: null } },
  TAKEN_DOWN: { deletedAt: null, takenDownAt: { not: null } },
  PUBLISHED: { deletedAt: null, takenDownAt: null, published: true },
  DRAFT: { deletedAt: null, takenDownAt: null, published: false },
} satisfies Record<AdminReleaseState, Prisma.ReleaseWhereInput>;

/** Each order ends with the id, the unique key cursor pages need. */
const ORDER_BY = {
  newest: [{ createdAt: "desc" }, { id: "desc" }],
  sales: [{ salesCount: "desc" }, { id: "desc" }],
  gross: [{ grossCents: "desc" }, { id: "desc" }],
} satisfies Record<AdminReleaseSort, Prisma.ReleaseOrderByWithRelationInput[]>;

/** A stored kind as its type (the database CHECKs it; an unknown one would read as an album). */
const kindOf = (k: string): ReleaseKindName =>
  (RELEASE_KINDS as readonly string[]).includes(k) ? (k as ReleaseKindName) : "album";

/**
 * The console's releases (issue 16 §1, moderated as tracks are, issue 11 §6): every release whose
 * title, slug or artist name contains `query` (case-insensitive substring, trimmed, at most 100
 * characters; `%` and `_` match themselves), in one state (`ADMIN_RELEASE_STATES`; without one,
 * every release but the deleted ones), newest first, by sales (`salesCount`) or by gross
 * (`grossCents`); cursor pages by release id (`ZPageInput`: 1–50 rows, default 20). The same
 * rules as `listTracksForAdmin`.
 *
 * @returns `{ items, nextCursor }`, each item an `AdminReleaseRow`: `{ id, title, slug, kind,
 *   createdAt, artist: { id, name, slug, userId }, priceCents, minPriceCents, currency,
 *   commissionBps, affiliateEnabled, releaseDate, preorder, state, publishedAt, takenDownAt,
 *   takedownReason, deletedAt, trackCount, salesCount, grossCents }`. Money in integer cents
 *   (numbers, no bigint), the rate in basis points, dates UTC; the totals are the release's
 *   denormalised columns and the track count a grouped count, so a page is a fixed number of
 *   queries whatever its size, never one per row.
 * @throws ZodError for input outside `ZAdminReleasesInput` (the router refuses it first).
 *
 * Indexes: the cursor row and the artists are found by primary key. As for tracks, no index
 * serves the substring search (`ILIKE '%q%'` needs pg_trgm GIN indexes) nor the orders, so
 * PostgreSQL scans and sorts the matching releases ("Release_published_deletedAt_publishedAt_idx"
 * can narrow a state filter at most); fine while releases number in the thousands.
 */
export async function listReleasesForAdmin(
  raw: AdminReleasesInput,
  db: PrismaClient,
): Promise<Page<AdminReleaseRow>> {
  const input = ZAdminReleasesInput.parse(raw);
  // A search box's "%" and "_" are characters to find, not LIKE wildcards.
  const q = input.query ? likeLiteral(input.query) : undefined;
  const where: Prisma.ReleaseWhereInput = {
    ...(input.state ? RELEASES_IN_STATE[input.state] : { deletedAt: null }),
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
  const rows = await db.release.findMany({
    where,
    orderBy: ORDER_BY[input.sort],
    ...pageArgs(input),
    select: {
      id: true,
      title: true,
      slug: true,
      kind: true,
      createdAt: true,
      priceCents: true,
      minPriceCents: true,
      currency: true,
      commissionBps: true,
      affiliateEnabled: true,
      releaseDate: true,
      preorder: true,
      published: true,
      publishedAt: true,
      takenDownAt: true,
      takedownReason: true,
      deletedAt: true,
      salesCount: true,
      grossCents: true,
      artist: { select: { id: true, name: true, slug: true, userId: true } },
      _count: { select: { tracks: true } },
    },
  });
  return paginate(rows, input, ({ published, grossCents, kind, _count, ...r }) => ({
    ...r,
    kind: kindOf(kind),
    state: adminReleaseState({ published, takenDownAt: r.takenDownAt, deletedAt: r.deletedAt }),
    trackCount: _count.tracks,
    grossCents: cents(grossCents),
  }));
}
