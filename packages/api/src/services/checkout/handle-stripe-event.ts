import type { PrismaClient, Sale } from "@fanfare/db";
import { Prisma } from "@fanfare/db";
import type { DiscountFunderName } from "@fanfare/validators";
import type { PaymentsProvider, SubscriptionInvoice } from "@fanfare/payments";
import { getPayments, toSubscriptionInvoice } from "@fanfare/payments";
import { splitSaleAmount } from "@fanfare/validators";

import { redeemDiscount, releaseDiscount } from "../discount/codes";
import type { PurchaseFraudSignal } from "../affiliate/purchase-signals";
import { selfReferralBlockedSignal } from "../affiliate/purchase-signals";
import { sameMailbox } from "../affiliate/self-referral";
import { apiEnv } from "../env";
import { sendReceipt } from "../downloads/downloads";
import { issueLicense } from "../licenses/issue";
import { queueSaleCompletedEmails } from "../email/sale-emails";
import { markFraudScoreDirty } from "../fraud/score-events";
import { settleSale } from "../money/settle-sale";
import { programSettings } from "../settings/program-settings";
import { shareRows, sharesOfSale } from "../money/shares";
import { announceSale } from "../live/announce";
import { requestMilestoneAward } from "../milestones/schedule";
import { requestTierRecompute } from "../tiers/schedule";
import { requestBadgeAward } from "../badges/schedule";
import { applyProviderFact, lockPaymentIntent } from "../money/provider-facts";
import type { HandleEventResult, ProviderEvent } from "../money/types";
import { productColumns, productOf } from "../catalog/products";
import {
  applyInvoicePaymentFailed,
  applySubscriptionCheckoutCompleted,
  applySubscriptionCheckoutExpired,
  applySubscriptionState,
} from "../subscriptions/events";
import type { SubscriptionCheckoutSessionObject } from "../subscriptions/events";
import { recordPaidInvoice } from "../subscriptions/paid-invoice";

export type { HandleEventResult, ProviderEvent } from "../money/types";

type Tx = Prisma.TransactionClient;

/** The fields of a Checkout Session we read (https://docs.stripe.com/api/checkout/sessions/object). */
export type CheckoutSessionObject = {
  id: string;
  client_reference_id?: string | null;
  metadata?: Record<string, string> | null;
  amount_total?: number | null;
  currency?: string | null;
  payment_status?: string;
  payment_intent?: string | { id: string } | null;
  customer_details?: { email?: string | null; name?: string | null } | null;
};

/**
 * Applies one verified payment-provider event exactly once.
 *
 * The event id is inserted into `ProcessedWebhookEvent` in the same database transaction that
 * applies it: a re-delivered or replayed event (Stripe retries for up to 3 days and may deliver
 * twice, https://docs.stripe.com/webhooks#handle-duplicate-events) finds its id taken and changes
 * nothing; a concurrent duplicate waits on the unique index until the first commits. Any error
 * rolls the whole event back, so the caller answers 5xx and the provider retries.
 * A catalog subscription's events (issue 16 §3) go to services/subscriptions: `invoice.paid` is
 * read again from the processor first (`deps.payments`, default `getPayments(db)`) for its
 * payment intent, then recorded as a sale (`recordPaidInvoice`).
 */
