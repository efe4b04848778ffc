import type { PrismaClient } from "@fanfare/db";
import { ZAdminSalesInput } from "@fanfare/validators";
import type { z } from "zod";

import { promoterLabel, promoterLabelSelect } from "../artist/sales";
import { saleAmounts } from "../money/reversal";
import { pageArgs, paginate } from "../pagination";
import { saleProductSelect, saleProductView } from "../catalog/products";

/** Every sale, newest first, optionally by status; amounts in cents; cursor paging by id. */
export async function listSalesForAdmin(raw: z.input<typeof ZAdminSalesInput>, db: PrismaClient) {
  const input = ZAdminSalesInput.parse(raw);
  const rows = await db.sale.findMany({
    where: input.status ? { status: input.status } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...pageArgs(input),
    include: {
      ...saleProductSelect,
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
    /** What was sold: a track, or a release (`kind`, issue 16 §1). */
    track: saleProductView(s),
    promoter: s.promoter ? { id: s.promoter.id, label: promoterLabel(s.promoter) } : null,
  }));
}
