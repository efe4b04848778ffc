import type { DiscountFunder } from "@fanfare/db";
import { Prisma } from "@fanfare/db";
import type { SubscriptionInvoice } from "@fanfare/payments";
import { billingIntervalsBetween } from "@fanfare/payments";
import { recurringCommissionMonths, splitSaleAmount } from "@fanfare/validators";

import { redeemDiscount } from "../discount/codes";
import { contractInForce } from "../labels/contracts";
import { lockPaymentIntent } from "../money/provider-facts";
import { shareRows, sharesOfSale } from "../money/shares";
import { settleSale } from "../money/settle-sale";
import type { HandleEventResult } from "../money/types";
import { randomToken, sha256Hex } from "../shared/tokens";

type Tx = Prisma.TransactionClient;

/** The months one invoice of each interval pays for. */
const INVOICE_MONTHS = { month: 1, year: 12 } as const;

/**
 * Records one paid invoice of a catalog subscription (issue 16 §3) as a Sale and settles it: the
 * money path every paid thing takes. In the caller's transaction (the webhook's), once per
 * invoice (`Sale.stripeInvoiceId` is unique: a re-delivered or concurrent `invoice.paid` finds it
 * taken and changes nothing).
 *
 * - The subscription is ours by `metadata.catalogSubscriptionId` (set at checkout start, copied
 *   by Stripe to every invoice) or by its Stripe id; its row is locked, so invoices of one
 *   subscription are recorded one at a time, in any order they arrive.
 * - The recurring commission's months count from the subscription's start as the processor
 *   reports it (`subscriptionStartedAt`, Stripe's `start_date`; our `startedAt` is set from it):
 *   an invoice's elapsed months are the whole billing intervals from that start to its service
 *   period's start (`billingIntervalsBetween`; 1 or 12 months each), so a late or re-ordered
 *   delivery earns what its place earns. Without a reported start (null), the first recorded
 *   invoice's period start stands in.
 * - The split is the one function's (`splitSaleAmount`): the platform fee in force, the
 *   subscription's recorded commission rate on the share of the invoice's months inside the
 *   recorded duration (`recurringCommissionMonths`: a yearly invoice with 3 months left earns
 *   3/12 of the rate), the label's share from the artist's contract in force now
 *   (`contractInForce`). Tier bonuses, campaigns and the second tier do not apply to
 *   subscriptions. The amount is what the invoice paid. A discount code given at sign-up
 *   (`subscriptionDiscount`) is the processor's coupon on the invoices its duration covers: the
 *   split is then on the subtotal with the invoice's discount from the code's funder's share,
 *   and the first invoice's sale holds the code's one use (a DiscountRedemption, redeemed; kept
 *   when that invoice is refunded, since the coupon goes on discounting the later ones). Every
 *   discounted invoice adds its discount to the code's `discountGivenCents` (the first through
 *   its use, later ones directly); a refund takes none of it back.
 * - The sale is COMPLETED at once (the invoice is paid), with its holding period from now, the
 *   payment intent for refunds and disputes (`charge.refunded` then settles it like any sale),
 *   and a Commission when a promoter earns on it.
 *
 * @param invoice the invoice as the provider reports it (`getInvoice`, with its payment intent).
 * @param holdDays the holding period in force (program settings), days.
 * @returns `applied` with the sale and promoter, `ignored` (not ours, nothing paid, already
 *   recorded).
 */
