/**
 * The admin console's releases (issue 16 §1, moderated as tracks are, issue 11 §2 and §6): the
 * inputs and rows of `admin.releases.list`, `admin.releases.takedown` and
 * `admin.releases.restore`. States, orders, search and the reason follow the tracks page's rules
 * (admin-tracks.ts, `ZTrackModerationInput`), so both lists filter and refuse the same way.
 */
import { z } from "zod";

import { RELEASE_KIND_LABELS } from "./releases";
import type { ReleaseKindName } from "./releases";
import { ZPageInput } from "./schemas";
import { ADMIN_TRACK_SORTS, adminTrackState, ADMIN_TRACK_STATES } from "./admin-tracks";
import { ZTrackModerationInput } from "./promoters";
import { zId, zText } from "./text";

/**
 * Where a release stands, as the console shows and filters it: PUBLISHED (in the store), DRAFT
 * (not published: never yet, or unpublished by its artist), TAKEN_DOWN (unpublished by an admin,
 * with the reason the artist reads; the artist cannot publish it again until an admin restores
 * it), DELETED (deleted by its artist; kept for its sales). The same states as a track's.
 */
export const ADMIN_RELEASE_STATES = ADMIN_TRACK_STATES;
export type AdminReleaseState = (typeof ADMIN_RELEASE_STATES)[number];

/**
 * A release's state from its columns, first match wins: `deletedAt` set → DELETED, `takenDownAt`
 * set → TAKEN_DOWN, `published` → PUBLISHED, otherwise DRAFT (`adminTrackState`'s rule; the
 * service's state filters select exactly the releases this function names so).
 * @example adminReleaseState({ published: true, takenDownAt: null, deletedAt: null }) // "PUBLISHED"
 */
export function adminReleaseState(r: {
  published: boolean;
  takenDownAt: Date | null;
  deletedAt: Date | null;
}): AdminReleaseState {
  return adminTrackState(r);
}

/**
 * The releases page's orders, each ending with the id (newest first) so pages never overlap:
 * `newest` (created last first), `sales` (most completed sales first: the denormalised
 * `salesCount`), `gross` (most gross sales in cents first: `grossCents`).
 */
export const ADMIN_RELEASE_SORTS = ADMIN_TRACK_SORTS;
export type AdminReleaseSort = (typeof ADMIN_RELEASE_SORTS)[number];

/**
 * `admin.releases.list`: search by title, slug or artist name (any case, trimmed, at most 100
 * characters; empty means no search), one state (absent: every release but the deleted ones),
 * an order; cursor pages (1–50 rows, default 20).
 */
export const ZAdminReleasesInput = ZPageInput.extend({
  query: zText("Search").trim().max(100, "Search at most 100 characters.").optional(),
  state: z
    .enum(ADMIN_RELEASE_STATES, {
      message: "State must be PUBLISHED, DRAFT, TAKEN_DOWN or DELETED.",
    })
    .optional(),
  sort: z
    .enum(ADMIN_RELEASE_SORTS, { message: "Sort by newest, sales or gross." })
    .default("newest"),
});
export type AdminReleasesInput = z.input<typeof ZAdminReleasesInput>;

const zCents = z.number().int();
const zCount = z.number().int().nonnegative();
const KINDS = Object.keys(RELEASE_KIND_LABELS) as [ReleaseKindName, ...ReleaseKindName[]];

/**
 * One row of `admin.releases.list`. Money in integer cents, the commission rate in basis points;
 * `artist.userId` opens the artist's person page; `releaseDate` is the UTC day it comes out
 * (midnight UTC) or null; `takedownReason` is the reason the artist reads (null unless taken
 * down); `trackCount` counts its tracks; `salesCount` and `grossCents` are the release's
 * denormalised totals.
 */
export const ZAdminReleaseRow = z.object({
  id: z.string(),
  title: z.string(),
  slug: z.string(),
  kind: z.enum(KINDS),
  createdAt: z.date(),
  artist: z.object({ id: z.string(), name: z.string(), slug: z.string(), userId: z.string() }),
  priceCents: zCents,
  /** Pay-what-you-want: the least a buyer pays (`priceCents` is then the suggested price). */
  minPriceCents: zCents.nullable(),
  currency: z.string(),
  commissionBps: z.number().int(),
  affiliateEnabled: z.boolean(),
  releaseDate: z.date().nullable(),
  preorder: z.boolean(),
  state: z.enum(ADMIN_RELEASE_STATES),
  publishedAt: z.date().nullable(),
  takenDownAt: z.date().nullable(),
  takedownReason: z.string().nullable(),
  deletedAt: z.date().nullable(),
  trackCount: zCount,
  salesCount: zCount,
  grossCents: zCents,
});
export type AdminReleaseRow = z.infer<typeof ZAdminReleaseRow>;

/** `admin.releases.list`'s answer: one page of rows and the next page's cursor (null: last page). */
export const ZAdminReleasesOutput = z.object({
  items: z.array(ZAdminReleaseRow),
  nextCursor: z.string().nullable(),
});

/**
 * `admin.releases.takedown` / `admin.releases.restore`: one release and why (the artist reads
 * it; 3–1000 characters after trimming, the track moderation's rule).
 */
export const ZReleaseModerationInput = z.object({
  releaseId: zId("Release id"),
  reason: ZTrackModerationInput.shape.reason,
});
export type ReleaseModerationInput = z.infer<typeof ZReleaseModerationInput>;
