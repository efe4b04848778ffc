import type { DisputeState, Prisma } from "@fanfare/db";

import { queueReversalEmails, readReversalSnapshot } from "../email/sale-emails";
import { releaseDiscount } from "../discount/codes";
import { markSharedBankDirty } from "../fraud/score-events";
import { returnPaidOutFunds } from "../payouts/payouts";
import { settleSale } from "./settle-sale";
import type { HandleEventResult, ProviderEvent } from "./types";

type Tx = Prisma.TransactionClient;

type ChargeObject = {
  id: string;
  payment_intent?: string | { id: string } | null;
  amount: number;
  amount_refunded: number;
};
type DisputeObject = {
  id: string;
  amount: number;
  status: string;
  payment_intent?: string | { id: string } | null;
  charge?: string | { id: string } | null;
};
type AccountObject = {
  id: string;
  details_submitted?: boolean;
  payouts_enabled?: boolean;
  requirements?: { currently_due?: string[] | null; disabled_reason?: string | null } | null;
  country?: string | null;
  external_accounts?: { data?: { fingerprint?: string | null }[] } | null;
};
type TransferObject = { id: string; amount: number; amount_reversed: number };

const idOf = (v: string | { id: string } | null | undefined) =>
  typeof v === "string" ? v : (v?.id ?? null);

/**
 * Dispute status as it affects the money: Stripe withdraws the disputed amount when the dispute
 * opens and returns it only if we win (https://docs.stripe.com/disputes/how-disputes-work).
 * An inquiry closed without a chargeback ("warning_closed") never withdrew anything.
 */
function disputeState(status: string): DisputeState {
  if (status === "won" || status === "warning_closed") return "won";
  if (status === "lost") return "lost";
  return "open";
}
const RANK = { open: 0, won: 1, lost: 1, recorded: 0 } as const;

/**
 * Serialises everything that happens to one payment intent inside the caller's transaction (a
 * transaction-scoped advisory lock, released at commit or rollback). The completion of a sale
 * and a refund or dispute about the same payment can arrive at the same moment: the completion
 * sets the sale's payment intent, while the fact looks the sale up by it. Without this lock each
 * could miss the other (the fact finds no completed sale yet, the completion reads the facts
 * before the fact commits) and the reversal would be lost. With it, whichever runs second
 * starts after the first committed and sees its effect.
 */
