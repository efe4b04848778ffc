import type { Prisma } from "@fanfare/db";
import { formatCents } from "@fanfare/validators";

import { apiEnv } from "../env";
import type { NotificationInput } from "../notifications/notify";
import { notifyManyUnlessMuted } from "../notifications/notify";
import type { QueuedEmail } from "./outbox";
import { enqueueEmail, enqueueEmails } from "./outbox";
import { productPath, SUBSCRIPTION_TITLE } from "../catalog/products";

type Tx = Prisma.TransactionClient;

/** What a completed sale's notices say, as the completion already read it (under the sale's lock). */
export type CompletedSale = {
  saleId: string;
  trackTitle: string;
  artistName: string;
  /** The artist's account email; null when the artist has none (never in practice). */
  artistEmail: string | null;
  /** The artist's user id, for their in-app notification (issue 13 §7); none when absent. */
  artistUserId?: string | null;
  amountCents: number;
  artistCents: number;
  commissionCents: number;
  currency: string;
  /** The end of the sale's holding period (`Sale.holdUntil`): when both shares become payable. */
  holdUntil: Date;
  /** The promoter whose link sold it, when one did (`userId`: their in-app notification). */
  promoter: { email: string; name: string | null; userId?: string | null } | null;
};

/**
 * Queues the artist's "you made a sale" (`artist-sale:<saleId>`) and, when a promoter earned
 * commission, their "commission earned" (`commission-earned:<saleId>`), in the completion's
 * transaction. The buyer's receipt is queued by `sendReceipt` (it issues the download link).
 * Each also writes the in-app notification (issue 13 §7: `sale_made`, dedupe `sale:<saleId>`;
 * `commission_earned`, dedupe `commission:<saleId>`); a user who muted the type gets neither
 * the notification nor the email.
 */
export async function queueSaleCompletedEmails(tx: Tx, sale: CompletedSale): Promise<void> {
  const appUrl = apiEnv().APP_URL;
  const money = (c: number) => formatCents(c, sale.currency);
  const promoter = sale.promoter && sale.commissionCents > 0 ? sale.promoter : null;
  // Both notifications in one statement, then both emails in one (two statements, not four).
  const notifications: NotificationInput[] = [];
  if (sale.artistUserId)
    notifications.push({
      userId: sale.artistUserId,
      type: "sale_made",
      title: `You sold ${sale.trackTitle} for ${money(sale.amountCents)}`,
      body: `Your share: ${money(sale.artistCents)}${sale.commissionCents > 0 ? ", through a promoter" : ""}.`,
      href: "/dashboard/artist",
      dedupeKey: `sale:${sale.saleId}`,
    });
  if (promoter?.userId)
    notifications.push({
      userId: promoter.userId,
      type: "commission_earned",
      title: `You earned ${money(sale.commissionCents)} commission`,
      body: `A fan bought ${sale.trackTitle} by ${sale.artistName} through you. Payable from ${sale.holdUntil.toISOString().slice(0, 10)} (UTC), after the holding period.`,
      href: "/dashboard/earnings",
      dedupeKey: `commission:${sale.saleId}`,
    });
  const outcomes = await notifyManyUnlessMuted(tx, notifications);
  const muted = (type: NotificationInput["type"]) =>
    notifications.some((n, i) => n.type === type && outcomes[i]!.muted);
  const emails: QueuedEmail[] = [];
  if (sale.artistEmail && !muted("sale_made"))
    emails.push({
      idempotencyKey: `artist-sale:${sale.saleId}`,
      to: sale.artistEmail,
      template: "artist-sale",
      props: {
        appUrl,
        saleId: sale.saleId,
        artistName: sale.artistName,
        trackTitle: sale.trackTitle,
        amountCents: sale.amountCents,
        artistCents: sale.artistCents,
        currency: sale.currency,
        promoted: sale.commissionCents > 0,
        availableOn: sale.holdUntil,
      },
    } satisfies QueuedEmail<"artist-sale">);
  if (promoter && !muted("commission_earned"))
    emails.push({
      idempotencyKey: `commission-earned:${sale.saleId}`,
      to: promoter.email,
      template: "commission-earned",
      props: {
        appUrl,
        saleId: sale.saleId,
        promoterName: promoter.name,
        trackTitle: sale.trackTitle,
        artistName: sale.artistName,
        commissionCents: sale.commissionCents,
        currency: sale.currency,
        availableOn: sale.holdUntil,
      },
    } satisfies QueuedEmail<"commission-earned">);
  await enqueueEmails(tx, emails);
}

/** A sale's reversal totals before a settlement, to tell what the settlement changed. */
export type ReversalSnapshot = {
  saleId: string;
  refundedCents: number;
  commissionReversedCents: number;
};

