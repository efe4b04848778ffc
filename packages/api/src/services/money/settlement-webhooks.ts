import type { CommissionStatus } from "@fanfare/db";

import { buyerForArtist } from "../platform/buyer-identity";
import type { WebhookEventInput } from "../platform/webhooks/emit";
import type { CommissionEventData, SaleEventData } from "../platform/webhooks/payload";

/** What one settlement of a sale knows, as the webhook events about it need it. */
export type SettlementFacts = {
  sale: {
    id: string;
    /** The product sold (issue 16 §1): a track or a release, the other null; or (§3) a catalog
     * subscription's invoice, both null. */
    productKind: "track" | "release" | "subscription_invoice";
    trackId: string | null;
    releaseId: string | null;
    title: string;
    artistId: string;
    amountCents: number;
    currency: string;
    linkId: string | null;
    /** The artist's and the attributed promoter's user ids (who receives the events). */
    artistUserId: string | null;
    promoterUserId: string | null;
    buyerEmail: string;
    buyerName: string | null;
    buyerContactOptIn: boolean;
    /** The click's `src` tag and a partner network's click id (issue 15 §3), when attributed. */
    sourceTag: string | null;
    networkClickId: string | null;
    commissionId: string | null;
    commissionAmountCents: number | null;
    commissionHoldUntil: Date | null;
    /** The commission's status before this settlement. */
    commissionStatus: CommissionStatus | null;
  };
  /** The first posting of the sale: it was paid now. */
  firstPosting: boolean;
  /** Refunded so far (cents) before and after this settlement. */
  refundedBefore: number;
  refundedNow: number;
  /** The sale's artist share after this settlement (net of reversals), cents. */
  artistCents: number;
  /** The commission after this settlement (null when the sale has none, or it did not change). */
  commission: { status: CommissionStatus; reversedCents: number } | null;
  /** The commission's reversal before this settlement, cents. */
  commissionReversedBefore: number;
  /** The commission was rejected by this settlement (an admin's review). */
  rejectedNow: boolean;
  /** A dispute (not a refund) grew the reversal. */
  disputed: boolean;
  now: Date;
};

/**
 * The webhook events (issue 15 §3) one settlement of a sale emits, each with its idempotent
 * subject key (a replayed Stripe event or a second settlement emits nothing twice):
 * - first posting: `sale.completed` to the artist (with the buyer as `buyerForArtist` shows them:
 *   name and email only with the buyer's consent) and to the attributed promoter, and
 *   `commission.created` to the promoter;
 * - the refunded total grew: `sale.refunded` to both (`refundedCents` is the running total);
 * - the commission's reversal grew (refund, dispute) or it was rejected: `commission.reversed`;
 * - the commission became PAYABLE (its holding period over, not held): `commission.payable`.
 * Pure: the caller (`settleSale`) writes them with `emitWebhookEvents` in its transaction.
 */
export function settlementWebhookEvents(f: SettlementFacts): WebhookEventInput[] {
  const s = f.sale;
  const events: WebhookEventInput[] = [];
  const at = f.now.toISOString();
  const commissionNet =
    s.commissionAmountCents == null
      ? 0
      : s.commissionAmountCents - (f.commission?.reversedCents ?? f.commissionReversedBefore);
  const saleData = (refundedCents: number): SaleEventData => ({
    saleId: s.id,
    productKind: s.productKind === "subscription_invoice" ? "subscription" : s.productKind,
    trackId: s.trackId,
    releaseId: s.releaseId,
    trackTitle: s.title,
    amountCents: s.amountCents,
    currency: s.currency,
    commissionCents: s.commissionAmountCents ?? 0,
    refundedCents,
    sourceTag: s.sourceTag,
    clickId: s.networkClickId,
    linkId: s.linkId,
    occurredAt: at,
    artistCents: null,
    buyer: null,
  });
  const forArtist = (data: SaleEventData): SaleEventData => ({
    ...data,
    artistCents: f.artistCents,
    buyer: buyerForArtist(s, s.artistId),
  });
  const commissionData = (
    status: CommissionStatus,
    reason: string | null,
  ): CommissionEventData => ({
    commissionId: s.commissionId!,
    saleId: s.id,
    productKind: s.productKind === "subscription_invoice" ? "subscription" : s.productKind,
    trackId: s.trackId,
    releaseId: s.releaseId,
    trackTitle: s.title,
    linkId: s.linkId!,
    amountCents: s.commissionAmountCents ?? 0,
    reversedCents: f.commission?.reversedCents ?? f.commissionReversedBefore,
    currency: s.currency,
    status,
    holdUntil: (s.commissionHoldUntil ?? f.now).toISOString(),
    sourceTag: s.sourceTag,
    clickId: s.networkClickId,
    reason,
    occurredAt: at,
  });

  if (f.firstPosting) {
    const data = saleData(f.refundedNow);
    if (s.artistUserId)
      events.push({
        userId: s.artistUserId,
        type: "sale.completed",
        subjectKey: `sale:${s.id}:${s.artistUserId}`,
        data: forArtist(data),
      });
    if (s.promoterUserId)
      events.push({
        userId: s.promoterUserId,
        type: "sale.completed",
        subjectKey: `sale:${s.id}:${s.promoterUserId}`,
        data,
      });
    if (s.promoterUserId && s.commissionId)
      events.push({
        userId: s.promoterUserId,
        type: "commission.created",
        subjectKey: `commission:${s.commissionId}:created`,
        data: commissionData(f.commission?.status ?? s.commissionStatus ?? "PENDING", null),
      });
  }
  if (f.refundedNow > f.refundedBefore) {
    const data = saleData(f.refundedNow);
    for (const [userId, d] of [
      [s.artistUserId, forArtist(data)],
      [s.promoterUserId, data],
    ] as const)
      if (userId)
        events.push({
          userId,
          type: "sale.refunded",
          subjectKey: `refund:${s.id}:${f.refundedNow}:${userId}`,
          data: d,
        });
  }
  if (s.promoterUserId && s.commissionId && f.commission) {
    const reversedGrew = f.commission.reversedCents > f.commissionReversedBefore;
    if (f.rejectedNow || reversedGrew)
      events.push({
        userId: s.promoterUserId,
        type: "commission.reversed",
        subjectKey: f.rejectedNow
          ? `commission:${s.commissionId}:rejected`
          : `commission:${s.commissionId}:reversed:${f.commission.reversedCents}`,
        data: commissionData(
          f.commission.status,
          f.rejectedNow ? "rejected" : f.disputed ? "dispute" : "refund",
        ),
      });
    if (f.commission.status === "PAYABLE" && s.commissionStatus !== "PAYABLE" && commissionNet > 0)
      events.push({
        userId: s.promoterUserId,
        type: "commission.payable",
        subjectKey: `commission:${s.commissionId}:payable`,
        data: commissionData("PAYABLE", null),
      });
  }
  return events;
}
