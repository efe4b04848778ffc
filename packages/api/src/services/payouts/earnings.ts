import { startOfDay, subDays } from "date-fns";

import type { LedgerEntryKind, PrismaClient } from "@fanfare/db";
import { cents } from "@fanfare/db";
import { ZLedgerInput, ZPageInput } from "@fanfare/validators";
import type { z } from "zod";

import { SUBSCRIPTION_TITLE } from "../catalog/products";
import { pageArgs, paginate } from "../pagination";
import type { Payee } from "./payee";
import { payeeAccounts } from "./payee";
import { payoutMinimumFor, releaseDueSales } from "./payouts";
import { programSettings } from "../settings/program-settings";

const SERIES_DAYS = 30;

/**
 * The payee's money at a glance, in cents: pending (inside the holding period), payable (the
 * ledger balance, negative after a clawback), in transit (payouts processing), paid (payouts
 * completed); earnings net of refunds for today (UTC), the last 7 and 30 days; and a daily
 * series of the last 30 days. Every figure is a sum of ledger entries or payouts.
 */
export async function getEarnings(input: { payee: Payee; now?: Date }, db: PrismaClient) {
  const now = input.now ?? new Date();
  await releaseDueSales(db, { payee: input.payee, now });
  const { balance, pending } = payeeAccounts(input.payee);
  const accounts = [balance.id, pending.id];
  const since = startOfDay(subDays(now, SERIES_DAYS - 1));
  const [rows, payouts, entries] = await Promise.all([
    db.ledgerAccount.findMany({ where: { id: { in: accounts } } }),
    db.payout.groupBy({
      by: ["status"],
      where: { payeeType: input.payee.type, payeeId: input.payee.id },
      _sum: { amountCents: true },
    }),
    // Sale-related entries only: RELEASE moves money between the two accounts and nets to zero.
    db.ledgerEntry.findMany({
      where: { accountId: { in: accounts }, saleId: { not: null }, createdAt: { gte: since } },
      select: { amountCents: true, createdAt: true },
    }),
  ]);
  const bal = (id: string) => cents(rows.find((r) => r.id === id)?.balanceCents ?? 0);
  const paid = (s: string) =>
    payouts.filter((p) => p.status === s).reduce((t, p) => t + cents(p._sum.amountCents ?? 0), 0);
  const dayKey = (d: Date) => d.toISOString().slice(0, 10);
  const byDay = new Map<string, number>();
  for (const e of entries)
    byDay.set(dayKey(e.createdAt), (byDay.get(dayKey(e.createdAt)) ?? 0) + cents(e.amountCents));
  const series = Array.from({ length: SERIES_DAYS }, (_, i) => {
    const date = dayKey(subDays(now, SERIES_DAYS - 1 - i));
    return { date, cents: byDay.get(date) ?? 0 };
  });
  const sumSince = (d: Date) =>
    entries.filter((e) => e.createdAt >= d).reduce((t, e) => t + cents(e.amountCents), 0);
  const program = await programSettings(db);
  return {
    currency: "usd",
    pendingCents: bal(pending.id),
    payableCents: bal(balance.id),
    inTransitCents: paid("PROCESSING") + paid("REQUESTED"),
    paidCents: paid("PAID"),
    holdDays: program.holdDays,
    minimumPayoutCents: await payoutMinimumFor(input.payee, program.payoutMinimumCents, db),
    todayCents: sumSince(startOfDay(now)),
    weekCents: sumSince(subDays(now, 7)),
    monthCents: sumSince(subDays(now, 30)),
    series,
  };
}

/** Ledger entry kinds as a payee reads them, with the track the entry is about (when a sale). */
function entrySummary(kind: LedgerEntryKind, trackTitle: string | null, stored: string): string {
  const track = trackTitle ? `"${trackTitle}"` : "a sale";
  switch (kind) {
    case "SALE":
      return `Sale of ${track}`;
    case "RELEASE":
      return `Holding period over for ${track}: now payable`;
    case "REFUND":
      return `Refund on ${track}: your share reversed in proportion`;
    case "CLAWBACK":
      return `Refund on ${track} after it was paid out: taken from your balance`;
    case "DISPUTE":
      return `Buyer disputed ${track}: your share is held back`;
    case "DISPUTE_WON":
      return `Dispute on ${track} won: your share is back`;
    case "COMMISSION_REJECTED":
      return `Commission on ${track} rejected after review: the promoter's share goes to the artist`;
    case "PAYOUT":
      return "Payout to your Stripe account";
    case "PAYOUT_FAILED":
      return "Payout refused by Stripe: the money is back on your balance";
    case "PAYOUT_REVERSED":
      return "Transfer reversed by Stripe: the money is back on your balance";
    case "WRITE_OFF":
      return "Negative balance written off by Fanfare after your account was closed";
    case "RECRUITER_FORFEITED":
      return `Your recruiter's share of ${track} was forfeited after your account was closed`;
    case "PAYOUT_PAID":
    case "ADJUSTMENT":
    case "MILESTONE_BONUS":
    case "CONTEST_PRIZE":
      // A confirmation (on the in-transit account, never a payee's), an admin's adjustment and a
      // bonus or prize carry their own description (the reason the admin wrote; the milestone's
      // or contest's name).
      return stored;
  }
}

