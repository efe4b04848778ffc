import type { PrismaClient, ProductKind } from "@fanfare/db";

import { promoterLabel, promoterLabelSelect } from "../artist/sales";
import { SUBSCRIPTION_TITLE } from "../catalog/products";
import { getOwnLabelOrThrow } from "./label-profile";

/** Sums of a group of the label's sales, integer cents as recorded on each sale. */
export type LabelSalesSums = {
  salesCount: number;
  /** What buyers paid (Sale.amountCents). */
  grossCents: number;
  /** The label's share (Sale.labelCents). */
  labelCents: number;
  /** What the artists kept after the label's share (Sale.artistCents). */
  artistCents: number;
  /** Refunded or disputed back since (Sale.reversedCents); the shares above are before it. */
  reversedCents: number;
};

export type LabelStats = {
  totals: LabelSalesSums;
  byArtist: (LabelSalesSums & { artist: { id: string; name: string; slug: string } })[];
  byProduct: (LabelSalesSums & {
    kind: ProductKind | "subscription";
    id: string;
    title: string;
    slug: string;
    artistName: string;
  })[];
  /** The promoters who drove most of the label's sales, by gross (top 10). */
  promoters: {
    promoterId: string;
    /** Display name, else initials (`promoterLabel`). */
    label: string;
    salesCount: number;
    grossCents: number;
    commissionCents: number;
  }[];
};

const SUMS = {
  amountCents: true,
  labelCents: true,
  artistCents: true,
  reversedCents: true,
} as const;

type Group = {
  _count: number;
  _sum: {
    amountCents: number | null;
    labelCents: number | null;
    artistCents: number | null;
    reversedCents: number | null;
  };
};

const sums = (g: Group): LabelSalesSums => ({
  salesCount: g._count,
  grossCents: g._sum.amountCents ?? 0,
  labelCents: g._sum.labelCents ?? 0,
  artistCents: g._sum.artistCents ?? 0,
  reversedCents: g._sum.reversedCents ?? 0,
});

/**
 * The label dashboard's figures for `userId`'s label (`label.stats`, issue 16 §5): its completed
 * sales (Sale.labelId = the label: the label recorded on the sale at checkout start, so a sale
 * keeps its label after the contract ends, and an artist's sales outside any contract are not
 * counted), in total, by artist and by product (track or release), each with the count, gross,
 * label share and artist share as recorded, and what refunds and disputes reversed; and the top
 * 10 promoters of those sales by gross, with their commission. Amounts in integer cents.
 * @throws AppError FORBIDDEN when the user has no label.
 */
export async function getLabelStats(
  input: { userId: string },
  db: PrismaClient,
): Promise<LabelStats> {
  const label = await getOwnLabelOrThrow({ userId: input.userId }, db);
  const where = { labelId: label.id, status: "COMPLETED" as const };
  const [total, byArtist, byProduct, byPromoter] = await Promise.all([
    db.sale.aggregate({ where, _count: true, _sum: SUMS }),
    db.sale.groupBy({
      by: ["artistId"],
      where,
      _count: true,
      _sum: SUMS,
      orderBy: { _sum: { amountCents: "desc" } },
    }),
    db.sale.groupBy({
      // The artist too: a catalog subscription's invoices (issue 16 §3) name no track or release,
      // and count as the artist's subscription.
      by: ["productKind", "trackId", "releaseId", "artistId"],
      where,
      _count: true,
      _sum: SUMS,
      orderBy: { _sum: { amountCents: "desc" } },
      take: 100,
    }),
    db.sale.groupBy({
      by: ["promoterId"],
      where: { ...where, promoterId: { not: null } },
      _count: true,
      _sum: { amountCents: true, commissionCents: true },
      orderBy: { _sum: { amountCents: "desc" } },
      take: 10,
    }),
  ]);
  const [artists, tracks, releases, promoters] = await Promise.all([
    db.artistProfile.findMany({
      where: {
        id: { in: [...new Set([...byArtist, ...byProduct].map((g) => g.artistId))] },
      },
      select: { id: true, name: true, slug: true },
    }),
    db.track.findMany({
      where: { id: { in: byProduct.flatMap((g) => (g.trackId ? [g.trackId] : [])) } },
      select: { id: true, title: true, slug: true, artist: { select: { name: true } } },
    }),
    db.release.findMany({
      where: { id: { in: byProduct.flatMap((g) => (g.releaseId ? [g.releaseId] : [])) } },
      select: { id: true, title: true, slug: true, artist: { select: { name: true } } },
    }),
    db.promoterProfile.findMany({
      where: { id: { in: byPromoter.map((g) => g.promoterId!) } },
      select: promoterLabelSelect,
    }),
  ]);
  const artistById = new Map(artists.map((a) => [a.id, a]));
  const productById = new Map([...tracks, ...releases].map((p) => [p.id, p]));
  return {
    totals: sums({ _count: total._count, _sum: total._sum }),
    byArtist: byArtist.map((g) => ({
      ...sums(g),
      artist: artistById.get(g.artistId) ?? { id: g.artistId, name: "?", slug: "" },
    })),
    byProduct: byProduct.map((g) => {
      if (g.productKind === "subscription_invoice") {
        const a = artistById.get(g.artistId);
        return {
          ...sums(g),
          kind: "subscription" as const,
          id: `subscription:${g.artistId}`,
          title: SUBSCRIPTION_TITLE,
          slug: a?.slug ?? "",
          artistName: a?.name ?? "?",
        };
      }
      const id = (g.trackId ?? g.releaseId)!;
      const p = productById.get(id);
      return {
        ...sums(g),
        kind: g.productKind as ProductKind,
        id,
        title: p?.title ?? "?",
        slug: p?.slug ?? "",
        artistName: p?.artist.name ?? "?",
      };
    }),
    promoters: byPromoter.map((g) => {
      const p = promoters.find((x) => x.id === g.promoterId);
      return {
        promoterId: g.promoterId!,
        label: p ? promoterLabel(p) : "?",
        salesCount: g._count,
        grossCents: g._sum.amountCents ?? 0,
        commissionCents: g._sum.commissionCents ?? 0,
      };
    }),
  };
}