export async function recordPaidInvoice(
  tx: Tx,
  invoice: SubscriptionInvoice,
  opts: {
    holdDays: number;
    platformFeeBps: number;
    /** The subscription's start as the processor reports it; null when unknown. */
    subscriptionStartedAt: Date | null;
    now?: Date;
  },
): Promise<HandleEventResult> {
  const now = opts.now ?? new Date();
  const ourId = invoice.metadata.catalogSubscriptionId ?? null;
  const match = ourId
    ? Prisma.sql`"id" = ${ourId}`
    : Prisma.sql`"stripeSubscriptionId" = ${invoice.subscriptionId ?? ""}`;
  const [sub] = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "CatalogSubscription" WHERE ${match} FOR UPDATE`;
  if (!sub)
    return {
      status: "ignored",
      detail: `invoice ${invoice.invoiceId}: no catalog subscription ${ourId ?? invoice.subscriptionId ?? ""}`,
    };
  if (await tx.sale.findUnique({ where: { stripeInvoiceId: invoice.invoiceId } }))
    return { status: "ignored", detail: `invoice ${invoice.invoiceId} is already recorded` };
  if (invoice.amountPaidCents <= 0)
    return { status: "ignored", detail: `invoice ${invoice.invoiceId} charged nothing` };

  // A refund or dispute of this payment arriving at the same moment waits for this sale (and
  // this settlement reads its fact), as for a checkout's completion (`lockPaymentIntent`).
  if (invoice.paymentIntentId) await lockPaymentIntent(tx, invoice.paymentIntentId);
  const subscription = await tx.catalogSubscription.findUniqueOrThrow({
    where: { id: sub.id },
    include: {
      user: { select: { email: true, name: true } },
      promoter: { select: { status: true } },
    },
  });
  const startedAt =
    opts.subscriptionStartedAt ?? subscription.startedAt ?? invoice.servicePeriodStart;
  const interval = subscription.interval as keyof typeof INVOICE_MONTHS;
  const invoiceMonths = INVOICE_MONTHS[interval];
  const periodsBefore = billingIntervalsBetween(
    Math.floor(startedAt.getTime() / 1000),
    Math.floor(invoice.servicePeriodStart.getTime() / 1000),
    interval,
  );
  const months = recurringCommissionMonths({
    durationMonths: subscription.commissionMonths,
    elapsedMonths: periodsBefore * invoiceMonths,
    invoiceMonths,
  });
  const attributed = subscription.promoterId != null && subscription.linkId != null;
  const earns = attributed && months.inside > 0 && subscription.commissionBps > 0;
  const label = await contractInForce(tx, subscription.artistId, now);
  const splitOf = (amountCents: number, discount?: { cents: number; funder: DiscountFunder }) =>
    splitSaleAmount({
      amountCents,
      commissionBps: earns ? subscription.commissionBps : 0,
      attributed: earns,
      platformFeeBps: opts.platformFeeBps,
      commissionMonths: earns ? months : undefined,
      labelShareBps: label?.labelShareBps ?? 0,
      discount,
    });
  let split = splitOf(invoice.amountPaidCents);
  // A discount code's coupon took `discountCents` off the subtotal: the split is made on the
  // subtotal and the discount comes from the code's funder's share, as at checkout. Checked at
  // sign-up to fit (`subscriptionDiscount`); should it not (the platform fee changed since), or
  // should the coupon not be ours, the split is on what was paid, as without a discount.
  const funder = subscription.discountFunder;
  let discounted = false;
  if (
    funder &&
    invoice.discountCents > 0 &&
    invoice.subtotalCents === invoice.amountPaidCents + invoice.discountCents
  ) {
    const withDiscount = splitOf(invoice.subtotalCents, { cents: invoice.discountCents, funder });
    if (withDiscount.amountCents === invoice.amountPaidCents) {
      split = withDiscount;
      discounted = true;
    }
  }
  const holdUntil = new Date(now.getTime() + opts.holdDays * 86_400_000);
  const promoterId = earns ? subscription.promoterId : null;
  const sale = await tx.sale.create({
    data: {
      productKind: "subscription_invoice",
      subscriptionId: subscription.id,
      stripeInvoiceId: invoice.invoiceId,
      servicePeriodStart: invoice.servicePeriodStart,
      servicePeriodEnd: invoice.servicePeriodEnd,
      ...(discounted
        ? {
            listAmountCents: invoice.subtotalCents,
            discountCents: split.discountCents,
            discountCodeId: subscription.discountCodeId,
            discountFunder: funder,
          }
        : {}),
      artistId: subscription.artistId,
      buyerEmail: subscription.user.email,
      buyerName: subscription.user.name,
      amountCents: split.amountCents,
      currency: invoice.currency,
      platformFeeCents: split.platformFeeCents,
      artistCents: split.artistCents,
      commissionCents: split.commissionCents,
      commissionBps: earns ? subscription.commissionBps : 0,
      platformFeeBps: opts.platformFeeBps,
      labelId: label?.labelId ?? null,
      labelContractId: label?.id ?? null,
      labelShareBps: label?.labelShareBps ?? 0,
      labelCents: split.labelCents,
      promoterId,
      linkId: earns ? subscription.linkId : null,
      clickId: earns ? subscription.clickId : null,
      status: "COMPLETED",
      completedAt: now,
      holdUntil,
      stripePaymentIntentId: invoice.paymentIntentId,
      // A subscriber downloads through their account, not a purchase link (none is issued).
      downloadTokenHash: sha256Hex(randomToken()),
      downloadLimit: 0,
      shares: {
        create: shareRows(
          sharesOfSale({
            ...split,
            artistId: subscription.artistId,
            promoterId,
            labelId: label?.labelId ?? null,
          }),
        ),
      },
    },
  });
  if (promoterId && split.commissionCents > 0)
    await tx.commission.create({
      data: {
        saleId: sale.id,
        promoterId,
        linkId: subscription.linkId!,
        subscriptionId: subscription.id,
        amountCents: split.commissionCents,
        rateBps: subscription.commissionBps,
        holdUntil,
      },
    });
  if (subscription.startedAt?.getTime() !== startedAt.getTime())
    await tx.catalogSubscription.update({
      where: { id: subscription.id },
      data: { startedAt },
    });
  await settleSale(tx, sale.id, now, { lockHeld: true });
  // The code's use is counted once per subscription, with its first invoice, and stays taken
  // (a refund does not give it back: the coupon goes on discounting the later invoices).
  if (discounted && periodsBefore === 0) {
    await tx.discountRedemption.create({
      data: {
        codeId: subscription.discountCodeId!,
        saleId: sale.id,
        buyerEmail: subscription.user.email.trim().toLowerCase(),
        discountCents: split.discountCents,
        reservedUntil: now,
      },
    });
    await redeemDiscount(tx, sale.id);
  } else if (discounted && split.discountCents > 0) {
    // A later invoice the coupon discounts: the code gave that too, without another use.
    await tx.$executeRaw`
      UPDATE "DiscountCode" SET "discountGivenCents" = "discountGivenCents" + ${split.discountCents},
        "updatedAt" = now()
      WHERE "id" = ${subscription.discountCodeId!}`;
  }
  return {
    status: "applied",
    detail: `invoice ${invoice.invoiceId}: sale ${sale.id} of subscription ${subscription.id}${
      promoterId
        ? `, commission ${split.commissionCents} cents (${months.inside}/${months.of})`
        : ""
    }`,
    saleId: sale.id,
    ...(promoterId ? { promoterId } : {}),
  };
}