/** Reads the sale's refunded and commission-reversed totals (cents), under the caller's sale lock. */
export async function readReversalSnapshot(
  tx: Tx,
  saleId: string,
): Promise<ReversalSnapshot | null> {
  const [row] = await tx.$queryRaw<ReversalSnapshot[]>`
    SELECT s."id" AS "saleId", s."refundedCents", COALESCE(c."reversedCents", 0)::int AS "commissionReversedCents"
    FROM "Sale" s LEFT JOIN "Commission" c ON c."saleId" = s."id"
    WHERE s."id" = ${saleId}`;
  return row ?? null;
}

type ReversalState = ReversalSnapshot & {
  amountCents: number;
  currency: string;
  buyerEmail: string;
  buyerName: string | null;
  trackTitle: string;
  trackSlug: string;
  /**
   * What was sold (issue 16 §1, §3): the path is `/t/<slug>`, `/r/<slug>`, or for a catalog
   * subscription's invoice the artist's page `/a/<slug>`.
   */
  productKind: "track" | "release" | "subscription_invoice";
  artistName: string;
  commissionCents: number | null;
  commissionPayoutId: string | null;
  promoterEmail: string | null;
  promoterName: string | null;
};

/**
 * After a refund or dispute was settled (`settleSale`), queues what changed, in the same
 * transaction:
 * - the buyer's refund notice when the refunded total grew (`refund-notice:<saleId>:<total>`);
 * - the promoter's "commission reversed" when the commission's reversed total grew
 *   (`commission-reversed:<saleId>:<total>`), a clawback when that commission was already in a
 *   payout (the next payout nets it out).
 * Keys carry the cumulative totals, so a replayed event queues nothing new. A dispute alone
 * sends the buyer nothing (their bank, not Fanfare, gave the money back).
 */
export async function queueReversalEmails(tx: Tx, before: ReversalSnapshot): Promise<void> {
  const [after] = await tx.$queryRaw<ReversalState[]>`
    SELECT s."id" AS "saleId", s."refundedCents", COALESCE(c."reversedCents", 0)::int AS "commissionReversedCents",
      s."amountCents", s."currency", s."buyerEmail", s."buyerName", COALESCE(t."title", r."title", ${SUBSCRIPTION_TITLE}) AS "trackTitle", COALESCE(t."slug", r."slug", a."slug") AS "trackSlug", s."productKind", a."name" AS "artistName",
      c."amountCents" AS "commissionCents", c."payoutId" AS "commissionPayoutId", u."email" AS "promoterEmail", u."name" AS "promoterName"
    FROM "Sale" s
    LEFT JOIN "Track" t ON t."id" = s."trackId"
    LEFT JOIN "Release" r ON r."id" = s."releaseId"
    JOIN "ArtistProfile" a ON a."id" = s."artistId"
    LEFT JOIN "Commission" c ON c."saleId" = s."id"
    LEFT JOIN "PromoterProfile" p ON p."id" = c."promoterId"
    LEFT JOIN "User" u ON u."id" = p."userId"
    WHERE s."id" = ${before.saleId}`;
  if (!after) return;
  const appUrl = apiEnv().APP_URL;
  const refunded = after.refundedCents - before.refundedCents;
  if (refunded > 0) {
    await enqueueEmail(tx, {
      idempotencyKey: `refund-notice:${after.saleId}:${after.refundedCents}`,
      to: after.buyerEmail,
      template: "refund-notice",
      props: {
        appUrl,
        saleId: after.saleId,
        buyerName: after.buyerName,
        trackTitle: after.trackTitle,
        artistName: after.artistName,
        refundedCents: refunded,
        totalRefundedCents: after.refundedCents,
        amountCents: after.amountCents,
        currency: after.currency,
        trackPath: productPath(
          after.productKind === "subscription_invoice" ? "subscription" : after.productKind,
          after.trackSlug,
        ),
      },
    });
  }
  const reversed = after.commissionReversedCents - before.commissionReversedCents;
  if (reversed > 0 && after.promoterEmail && after.commissionCents) {
    await enqueueEmail(tx, {
      idempotencyKey: `commission-reversed:${after.saleId}:${after.commissionReversedCents}`,
      to: after.promoterEmail,
      template: "commission-reversed",
      props: {
        appUrl,
        saleId: after.saleId,
        promoterName: after.promoterName,
        trackTitle: after.trackTitle,
        commissionCents: after.commissionCents,
        reversedCents: reversed,
        totalReversedCents: after.commissionReversedCents,
        currency: after.currency,
        reason: refunded > 0 ? "refund" : "dispute",
        clawback: after.commissionPayoutId != null,
      },
    });
  }
}
