import type { PrismaClient } from "@fanfare/db";
import type { PaymentsProvider } from "@fanfare/payments";
import { StripeRequestError } from "@fanfare/payments";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { applyProviderFact } from "../money/provider-facts";

/**
 * Refunds a completed sale, fully or partly (an admin action). The refund is asked of Stripe
 * with an idempotency key derived from the sale and the cumulative amount it brings the refunds
 * to (`refund:<saleId>:<newTotal>`), so a double click or a retry refunds once. The refund's
 * effect is applied from Stripe's answer through the same fact + settlement path as the
 * `charge.refunded` webhook, which then finds nothing left to do.
 *
 * @param amountCents what to refund now; default everything not yet refunded.
 * @throws AppError NOT_FOUND, BAD_INPUT (not completed, nothing left, too much), PAYMENT_PROVIDER.
 */
export async function refundSale(
  input: { saleId: string; amountCents?: number },
  deps: { db: PrismaClient; payments: PaymentsProvider; actor?: { userId: string } },
) {
  const { db, payments } = deps;
  const sale = await db.sale.findUnique({ where: { id: input.saleId } });
  if (!sale) throw new AppError("NOT_FOUND", `Sale ${input.saleId} does not exist.`);
  if (sale.status !== "COMPLETED" || !sale.stripePaymentIntentId)
    throw new AppError(
      "BAD_INPUT",
      `Cannot refund sale ${sale.id}: it is ${sale.status.toLowerCase()}.`,
    );
  const remaining = sale.amountCents - sale.refundedCents;
  const amount = input.amountCents ?? remaining;
  if (remaining <= 0) throw new AppError("BAD_INPUT", `Sale ${sale.id} is already fully refunded.`);
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw new AppError("BAD_INPUT", "Refund amount must be a positive number of cents.", {
      field: "amountCents",
    });
  if (amount > remaining)
    throw new AppError(
      "BAD_INPUT",
      `Cannot refund ${amount} cents: only ${remaining} of sale ${sale.id} is left to refund.`,
      { field: "amountCents" },
    );

  let refund;
  try {
    refund = await payments.createRefund({
      paymentIntentId: sale.stripePaymentIntentId,
      amountCents: amount,
      idempotencyKey: `refund:${sale.id}:${sale.refundedCents + amount}`,
      metadata: { saleId: sale.id },
    });
  } catch (e) {
    if (e instanceof StripeRequestError)
      throw new AppError(
        "PAYMENT_PROVIDER",
        `Stripe refused the refund of sale ${sale.id}: ${e.message}`,
        { cause: e },
      );
    throw e;
  }
  await db.$transaction(async (tx) => {
    await applyProviderFact(tx, {
      id: `refund-response:${refund.refundId}`,
      type: "charge.refunded",
      data: {
        object: {
          id: refund.refundId,
          payment_intent: sale.stripePaymentIntentId,
          amount: sale.amountCents,
          amount_refunded: refund.chargeAmountRefundedCents,
        },
      },
    });
    // The admin's action, with the refund it led to, in the same transaction as its effect.
    if (deps.actor)
      await writeAudit(tx, {
        actorId: deps.actor.userId,
        action: "sale.refund",
        subjectType: "sale",
        subjectId: sale.id,
        before: { refundedCents: sale.refundedCents, status: sale.status },
        after: {
          refundedCents: refund.chargeAmountRefundedCents,
          amountCents: amount,
          refundId: refund.refundId,
        },
      });
  });
  return db.sale.findUniqueOrThrow({ where: { id: sale.id } });
}