/**
 * The payee's ledger. With `account` ("payable" or "pending"), that account's entries in posting
 * order, newest first (by the account's own sequence, so "balance before" of each row is the
 * "balance after" of the row below it); without it, both accounts newest first. Each entry:
 * amount and balances before and after (cents), kind, a description in words (the track's title,
 * never an id), and for a pending entry of a sale still inside its holding period the date it
 * becomes payable (the sale's own `holdUntil`). Cursor paging by entry id.
 * @throws ZodError (BAD_REQUEST) for a limit outside 1–50 or an unknown account.
 */
export async function listLedger(
  input: { payee: Payee; page?: z.input<typeof ZLedgerInput> },
  db: PrismaClient,
) {
  const page = ZLedgerInput.parse(input.page ?? {});
  // Catch up on holds that ended, so the ledger agrees with the balances shown beside it.
  if (!page.cursor) await releaseDueSales(db, { payee: input.payee });
  const { balance, pending } = payeeAccounts(input.payee);
  const accountIds = page.account
    ? [page.account === "payable" ? balance.id : pending.id]
    : [balance.id, pending.id];
  const rows = await db.ledgerEntry.findMany({
    where: { accountId: { in: accountIds } },
    orderBy: page.account
      ? [{ sequence: "desc" }]
      : [{ createdAt: "desc" }, { sequence: "desc" }, { id: "desc" }],
    ...pageArgs(page),
  });
  const saleIds = [...new Set(rows.flatMap((e) => (e.saleId ? [e.saleId] : [])))];
  const sales = saleIds.length
    ? await db.sale.findMany({
        where: { id: { in: saleIds } },
        select: {
          id: true,
          status: true,
          releasedAt: true,
          holdUntil: true,
          subscriptionId: true,
          track: { select: { title: true } },
          release: { select: { title: true } },
        },
      })
    : [];
  // What was sold: the track, the release, or a catalog subscription's invoice.
  const titleOf = (sale: (typeof sales)[number] | undefined) =>
    (sale?.track ?? sale?.release)?.title ?? (sale?.subscriptionId ? SUBSCRIPTION_TITLE : null);
  const saleById = new Map(sales.map((s) => [s.id, s]));
  return paginate(rows, page, (e) => {
    const sale = e.saleId ? saleById.get(e.saleId) : undefined;
    // The column's CHECK constraint admits only LEDGER_ENTRY_KINDS.
    const kind = e.kind as LedgerEntryKind;
    // When a still-held sale's money becomes payable: the release date fixed on the sale at
    // completion (Sale.holdUntil), shown beside its pending entries.
    const held = sale && sale.status === "COMPLETED" && !sale.releasedAt;
    return {
      id: e.id,
      createdAt: e.createdAt,
      kind,
      description: entrySummary(kind, titleOf(sale), e.description),
      amountCents: cents(e.amountCents),
      balanceBeforeCents: cents(e.balanceBeforeCents),
      balanceAfterCents: cents(e.balanceAfterCents),
      account: e.accountId === balance.id ? ("payable" as const) : ("pending" as const),
      saleId: e.saleId,
      payoutId: e.payoutId,
      /** For a pending entry of a sale still inside its holding period: when it becomes payable. */
      availableOn: e.accountId === pending.id && held ? sale.holdUntil : null,
    };
  });
}

/** The payee's payouts, newest first. Amounts in cents. */
export async function listPayouts(
  input: { payee: Payee; page?: z.input<typeof ZPageInput> },
  db: PrismaClient,
) {
  const page = ZPageInput.parse(input.page ?? {});
  if (!page.cursor) await releaseDueSales(db, { payee: input.payee });
  const rows = await db.payout.findMany({
    where: { payeeType: input.payee.type, payeeId: input.payee.id },
    orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
    ...pageArgs(page),
  });
  return paginate(rows, page, toPayoutView);
}

export function toPayoutView(p: {
  id: string;
  amountCents: bigint | number;
  status: "REQUESTED" | "PROCESSING" | "PAID" | "FAILED";
  failureReason: string | null;
  requestedAt: Date;
  paidAt: Date | null;
}) {
  return {
    id: p.id,
    amountCents: cents(p.amountCents),
    status: p.status,
    failureReason: p.failureReason,
    requestedAt: p.requestedAt,
    paidAt: p.paidAt,
  };
}
