import type { LedgerAccountType, Prisma } from "@fanfare/db";
import { formatCents } from "@fanfare/validators";

import { apiEnv } from "../env";
import { ledgerAccountId, postLedgerTransaction } from "../ledger/post-transaction";
import { reversedShares } from "./reversal";

type Tx = Prisma.TransactionClient;

/** Dispute statuses that keep the money out of the payees' hands (Stripe withdraws it at once). */
const DISPUTE_HOLDS = new Set(["open", "lost"]);

export type SettleResult = { changed: boolean; transactionId?: string; kind?: string };

/**
 * Brings one sale's ledger position to what the facts say it should be, and derives its
 * statuses. The one function every money event about a sale goes through (completion, refunds,
 * disputes, the end of the holding period), so any order of events converges to one state.
 *
 * Desired position of a COMPLETED or REFUNDED sale of A cents with shares (fee F, artist R,
 * commission C), reversal T = min(A, refunded + disputed-and-not-won) and reversed shares
 * (f, r, c) = reversedShares(sale, T):
 *   BUYER_CLEARING −(A − T); PLATFORM_REVENUE F − f; artist R − r and promoter C − c, in the
 *   *_PENDING accounts inside the holding period and in the *_BALANCE (payable) accounts after.
 * The entries already posted for the sale are summed per account; the difference is posted as
 * one balanced ledger transaction. A commission already paid out is reversed from the payable
 * balance, which may go negative: the clawback the next payout nets out.
 *
 * Must run inside a transaction; locks the sale row (FOR UPDATE). Idempotent: a second call with
 * the same facts posts nothing.
 * @param now the clock (UTC), injectable for tests and the simulation.
 */
