import type { PrismaClient } from "@fanfare/db";
import { cents } from "@fanfare/db";
import { ZPageInput } from "@fanfare/validators";
import type { z } from "zod";

import { saleAmounts } from "../money/reversal";
import { netByPayee, sharesFromRows } from "../money/shares";
import { pageArgs, paginate } from "../pagination";
import { buyerForArtist } from "../platform/buyer-identity";
import { saleProductSelect, saleProductView } from "../catalog/products";

/** A person's public label: the display name, else initials of the name/email. */
export function promoterLabel(p: {
  displayName: string | null;
  user: { name: string | null; email: string };
}): string {
  if (p.displayName) return p.displayName;
  const source = p.user.name ?? p.user.email.split("@")[0] ?? "?";
  return source
    .split(/[\s._-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => `${w[0]!.toUpperCase()}.`)
    .join(" ");
}

/** The promoter fields `promoterLabel` needs, for sale listings. */
export const promoterLabelSelect = {
  id: true,
  displayName: true,
  user: { select: { name: true, email: true } },
} as const;

/**
 * The artist's sales, newest first, with the promoter and link that drove each (if any).
 * Amounts in cents: what the buyer paid and each share at the sale, what refunds and disputes
 * took back (`refundedCents`, `disputedCents`, `reversedCents`), and each share net of that
 * (`netArtistCents`, `netCommissionCents`: `netByPayee` over the sale's recorded shares, the rule
 * settlement posts), so a
 * refunded sale never shows money the artist or the promoter no longer has. The buyer's name and
 * email only with their consent (`buyerForArtist`). The label's share, when the sale recorded a
 * label (`label`, `labelCents`). Cursor paging by id.
 */
export async function listArtistSales(
  input: { artistId: string; page?: z.input<typeof ZPageInput> },
  db: PrismaClient,
) {
  const page = ZPageInput.parse(input.page ?? {});
  const rows = await db.sale.findMany({
    where: { artistId: input.artistId, status: { in: ["COMPLETED", "REFUNDED"] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...pageArgs(page),
    include: {
      ...saleProductSelect,
      promoter: { select: promoterLabelSelect },
      link: { select: { code: true } },
      shares: { orderBy: { position: "asc" } },
      label: { select: { id: true, name: true } },
    },
  });
  return paginate(rows, page, (s) => {
    const net = netByPayee(sharesFromRows(s.id, s.shares), s.amountCents, s.reversedCents);
    return {
      id: s.id,
      createdAt: s.createdAt,
      completedAt: s.completedAt,
      status: s.status,
      /**
       * The buyer as the artist may see them (issue 15 §2): name and email only when the buyer
       * agreed at checkout, else a stable pseudonymous id (`buyerForArtist`).
       */
      buyer: buyerForArtist(s, input.artistId),
      ...saleAmounts(s),
      netArtistCents: net.artist,
      netCommissionCents: net.promoter,
      /**
       * The artist's label on this sale (issue 16 §5: the contract in force at checkout start)
       * and the label's share as recorded, cents; `artistCents` is what the artist kept after it.
       */
      label: s.label ? { id: s.label.id, name: s.label.name } : null,
      labelCents: s.labelCents,
      /** What was sold: a track, or a release (`kind`, issue 16 §1). */
      track: (({ kind, id, title, slug }) => ({ kind, id, title, slug }))(saleProductView(s)),
      promoter: s.promoter
        ? { id: s.promoter.id, label: promoterLabel(s.promoter), linkCode: s.link?.code ?? null }
        : null,
    };
  });
}

/**
 * The artist's totals (cents and counts) and top promoters by sales driven ("who's linking").
 */
export async function getArtistStats(input: { artistId: string }, db: PrismaClient) {
  const sums = {
    clickCount: true,
    salesCount: true,
    grossCents: true,
    artistCents: true,
    commissionsCents: true,
  } as const;
  const [totals, releaseTotals, top] = await Promise.all([
    db.track.aggregate({
      where: { artistId: input.artistId, deletedAt: null },
      _sum: sums,
      _count: true,
    }),
    // Releases sell as products of their own (issue 16 §1): their sales add to the totals.
    db.release.aggregate({ where: { artistId: input.artistId, deletedAt: null }, _sum: sums }),
    db.sale.groupBy({
      by: ["promoterId"],
      where: {
        artistId: input.artistId,
        status: "COMPLETED",
        promoterId: { not: null },
      },
      _count: true,
      _sum: { amountCents: true, commissionCents: true },
      orderBy: { _sum: { amountCents: "desc" } },
      take: 10,
    }),
  ]);
  const promoters = await db.promoterProfile.findMany({
    where: { id: { in: top.map((t) => t.promoterId!) } },
    select: { id: true, displayName: true, user: { select: { name: true, email: true } } },
  });
  const attributedSales = top.reduce((s, t) => s + t._count, 0);
  return {
    trackCount: totals._count,
    clickCount: (totals._sum.clickCount ?? 0) + (releaseTotals._sum.clickCount ?? 0),
    salesCount: (totals._sum.salesCount ?? 0) + (releaseTotals._sum.salesCount ?? 0),
    grossCents: cents((totals._sum.grossCents ?? 0n) + (releaseTotals._sum.grossCents ?? 0n)),
    artistCents: cents((totals._sum.artistCents ?? 0n) + (releaseTotals._sum.artistCents ?? 0n)),
    commissionsCents: cents(
      (totals._sum.commissionsCents ?? 0n) + (releaseTotals._sum.commissionsCents ?? 0n),
    ),
    attributedSalesInTop: attributedSales,
    topPromoters: top.map((t) => {
      const p = promoters.find((x) => x.id === t.promoterId);
      return {
        promoterId: t.promoterId!,
        label: p ? promoterLabel(p) : "?",
        salesCount: t._count,
        revenueCents: t._sum.amountCents ?? 0,
        commissionCents: t._sum.commissionCents ?? 0,
      };
    }),
  };
}