export async function handleProviderEvent(
  event: ProviderEvent,
  db: PrismaClient,
  deps: { payments?: PaymentsProvider } = {},
): Promise<HandleEventResult> {
  // Read before the transaction: settings are cached per client (a transaction is not one).
  const program = await programSettings(db);
  // A paid subscription invoice (issue 16 §3): its payment intent is not in the event (Stripe's
  // events carry no `payments`), so the invoice is read from the processor first, outside the
  // transaction.
  // Its subscription is read too, for when it started: the recurring commission's months count
  // from there, whatever order the invoices arrive in.
  const paidInvoice = event.type === "invoice.paid" ? await readPaidInvoice(event, db, deps) : null;
  const result = await db.$transaction(async (tx): Promise<HandleEventResult> => {
    const inserted = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO "ProcessedWebhookEvent" ("id", "provider", "type", "processedAt")
        VALUES (${event.id}, 'stripe', ${event.type}, now())
        ON CONFLICT ("id") DO NOTHING
        RETURNING "id"`;
    if (inserted.length === 0)
      return { status: "duplicate", detail: `event ${event.id} was already processed` };

    // A catalog subscription's Checkout (issue 16 §3) links the subscription; its money comes
    // with `invoice.paid`.
    if ((event.data.object as { mode?: string } | null)?.mode === "subscription") {
      if (event.type === "checkout.session.completed")
        return applySubscriptionCheckoutCompleted(
          tx,
          event.data.object as SubscriptionCheckoutSessionObject,
        );
      if (event.type === "checkout.session.expired")
        return applySubscriptionCheckoutExpired(
          tx,
          event.data.object as SubscriptionCheckoutSessionObject,
        );
    }
    switch (event.type) {
      case "checkout.session.completed":
      case "checkout.session.async_payment_succeeded":
        return completeSale(tx, event.data.object as CheckoutSessionObject, program.holdDays);
      case "invoice.paid":
        return recordPaidInvoice(tx, paidInvoice!.invoice, {
          holdDays: program.holdDays,
          platformFeeBps: program.platformFeeBps,
          subscriptionStartedAt: paidInvoice!.subscriptionStartedAt,
        });
      case "invoice.payment_failed":
        return applyInvoicePaymentFailed(tx, event);
      case "customer.subscription.created":
      case "customer.subscription.updated":
      case "customer.subscription.deleted":
        return applySubscriptionState(tx, event);
      case "checkout.session.expired":
      case "checkout.session.async_payment_failed":
        return failSale(tx, event.data.object as CheckoutSessionObject);
      case "charge.refunded":
      case "charge.dispute.created":
      case "charge.dispute.updated":
      case "charge.dispute.closed":
      case "account.updated":
      case "transfer.reversed":
        return applyProviderFact(tx, event);
      default:
        return { status: "ignored", detail: `no handler for ${event.type}` };
    }
  });
  // A completed sale is pushed to the promoter's and the artist's open screens (issue 13 §6).
  if (result.status === "applied" && result.saleId) await announceSale(result.saleId, db);
  // A counted sale may move its promoter's tier (issue 13 §1): recomputed by the job, after commit.
  if (result.status === "applied" && result.promoterId) {
    await requestTierRecompute([result.promoterId], db);
    // ... and earn a badge (issue 13 §3: first sale, 10 and 100 sales, months with sales).
    await requestBadgeAward([result.promoterId], db);
    // ... and, with no holding period, complete a milestone (issue 13 §2: released sales count).
    await requestMilestoneAward([result.promoterId], db);
  }
  return result;
}

/**
 * An `invoice.paid` event's invoice as the processor reports it now (`getInvoice`: with its
 * payment intent, which events lack) and, for a subscription's invoice, when that subscription
 * started (`getSubscription`'s `startedAt`; null for an invoice of no subscription).
 * @throws the provider's errors (the event is then retried).
 */
async function readPaidInvoice(
  event: ProviderEvent,
  db: PrismaClient,
  deps: { payments?: PaymentsProvider },
): Promise<{ invoice: SubscriptionInvoice; subscriptionStartedAt: Date | null }> {
  const payments = deps.payments ?? getPayments(db);
  const invoice = await payments.getInvoice(
    toSubscriptionInvoice(event.data.object as Parameters<typeof toSubscriptionInvoice>[0])
      .invoiceId,
  );
  const subscription = invoice.subscriptionId
    ? await payments.getSubscription(invoice.subscriptionId)
    : null;
  return { invoice, subscriptionStartedAt: subscription?.startedAt ?? null };
}

/**
 * The sale a Checkout Session belongs to, locked (FOR UPDATE), with what its completion writes
 * into emails: the track and artist, the promoter's address, the download links already issued.
 */
type LockedSale = Pick<
  Sale,
  | "id"
  | "trackId"
  | "releaseId"
  | "deliverAt"
  | "status"
  | "amountCents"
  | "currency"
  | "platformFeeCents"
  | "artistCents"
  | "commissionCents"
  | "commissionBps"
  | "platformFeeBps"
  | "promoterId"
  | "linkId"
  | "clickId"
  | "buyerName"
  | "buyerEmail"
  | "downloadLimit"
  | "listAmountCents"
  | "discountCents"
  | "platformBoostBps"
  | "tierBonusBps"
  | "recruiterId"
  | "recruiterShareBps"
  | "recruiterCents"
  | "labelId"
  | "labelShareBps"
  | "labelCents"
> & {
  /** The discount's funder (its code's, or its campaign owner's), when the sale has a discount. */
  discountFunder: DiscountFunderName | null;
  trackTitle: string;
  artistId: string;
  artistName: string;
  artistEmail: string | null;
  /** The artist's and promoter's user ids: their in-app notifications (issue 13 §7). */
  artistUserId: string | null;
  promoterUserId: string | null;
  promoterEmail: string | null;
  promoterName: string | null;
  /** The recruiter's address (issue 14 §6): a recruiter paying for their recruit's sale earns no second tier. */
  recruiterEmail: string | null;
  downloadLinks: number;
};

async function lockSale(tx: Tx, session: CheckoutSessionObject): Promise<LockedSale | null> {
  const saleId = session.client_reference_id ?? session.metadata?.saleId ?? null;
  // One statement: the row lock returns the sale's newest committed version.
  const rows = await tx.$queryRaw<LockedSale[]>`
    SELECT s."id", s."trackId", s."releaseId", s."deliverAt", s."status"::text AS "status", s."amountCents", s."currency", s."platformFeeCents", s."artistCents",
      s."commissionCents", s."commissionBps", s."platformFeeBps", s."promoterId", s."linkId", s."clickId", s."buyerName", s."buyerEmail", s."downloadLimit",
      s."listAmountCents", s."discountCents", s."platformBoostBps", s."tierBonusBps", s."discountFunder"::text AS "discountFunder",
      s."recruiterId", s."recruiterShareBps", s."recruiterCents", s."labelId", s."labelShareBps", s."labelCents",
      COALESCE(t."title", r."title") AS "trackTitle", s."artistId", a."name" AS "artistName", au."email" AS "artistEmail", au."id" AS "artistUserId", u."id" AS "promoterUserId", u."email" AS "promoterEmail", u."name" AS "promoterName",
      (SELECT ru."email" FROM "PromoterProfile" rp JOIN "User" ru ON ru."id" = rp."userId" WHERE rp."id" = s."recruiterId") AS "recruiterEmail",
      (SELECT COUNT(*)::int FROM "DownloadLink" d WHERE d."saleId" = s."id") AS "downloadLinks"
    FROM "Sale" s
    LEFT JOIN "Track" t ON t."id" = s."trackId"
    LEFT JOIN "Release" r ON r."id" = s."releaseId"
    JOIN "ArtistProfile" a ON a."id" = s."artistId"
    LEFT JOIN "User" au ON au."id" = a."userId"
    LEFT JOIN "PromoterProfile" p ON p."id" = s."promoterId"
    LEFT JOIN "User" u ON u."id" = p."userId"
    WHERE ${saleId ? Prisma.sql`s."id" = ${saleId}` : Prisma.sql`s."stripeCheckoutSessionId" = ${session.id}`}
    FOR UPDATE OF s`;
  return rows[0] ?? null;
}

/**
 * The SELF_REFERRAL_BLOCKED signal when an attributed sale was paid from the promoter's own
 * mailbox (`sameMailbox`: plus-addresses, Gmail dots) although checkout started under another
 * address; null otherwise. The checkout start already refused the other hard signals.
 */
function paidByPromoter(
  sale: LockedSale & { clickId: string | null },
  paidEmail: string | null,
): PurchaseFraudSignal | null {
  if (!sale.promoterId || !sale.promoterEmail || !paidEmail) return null;
  if (!sameMailbox(paidEmail, sale.promoterEmail)) return null;
  return selfReferralBlockedSignal({
    reason: "BUYER_EMAIL_MATCHES_PROMOTER",
    promoterId: sale.promoterId,
    clickId: sale.clickId,
    linkId: sale.linkId,
    product: productOf(sale),
  });
}

/**
 * Completes a PENDING sale once its Checkout Session is paid: status COMPLETED, download link
 * valid for DOWNLOAD_TTL_DAYS, commission (PENDING until the holding period ends), the ledger
 * transaction and the denormalised totals, all in the caller's transaction. The split is
 * recomputed from `amount_total` when the provider charged a different amount (or the promoter
 * turned out to be the buyer), and the sale's shares are recorded again from it.
 */
async function completeSale(
  tx: Tx,
  session: CheckoutSessionObject,
  holdDays: number,
): Promise<HandleEventResult> {
  const sale = await lockSale(tx, session);
  if (!sale) return { status: "ignored", detail: `no sale for checkout session ${session.id}` };
  if (sale.status !== "PENDING")
    return { status: "ignored", detail: `sale ${sale.id} is already ${sale.status}` };
  if (
    session.payment_status &&
    session.payment_status !== "paid" &&
    session.payment_status !== "no_payment_required"
  ) {
    return {
      status: "ignored",
      detail: `session ${session.id} is ${session.payment_status}; waiting for the payment`,
    };
  }

  const env = apiEnv();
  const now = new Date();
  // The buyer may pay under another address than the one given at checkout start (Stripe
  // Checkout's email field, Link): the same self-referral rule is applied to it.
  const selfReferral = paidByPromoter(sale, session.customer_details?.email ?? null);
  if (selfReferral) {
    await tx.fraudSignal.createMany({
      data: [{ ...selfReferral, saleId: sale.id }],
      skipDuplicates: true,
    });
    await markFraudScoreDirty(tx, [selfReferral.promoterId]);
    sale.promoterId = null;
    sale.linkId = null;
    // No promoter, no second tier (issue 14 §6).
    sale.recruiterId = null;
    sale.recruiterShareBps = 0;
  }
  // The recruiter paying from their own mailbox for a sale of their recruit's link earns no
  // second tier on it (`secondTierFor`'s rule at checkout start, applied to the address paid
  // under); the recruit keeps their commission.
  const paidEmail = session.customer_details?.email ?? null;
  const recruiterPaid =
    sale.recruiterId != null &&
    sale.recruiterEmail != null &&
    paidEmail != null &&
    sameMailbox(paidEmail, sale.recruiterEmail);
  if (recruiterPaid) {
    sale.recruiterId = null;
    sale.recruiterShareBps = 0;
  }
  const amountCents = session.amount_total ?? sale.amountCents;
  // Split again when the processor charged another amount or the promoter is out: a discounted
  // sale keeps its discount and funder when the charge is the one quoted (issue 12 §2); a charge
  // of another amount is split as charged, without a discount.
  // A promoter's discount goes with the promoter: without them it has no share to come from.
  const discounted = sale.discountFunder != null && sale.discountCents > 0;
  const keepsDiscount =
    discounted &&
    amountCents === sale.amountCents &&
    !(selfReferral && sale.discountFunder === "PROMOTER");
  const split =
    amountCents === sale.amountCents && !selfReferral && !recruiterPaid
      ? sale
      : splitSaleAmount({
          amountCents: keepsDiscount ? sale.listAmountCents! : amountCents,
          commissionBps: sale.commissionBps,
          platformFeeBps: sale.platformFeeBps,
          platformBoostBps: sale.platformBoostBps,
          tierBonusBps: sale.tierBonusBps,
          recruiterShareBps: sale.recruiterShareBps,
          labelShareBps: sale.labelShareBps,
          attributed: sale.promoterId != null,
          discount: keepsDiscount
            ? { cents: sale.discountCents, funder: sale.discountFunder! }
            : undefined,
        });
  const paymentIntent =
    typeof session.payment_intent === "string"
      ? session.payment_intent
      : (session.payment_intent?.id ?? null);

  // A refund or dispute about this payment arriving at the same moment waits for this
  // completion to commit (or this completion waits for it, then reads its fact).
  if (paymentIntent) await lockPaymentIntent(tx, paymentIntent);
  // A pre-order (issue 16 §1) is delivered on its release date: the download link's days and the
  // holding period count from then, so no commission is paid out before the buyer has the music.
  const deliveredAt =
    sale.deliverAt && sale.deliverAt.getTime() > now.getTime() ? sale.deliverAt : now;
  const downloadExpiresAt = new Date(deliveredAt.getTime() + env.DOWNLOAD_TTL_DAYS * 86_400_000);
  // The holding period belongs to the sale: fixed now, from the setting in force now, so a later
  // change of the holding period never re-holds or releases this sale.
  const holdUntil = new Date(deliveredAt.getTime() + holdDays * 86_400_000);
  await tx.sale.update({
    where: { id: sale.id },
    data: {
      status: "COMPLETED",
      completedAt: now,
      amountCents,
      ...(discounted && !keepsDiscount ? { listAmountCents: amountCents, discountCents: 0 } : {}),
      platformFeeCents: split.platformFeeCents,
      artistCents: split.artistCents,
      commissionCents: split.commissionCents,
      recruiterCents: split.recruiterCents,
      labelCents: split.labelCents,
      stripeCheckoutSessionId: session.id,
      stripePaymentIntentId: paymentIntent,
      buyerName: sale.buyerName ?? session.customer_details?.name ?? null,
      downloadExpiresAt,
      holdUntil,
      ...(selfReferral
        ? {
            promoterId: null,
            linkId: null,
            clickId: null,
            commissionBps: 0,
            platformBoostBps: 0,
            tierBonusBps: 0,
            recruiterId: null,
            recruiterShareBps: 0,
            selfReferral: "BUYER_EMAIL_MATCHES_PROMOTER" as const,
          }
        : recruiterPaid
          ? { recruiterId: null, recruiterShareBps: 0 }
          : {}),
    },
  });

  if (split !== sale) {
    // Split again: the sale's recorded shares follow the amount charged and the promoter kept.
    await tx.saleShare.deleteMany({ where: { saleId: sale.id } });
    await tx.saleShare.createMany({
      data: shareRows(
        sharesOfSale({
          ...split,
          artistId: sale.artistId,
          promoterId: sale.promoterId,
          recruiterId: sale.recruiterId,
          labelId: sale.labelId,
        }),
      ).map((row) => ({ ...row, saleId: sale.id })),
    });
  }
  if (sale.promoterId && sale.linkId && split.commissionCents > 0) {
    await tx.commission.create({
      data: {
        saleId: sale.id,
        promoterId: sale.promoterId,
        linkId: sale.linkId,
        ...productColumns(productOf(sale)),
        amountCents: split.commissionCents,
        // The rate the promoter earns: the artist's (or their campaign's), a platform boost and
        // their tier bonus (each as far as the fee could fund it: the amount is exact).
        rateBps: sale.commissionBps + sale.platformBoostBps + sale.tierBonusBps,
        holdUntil,
      },
    });
  }
  // The code's reserved use becomes a use (issue 12 §2).
  if (discounted) await redeemDiscount(tx, sale.id);
  // Before settlement: a refund or lost dispute that arrived first revokes it there.
  await issueLicense(tx, sale.id, now);
  // The artist's "you made a sale" and the promoter's "commission earned" (available on holdUntil).
  await queueSaleCompletedEmails(tx, {
    saleId: sale.id,
    trackTitle: sale.trackTitle,
    artistName: sale.artistName,
    artistEmail: sale.artistEmail,
    artistUserId: sale.artistUserId,
    amountCents,
    artistCents: split.artistCents,
    commissionCents: split.commissionCents,
    currency: sale.currency,
    holdUntil,
    promoter:
      sale.promoterId && sale.promoterEmail
        ? { email: sale.promoterEmail, name: sale.promoterName, userId: sale.promoterUserId }
        : null,
  });
  // Ledger, totals and any refund or dispute that arrived before this completion. The receipt
  // is queued inside, just before the posting (whose account locks last until the commit), with
  // the status the settlement writes: its share & earn offer is for a sale still COMPLETED, not
  // one a refund that came first has made REFUNDED. Emails go out through the outbox, committed
  // with the sale (or not at all).
  let receiptQueued = false;
  const queueReceipt = async (saleStatus?: "COMPLETED" | "REFUNDED") => {
    receiptQueued = true;
    await sendReceipt(
      tx,
      {
        id: sale.id,
        amountCents,
        currency: sale.currency,
        buyerEmail: sale.buyerEmail,
        downloadLimit: sale.downloadLimit,
        downloadExpiresAt,
        title: sale.trackTitle,
        artistName: sale.artistName,
      },
      { purpose: "receipt", linksIssued: sale.downloadLinks, saleStatus },
    );
  };
  await settleSale(tx, sale.id, now, {
    lockHeld: true,
    beforePosting: ({ status }) => queueReceipt(status),
  });
  // (Settlement always reaches its posting for a sale this completion just made COMPLETED.)
  if (!receiptQueued) await queueReceipt();
  return {
    status: "applied",
    detail: `sale ${sale.id} completed (${amountCents} cents)`,
    promoterId: sale.promoterId,
    saleId: sale.id,
  };
}

/**
 * Completes a free order (issue 12 §2: a 100 % code, "a download code, as Bandcamp has") through
 * the same path as a paid one: the sale (amount 0, recorded by `startCheckout`) completes as if
 * its Checkout Session had been paid with nothing to pay (`payment_status:
 * "no_payment_required"`, no PaymentIntent), so the code's use is redeemed, the receipt and
 * download link go out and `settleSale` records the zero split. Idempotent: a sale no longer
 * PENDING is left as it is.
 * @param sale the sale id and the email the buyer gave.
 */
export async function completeFreeOrder(
  sale: { id: string; buyerEmail: string },
  db: PrismaClient,
): Promise<HandleEventResult> {
  const program = await programSettings(db);
  return db.$transaction((tx) =>
    completeSale(
      tx,
      {
        id: `free_${sale.id}`,
        client_reference_id: sale.id,
        amount_total: 0,
        payment_status: "no_payment_required",
        payment_intent: null,
        customer_details: { email: sale.buyerEmail },
      },
      program.holdDays,
    ),
  );
}

/** Marks a PENDING sale FAILED when its session expired or its async payment failed. */
async function failSale(tx: Tx, session: CheckoutSessionObject): Promise<HandleEventResult> {
  const sale = await lockSale(tx, session);
  if (!sale) return { status: "ignored", detail: `no sale for checkout session ${session.id}` };
  if (sale.status !== "PENDING")
    return { status: "ignored", detail: `sale ${sale.id} is already ${sale.status}` };
  await tx.sale.update({
    where: { id: sale.id },
    data: { status: "FAILED", failedAt: new Date() },
  });
  // A code reserved by this checkout is given back.
  await releaseDiscount(tx, sale.id);
  return { status: "applied", detail: `sale ${sale.id} failed` };
}
