import type { PrismaClient } from "@fanfare/db";
import { ZAdminSalesInput } from "@fanfare/validators";
import type { z } from "zod";

import { promoterLabel, promoterLabelSelect } from "../artist/sales";
import { saleAmounts } from "../money/reversal";
import { pageArgs, paginate } from "../pagination";

/** Every sale, newest first, optionally by status; amounts in cents; cursor paging by id. */
export async function listSalesForAdmin(raw: z.input<typeof ZAdminSalesInput>, db: PrismaClient) {
  const input = ZAdminSalesInput.parse(raw);
  const rows = await db.sale.findMany({
    where: input.status ? { status: input.status } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...pageArgs(input),
    include: {
      track: { select: { id: true, title: true, slug: true, artist: { select: { name: true } } } },
      promoter: { select: promoterLabelSelect },
    },
  });
  return paginate(rows, input, (s) => ({
    id: s.id,
    createdAt: s.createdAt,
    status: s.status,
    buyerEmail: s.buyerEmail,
    ...saleAmounts(s),
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
}
