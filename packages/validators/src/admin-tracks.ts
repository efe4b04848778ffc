import { z } from "zod";

import { ZPageInput } from "./schemas";
import { zText } from "./text";

/**
 * Where a track stands, as the console's tracks page shows and filters it (issue 11 §6):
 * PUBLISHED (in the store), DRAFT (not published: never yet, or unpublished by its artist),
 * TAKEN_DOWN (unpublished by an admin, with the reason the artist reads; the artist cannot
 * publish it again until an admin restores it), DELETED (deleted by its artist; kept for its
 * sales). Derived from the Track columns by `adminTrackState`.
 */
export const ADMIN_TRACK_STATES = ["PUBLISHED", "DRAFT", "TAKEN_DOWN", "DELETED"] as const;
export type AdminTrackState = (typeof ADMIN_TRACK_STATES)[number];

/**
 * A track's state from its columns, first match wins: `deletedAt` set → DELETED, `takenDownAt`
 * set → TAKEN_DOWN, `published` → PUBLISHED, otherwise DRAFT. The one rule: the service's
 * state filters select exactly the tracks this function names so.
 * @example adminTrackState({ published: false, takenDownAt: new Date(), deletedAt: null }) // "TAKEN_DOWN"
 */
export function adminTrackState(t: {
  published: boolean;
  takenDownAt: Date | null;
  deletedAt: Date | null;
}): AdminTrackState {
  if (t.deletedAt) return "DELETED";
  if (t.takenDownAt) return "TAKEN_DOWN";
  return t.published ? "PUBLISHED" : "DRAFT";
}

/**
 * The tracks page's orders, each ending with the id (newest first) so pages never overlap:
 * `newest` (created last first), `sales` (most completed sales first, net of refunds: the
 * denormalised `salesCount`), `gross` (most gross sales in cents first: `grossCents`).
 */
export const ADMIN_TRACK_SORTS = ["newest", "sales", "gross"] as const;
export type AdminTrackSort = (typeof ADMIN_TRACK_SORTS)[number];

/**
 * `admin.tracks.list`: search by title, slug or artist name (any case, trimmed, at most 100
 * characters; empty means no search), one state (absent: every track but the deleted ones),
 * an order; cursor pages.
 */
export const ZAdminTracksInput = ZPageInput.extend({
  query: zText("Search").trim().max(100, "Search at most 100 characters.").optional(),
  state: z
    .enum(ADMIN_TRACK_STATES, {
      message: "State must be PUBLISHED, DRAFT, TAKEN_DOWN or DELETED.",
    })
    .optional(),
  sort: z.enum(ADMIN_TRACK_SORTS, { message: "Sort by newest, sales or gross." }).default("newest"),
});
export type AdminTracksInput = z.input<typeof ZAdminTracksInput>;

const zCents = z.number().int();
const zCount = z.number().int().nonnegative();

/**
 * One row of `admin.tracks.list`. Money in integer cents, the commission rate in basis points;
 * `artist.userId` opens the artist's person page; `takedownReason` is the reason the artist
 * reads (null unless taken down); `salesCount` and `grossCents` are the track's denormalised
 * totals.
 */
export const ZAdminTrackRow = z.object({
  id: z.string(),
  title: z.string(),
  slug: z.string(),
  createdAt: z.date(),
  artist: z.object({ id: z.string(), name: z.string(), slug: z.string(), userId: z.string() }),
  priceCents: zCents,
  /** Pay-what-you-want: the least a buyer pays (`priceCents` is then the suggested price). */
  minPriceCents: zCents.nullable(),
  currency: z.string(),
  commissionBps: z.number().int(),
  affiliateEnabled: z.boolean(),
  state: z.enum(ADMIN_TRACK_STATES),
  publishedAt: z.date().nullable(),
  takenDownAt: z.date().nullable(),
  takedownReason: z.string().nullable(),
  deletedAt: z.date().nullable(),
  salesCount: zCount,
  grossCents: zCents,
});
export type AdminTrackRow = z.infer<typeof ZAdminTrackRow>;

/** `admin.tracks.list`'s answer: one page of rows and the next page's cursor (null: last page). */
export const ZAdminTracksOutput = z.object({
  items: z.array(ZAdminTrackRow),
  nextCursor: z.string().nullable(),
});
