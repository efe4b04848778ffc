import type { PrismaClient } from "@fanfare/db";
import { saleProductSelect, saleProductView } from "../catalog/products";

/**
 * The latest 100 disputes known from the processor (PaymentFact rows of kind DISPUTE), most
 * recently updated first, each with its sale and track when the payment is one of ours.
 * `disputeId` is Stripe's id (`dp_…`); amounts in cents.
 */
export async function listDisputesForAdmin(db: PrismaClient) {
  const facts = await db.paymentFact.findMany({
    where: { kind: "DISPUTE" },
    orderBy: { updatedAt: "desc" },
    take: 100,
  });
  const sales = await db.sale.findMany({
    where: { stripePaymentIntentId: { in: facts.map((f) => f.paymentIntentId) } },
    select: { id: true, stripePaymentIntentId: true, ...saleProductSelect },
  });
  const saleByPayment = new Map(sales.map((s) => [s.stripePaymentIntentId, s]));
  return facts.map((f) => {
    const sale = saleByPayment.get(f.paymentIntentId);
    return {
      disputeId: f.id.replace(/^dispute:/, ""),
      status: f.status,
      amountCents: f.amountCents,
      saleId: sale?.id ?? null,
      trackTitle: sale ? saleProductView(sale).title : null,
      updatedAt: f.updatedAt,
    };
  });
}
