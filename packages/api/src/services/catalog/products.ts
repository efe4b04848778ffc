import type { Prisma, PrismaClient, ProductKind } from "@fanfare/db";

import { AppError } from "../app-error";

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * What a sale can be of (issue 16 §1): a track or a release, by kind and id. The columns of
 * Sale, Commission, AffiliateLink, ClickEvent and ClickRollupPending that name it are `trackId`
 * or `releaseId`, exactly one set (CHECKed).
 */
export type ProductRef = { kind: ProductKind; id: string };

/** The product columns of a row naming `ref`: `{ trackId }` or `{ releaseId }`. */
export function productColumns(ref: ProductRef): { trackId: string } | { releaseId: string } {
  return ref.kind === "track" ? { trackId: ref.id } : { releaseId: ref.id };
}

/** The product a row names by its `trackId` / `releaseId` columns (one is set, CHECKed). */
export function productOf(row: { trackId: string | null; releaseId: string | null }): ProductRef {
  if (row.trackId) return { kind: "track", id: row.trackId };
  if (row.releaseId) return { kind: "release", id: row.releaseId };
  throw new Error("A product row names neither a track nor a release.");
}

/**
 * What a listing calls a sale's product: a track, a release, or (issue 16 §3) a catalog
 * subscription's invoice, shown as the artist's subscription.
 */
export type ListedProductKind = ProductKind | "subscription";

/** The title listings give a subscription invoice's product (issue 16 §3). */
export const SUBSCRIPTION_TITLE = "Catalog subscription";

/**
 * A product's public path: `/t/<slug>` or `/r/<slug>`; a subscription's is its artist's page
 * `/a/<artist slug>` (issue 16 §3).
 */
export const productPath = (kind: ListedProductKind, slug: string) =>
  `/${kind === "track" ? "t" : kind === "release" ? "r" : "a"}/${slug}`;

/**
 * A product as checkout, attribution and settlement see it: who sells it, at what price and
 * commission rate, whether its affiliate program is on, and what a buyer receives.
 */
export type SaleProduct = ProductRef & {
  slug: string;
  title: string;
  artistId: string;
  artistName: string;
  artistUserId: string;
  /** Cents. With `minPriceCents` set: pay-what-you-want, this is the suggested price. */
  priceCents: number;
  minPriceCents: number | null;
  currency: string;
  commissionBps: number;
  affiliateEnabled: boolean;
  /**
   * Published, not deleted, not taken down; for a release also: at least one track, every track
   * still published, and out (or on pre-order) at `now`.
   */
  onSale: boolean;
  /**
   * A release on pre-order: its release date, in the future at `now`. Downloads open then and
   * the holding period runs from it. Null for a track and a release that is out.
   */
  deliverAt: Date | null;
  /** The tracks a buyer receives, in order (one for a track). */
  trackIds: string[];
  /** One line for the processor's checkout page: what the file or files are. */
  description: string;
};

const releaseSelect = {
  id: true,
  slug: true,
  title: true,
  kind: true,
  artistId: true,
  priceCents: true,
  minPriceCents: true,
  currency: true,
  commissionBps: true,
  affiliateEnabled: true,
  published: true,
  deletedAt: true,
  takenDownAt: true,
  releaseDate: true,
  preorder: true,
  artist: { select: { name: true, userId: true } },
  tracks: {
    orderBy: { position: "asc" },
    select: {
      trackId: true,
      track: { select: { published: true, deletedAt: true, takenDownAt: true } },
    },
  },
} as const satisfies Prisma.ReleaseSelect;

const trackSelect = {
  id: true,
  slug: true,
  title: true,
  artistId: true,
  priceCents: true,
  minPriceCents: true,
  currency: true,
  commissionBps: true,
  affiliateEnabled: true,
  published: true,
  deletedAt: true,
  takenDownAt: true,
  masterFormat: true,
  artist: { select: { name: true, userId: true } },
} as const satisfies Prisma.TrackSelect;

function fromTrack(t: Prisma.TrackGetPayload<{ select: typeof trackSelect }>): SaleProduct {
  return {
    kind: "track",
    id: t.id,
    slug: t.slug,
    title: t.title,
    artistId: t.artistId,
    artistName: t.artist.name,
    artistUserId: t.artist.userId,
    priceCents: t.priceCents,
    minPriceCents: t.minPriceCents,
    currency: t.currency,
    commissionBps: t.commissionBps,
    affiliateEnabled: t.affiliateEnabled,
    onSale: t.published && !t.deletedAt && !t.takenDownAt,
    deliverAt: null,
    trackIds: [t.id],
    description: `Download of the master (${t.masterFormat.toUpperCase()})`,
  };
}

function fromRelease(
  r: Prisma.ReleaseGetPayload<{ select: typeof releaseSelect }>,
  now: Date,
): SaleProduct {
  const upcoming = r.releaseDate != null && r.releaseDate.getTime() > now.getTime();
  const n = r.tracks.length;
  // Every track must still be sellable: one unpublished, deleted or taken down since the release
  // was published takes the release off sale until the artist fixes it.
  const tracksSellable = r.tracks.every(
    (t) => t.track.published && !t.track.deletedAt && !t.track.takenDownAt,
  );
  return {
    kind: "release",
    id: r.id,
    slug: r.slug,
    title: r.title,
    artistId: r.artistId,
    artistName: r.artist.name,
    artistUserId: r.artist.userId,
    priceCents: r.priceCents,
    minPriceCents: r.minPriceCents,
    currency: r.currency,
    commissionBps: r.commissionBps,
    affiliateEnabled: r.affiliateEnabled,
    // Before its release date a release sells only as a pre-order.
    onSale:
      r.published &&
      !r.deletedAt &&
      !r.takenDownAt &&
      n > 0 &&
      tracksSellable &&
      (!upcoming || r.preorder),
    deliverAt: upcoming ? r.releaseDate : null,
    trackIds: r.tracks.map((t) => t.trackId),
    description: upcoming
      ? `Pre-order of the ${r.kind === "ep" ? "EP" : r.kind}: ${n} track${n === 1 ? "" : "s"}, downloads open ${r.releaseDate!.toISOString().slice(0, 10)} (UTC)`
      : `Download of the ${r.kind === "ep" ? "EP" : r.kind}: ${n} track${n === 1 ? "" : "s"}`,
  };
}

