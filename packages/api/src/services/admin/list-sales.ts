import type { PrismaClient } from "@fanfare/db";
import { ZAdminSalesInput } from "@fanfare/validators";
import type { z } from "zod";

import { promoterLabel, promoterLabelSelect } from "../artist/sales";

/** Every sale, newest first, optionally by status; amounts in cents; cursor paging by id. */
export async function listSalesForAdmin(raw: z.input<typeof ZAdminSalesInput>, db: PrismaClient) {
  const input = ZAdminSalesInput.parse(raw);
  const rows = await db.sale.findMany({
    where: input.status ? { status: input.status } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    include: {
      track: { select: { id: true, title: true, slug: true, artist: { select: { name: true } } } },
      promoter: { select: promoterLabelSelect },
    },
  });
  const items = rows.slice(0, input.limit).map((s) => ({
    id: s.id,
    createdAt: s.createdAt,
    status: s.status,
    buyerEmail: s.buyerEmail,
    amountCents: s.amountCents,
    platformFeeCents: s.platformFeeCents,
    artistCents: s.artistCents,
    commissionCents: s.commissionCents,
    refundedCents: s.refundedCents,
    disputedCents: s.disputedCents,
    reversedCents: s.reversedCents,
    currency: s.currency,
    stripeCheckoutSessionId: s.stripeCheckoutSessionId,
    stripePaymentIntentId: s.stripePaymentIntentId,
    downloadCount: s.downloadCount,
    track: {
      id: s.track.id,
      title: s.track.title,
      slug: s.track.slug,
      artistName: s.track.artist.name,
    },
    promoter: s.promoter ? { id: s.promoter.id, label: promoterLabel(s.promoter) } : null,
  }));
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