export async function lockPaymentIntent(tx: Tx, paymentIntentId: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`payment_intent:${paymentIntentId}`}, 0))::text`;
}

/**
 * Records what a refund, dispute, account or transfer event says, then settles what it
 * affects. Facts only move forward (refund totals grow, a closed dispute never reopens), so
 * duplicates and any arrival order converge. Runs inside the caller's transaction.
 */
export async function applyProviderFact(tx: Tx, event: ProviderEvent): Promise<HandleEventResult> {
  const created = event.created ?? Math.floor(Date.now() / 1000);
  switch (event.type) {
    case "charge.refunded": {
      const charge = event.data.object as ChargeObject;
      const pi = idOf(charge.payment_intent);
      if (!pi) return { status: "ignored", detail: `charge ${charge.id} has no payment intent` };
      await lockPaymentIntent(tx, pi);
      await tx.$executeRaw`
        INSERT INTO "PaymentFact" ("id", "paymentIntentId", "kind", "amountCents", "status", "eventCreated", "createdAt", "updatedAt")
        VALUES (${`refund:${pi}`}, ${pi}, 'REFUND_TOTAL', ${charge.amount_refunded}, 'recorded', ${created}, now(), now())
        ON CONFLICT ("id") DO UPDATE SET "amountCents" = GREATEST("PaymentFact"."amountCents", EXCLUDED."amountCents"),
          "eventCreated" = GREATEST("PaymentFact"."eventCreated", EXCLUDED."eventCreated"), "updatedAt" = now()`;
      const settled = await settleByPaymentIntent(
        tx,
        pi,
        `refund total ${charge.amount_refunded} cents on ${pi}`,
      );
      // A full refund gives a discount code's use back; a partial one does not (issue 12 §2).
      // Not a subscription's: its code's coupon keeps discounting its later invoices, so the one
      // use its first invoice took stays taken (issue 16 §3).
      const [refunded] = await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Sale" WHERE "stripePaymentIntentId" = ${pi}
          AND "discountCodeId" IS NOT NULL AND "refundedCents" >= "amountCents"
          AND "subscriptionId" IS NULL`;
      if (refunded) await releaseDiscount(tx, refunded.id);
      return settled;
    }
    case "charge.dispute.created":
    case "charge.dispute.updated":
    case "charge.dispute.closed": {
      const dispute = event.data.object as DisputeObject;
      const pi = idOf(dispute.payment_intent);
      if (!pi) return { status: "ignored", detail: `dispute ${dispute.id} has no payment intent` };
      await lockPaymentIntent(tx, pi);
      const state = disputeState(dispute.status);
      const existing = await tx.paymentFact.findUnique({ where: { id: `dispute:${dispute.id}` } });
      if (existing && RANK[existing.status as keyof typeof RANK] > RANK[state]) {
        return { status: "ignored", detail: `dispute ${dispute.id} is already ${existing.status}` };
      }
      await tx.paymentFact.upsert({
        where: { id: `dispute:${dispute.id}` },
        create: {
          id: `dispute:${dispute.id}`,
          paymentIntentId: pi,
          kind: "DISPUTE",
          amountCents: dispute.amount,
          status: state,
          eventCreated: created,
        },
        update: {
          amountCents: dispute.amount,
          status: state,
          eventCreated: Math.max(created, existing?.eventCreated ?? 0),
        },
      });
      return settleByPaymentIntent(tx, pi, `dispute ${dispute.id} ${state}`);
    }
    case "account.updated": {
      const account = event.data.object as AccountObject;
      const { count } = await tx.connectAccount.updateMany({
        where: { stripeAccountId: account.id },
        data: {
          detailsSubmitted: account.details_submitted ?? false,
          payoutsEnabled: account.payouts_enabled ?? false,
          requirementsDue: account.requirements?.currently_due ?? [],
          disabledReason: account.requirements?.disabled_reason ?? null,
          country: account.country ?? null,
          bankFingerprint: account.external_accounts?.data?.[0]?.fingerprint ?? null,
        },
      });
      if (count) await markSharedBankDirty(tx, account.id);
      return count
        ? { status: "applied", detail: `account ${account.id} updated` }
        : { status: "ignored", detail: `unknown account ${account.id}` };
    }
    case "transfer.reversed": {
      const transfer = event.data.object as TransferObject;
      return returnPaidOutFunds(tx, {
        transferId: transfer.id,
        reversedCents: transfer.amount_reversed,
      });
    }
    default:
      return { status: "ignored", detail: `no handler for ${event.type}` };
  }
}

async function settleByPaymentIntent(
  tx: Tx,
  paymentIntentId: string,
  what: string,
): Promise<HandleEventResult> {
  // The sale's row lock, taken by payment intent; settlement then runs under it.
  const [sale] = await tx.$queryRaw<
    { id: string }[]
  >`SELECT "id" FROM "Sale" WHERE "stripePaymentIntentId" = ${paymentIntentId} FOR UPDATE`;
  // No completed sale yet: the fact waits; the completion settles it.
  if (!sale)
    return { status: "applied", detail: `${what} recorded; its sale is not completed yet` };
  // Read under the lock, so the emails below report exactly what this settlement changed.
  const before = await readReversalSnapshot(tx, sale.id);
  const r = await settleSale(tx, sale.id, new Date(), { lockHeld: true });
  // The buyer's refund notice and the promoter's reversal / clawback notice, committed with it.
  if (r.changed && before) await queueReversalEmails(tx, before);
  return {
    status: "applied",
    detail: `${what}; sale ${sale.id} ${r.changed ? `settled (${r.kind})` : "unchanged"}`,
  };
}