/**
 * Loads a product by kind and slug (the public page's address), or by id.
 * @returns the product, or null when none has that slug or id (on sale or not: see `onSale`).
 */
export async function findSaleProduct(
  by: { kind: ProductKind; slug: string } | ProductRef,
  db: Db,
  now = new Date(),
): Promise<SaleProduct | null> {
  const where = "slug" in by ? { slug: by.slug } : { id: by.id };
  if (by.kind === "track") {
    const t = await db.track.findUnique({ where, select: trackSelect });
    return t && fromTrack(t);
  }
  const r = await db.release.findUnique({ where, select: releaseSelect });
  return r && fromRelease(r, now);
}

/**
 * The product on sale at `/t/<slug>` or `/r/<slug>`.
 * @throws AppError NOT_FOUND naming the address when there is none, or it is not on sale
 *   (draft, deleted, taken down; a release before its date without pre-orders).
 */
export async function saleProductOnSale(
  by: { kind: ProductKind; slug: string },
  db: Db,
  now = new Date(),
): Promise<SaleProduct> {
  const product = await findSaleProduct(by, db, now);
  if (!product || !product.onSale)
    throw new AppError(
      "NOT_FOUND",
      by.kind === "track"
        ? `No track on sale at /t/${by.slug}.`
        : `No release on sale at /r/${by.slug}.`,
    );
  return product;
}

/**
 * A release's artwork URL (`/api/media/release-artwork/<id>`, served from its ARTWORK upload like
 * a track's `/api/media/artwork/<id>`), or null without artwork.
 */
export const releaseArtworkUrl = (release: { id: string; artworkKey: string | null }) =>
  release.artworkKey ? `/api/media/release-artwork/${release.id}` : null;

/**
 * What a listing reads of a sale's or commission's product: its track, its release, or its
 * catalog subscription (issue 16 §3; its artist).
 */
export const saleProductSelect = {
  track: { select: { id: true, slug: true, title: true, artist: { select: { name: true } } } },
  release: { select: { id: true, slug: true, title: true, artist: { select: { name: true } } } },
  subscription: { select: { id: true, artist: { select: { name: true, slug: true } } } },
} as const;

type ProductRow = { id: string; slug: string; title: string; artist: { name: string } };
type SubscriptionRow = { id: string; artist: { name: string; slug: string } };

/**
 * The product of a sale or commission row loaded with `saleProductSelect`, for listings: kind,
 * id, slug, title and the artist's name. A subscription invoice's is the subscription, titled
 * `SUBSCRIPTION_TITLE`, with its artist's slug (`productPath` gives the artist's page).
 * @throws Error when the row has none (the database's CHECK makes that impossible).
 */
export function saleProductView(row: {
  track: ProductRow | null;
  release: ProductRow | null;
  subscription?: SubscriptionRow | null;
}): { kind: ListedProductKind; id: string; slug: string; title: string; artistName: string } {
  if (row.subscription)
    return {
      kind: "subscription",
      id: row.subscription.id,
      slug: row.subscription.artist.slug,
      title: SUBSCRIPTION_TITLE,
      artistName: row.subscription.artist.name,
    };
  const p = row.track ?? row.release;
  if (!p) throw new Error("A sale names neither a track nor a release.");
  return {
    kind: row.track ? "track" : "release",
    id: p.id,
    slug: p.slug,
    title: p.title,
    artistName: p.artist.name,
  };
}

/** What a listing's select reads of a subscription invoice's product (issue 16 §3). */
export const listedSubscriptionSelect = {
  subscription: { select: { id: true, artist: { select: { slug: true } } } },
} as const;

/**
 * A row loaded with `track` and `release` (and `subscription`, `listedSubscriptionSelect`; one of
 * them set, CHECKed) as one with `track` holding whichever it is and `productKind` saying which,
 * for listings that show a title and a link (the admin console's, the REST API's). The release's
 * fields must be selected as the track's; a subscription's product is `{ id, title:
 * SUBSCRIPTION_TITLE, slug: the artist's }` (its link is the artist's page, `productPath`).
 * @throws Error when the row has none.
 */
export function withProduct<
  T extends {
    track: unknown;
    release: unknown;
    subscription?: { id: string; artist: { slug: string } } | null;
  },
>(
  row: T,
): Omit<T, "track" | "release" | "subscription"> & {
  track: NonNullable<T["track"]> | NonNullable<T["release"]>;
  productKind: ListedProductKind;
} {
  const { track, release, subscription, ...rest } = row;
  type Listed = NonNullable<T["track"]> | NonNullable<T["release"]>;
  if (subscription)
    return {
      ...rest,
      // The fields a listing selects of a product (id, title, slug) are all here.
      track: {
        id: subscription.id,
        title: SUBSCRIPTION_TITLE,
        slug: subscription.artist.slug,
      } as unknown as Listed,
      productKind: "subscription",
    };
  const product = (track ?? release) as Listed | null;
  if (product == null) throw new Error("A row names neither a track nor a release.");
  return { ...rest, track: product, productKind: track ? "track" : "release" };
}