export async function settleSale(tx: Tx, saleId: string, now: Date = new Date()): Promise<SettleResult> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Sale" WHERE "id" = ${saleId} FOR UPDATE`;
  if (locked.length === 0) return { changed: false };
  const sale = await tx.sale.findUniqueOrThrow({
    where: { id: saleId },
    include: { track: { select: { artistId: true, title: true } }, commission: true },
  });
  if (sale.status !== "COMPLETED" && sale.status !== "REFUNDED") return { changed: false };

  // Facts from the processor, stored once each (PaymentFact), possibly before the completion.
  const facts = sale.stripePaymentIntentId ? await tx.paymentFact.findMany({ where: { paymentIntentId: sale.stripePaymentIntentId } }) : [];
  const refundedCents = Math.min(sale.amountCents, facts.filter((f) => f.kind === "REFUND_TOTAL").reduce((m, f) => Math.max(m, f.amountCents), 0));
  const disputedCents = facts.filter((f) => f.kind === "DISPUTE" && DISPUTE_HOLDS.has(f.status)).reduce((s, f) => s + f.amountCents, 0);
  const reversed = Math.min(sale.amountCents, refundedCents + disputedCents);
  const back = reversedShares(sale, reversed);

  const holdMs = apiEnv().COMMISSION_HOLD_DAYS * 86_400_000;
  const releaseAt = new Date((sale.completedAt ?? now).getTime() + holdMs);
  const released = sale.releasedAt != null || now.getTime() >= releaseAt.getTime();

  const artistId = sale.track.artistId;
  const desired = new Map<string, { type: LedgerAccountType; ownerId?: string; cents: number }>();
  const want = (type: LedgerAccountType, cents: number, ownerId?: string) => desired.set(ledgerAccountId(type, ownerId), { type, ownerId, cents });
  want("BUYER_CLEARING", -(sale.amountCents - reversed));
  want("PLATFORM_REVENUE", sale.platformFeeCents - back.platformFeeCents);
  want(released ? "ARTIST_BALANCE" : "ARTIST_PENDING", sale.artistCents - back.artistCents, artistId);
  want(released ? "ARTIST_PENDING" : "ARTIST_BALANCE", 0, artistId);
  if (sale.promoterId) {
    want(released ? "PROMOTER_BALANCE" : "PROMOTER_PENDING", sale.commissionCents - back.commissionCents, sale.promoterId);
    want(released ? "PROMOTER_PENDING" : "PROMOTER_BALANCE", 0, sale.promoterId);
  }

  const posted = await tx.ledgerEntry.groupBy({ by: ["accountId"], where: { saleId: sale.id }, _sum: { amountCents: true } });
  const postedBy = new Map(posted.map((p) => [p.accountId, p._sum.amountCents ?? 0]));
  const firstPosting = posted.length === 0;
  for (const accountId of postedBy.keys()) {
    if (!desired.has(accountId)) throw new Error(`Sale ${sale.id} has entries on unexpected account ${accountId}.`);
  }
  const lines = [...desired.values()].map((d) => ({ type: d.type, ownerId: d.ownerId, amountCents: d.cents - (postedBy.get(ledgerAccountId(d.type, d.ownerId)) ?? 0) })).filter((l) => l.amountCents !== 0);

  const previousReversed = firstPosting ? 0 : sale.reversedCents;
  const commissionPaid = sale.commission?.payoutId != null;
  const kind = firstPosting
    ? "SALE"
    : reversed > previousReversed
      ? commissionPaid
        ? "CLAWBACK"
        : disputedCents > sale.disputedCents
          ? "DISPUTE"
          : "REFUND"
      : reversed < previousReversed
        ? "DISPUTE_WON"
        : "RELEASE";

  let transactionId: string | undefined;
  if (lines.length > 0) {
    const description =
      kind === "SALE"
        ? `Sale of "${sale.track.title}" (${sale.id})`
        : kind === "RELEASE"
          ? `Holding period over for sale ${sale.id}: now payable`
          : kind === "DISPUTE_WON"
            ? `Dispute won on sale ${sale.id}: ${formatCents(previousReversed - reversed, sale.currency)} returned`
            : `${kind === "CLAWBACK" ? "Clawback: after payout, " : ""}${kind === "DISPUTE" ? "Dispute" : "Refund"} of ${formatCents(reversed - previousReversed, sale.currency)} on sale ${sale.id} (${formatCents(sale.amountCents, sale.currency)}): each share reversed in proportion`;
    ({ transactionId } = await postLedgerTransaction(tx, { kind, description, saleId: sale.id, commissionId: sale.commission?.id, lines, at: now }));
  }

  // Derived statuses.
  const fullyReversed = reversed === sale.amountCents;
  await tx.sale.update({
    where: { id: sale.id },
    data: {
      refundedCents,
      disputedCents,
      reversedCents: reversed,
      status: fullyReversed ? "REFUNDED" : "COMPLETED",
      refundedAt: fullyReversed ? (sale.refundedAt ?? now) : null,
      releasedAt: released ? (sale.releasedAt ?? now) : null,
    },
  });
  if (sale.commission) {
    const net = sale.commission.amountCents - back.commissionCents;
    const status = commissionPaid ? "PAID" : net === 0 ? "CANCELLED" : released ? "PAYABLE" : "PENDING";
    if (status !== sale.commission.status || back.commissionCents !== sale.commission.reversedCents) {
      await tx.commission.update({ where: { id: sale.commission.id }, data: { status, reversedCents: back.commissionCents } });
    }
  }

  // Denormalised totals are net of reversals: apply the change since the last settlement.
  const prevBack = firstPosting ? null : reversedShares(sale, previousReversed);
  const prevCounted = !firstPosting && previousReversed < sale.amountCents ? 1 : 0;
  const nowCounted = fullyReversed ? 0 : 1;
  const d = {
    sales: nowCounted - prevCounted,
    gross: sale.amountCents - reversed - (prevBack ? sale.amountCents - previousReversed : 0),
    artist: sale.artistCents - back.artistCents - (prevBack ? sale.artistCents - prevBack.artistCents : 0),
    commission: sale.commissionCents - back.commissionCents - (prevBack ? sale.commissionCents - prevBack.commissionCents : 0),
  };
  if (d.sales || d.gross || d.artist || d.commission) {
    await tx.track.update({
      where: { id: sale.trackId },
      data: { salesCount: { increment: d.sales }, grossCents: { increment: d.gross }, artistCents: { increment: d.artist }, commissionsCents: { increment: d.commission } },
    });
    if (sale.linkId && sale.promoterId) {
      await tx.affiliateLink.update({ where: { id: sale.linkId }, data: { salesCount: { increment: d.sales }, commissionCents: { increment: d.commission } } });
      await tx.promoterProfile.update({ where: { id: sale.promoterId }, data: { salesCount: { increment: d.sales }, earningsCents: { increment: d.commission } } });
    }
  }
  return { changed: lines.length > 0, transactionId, kind: lines.length > 0 ? kind : undefined };
}
