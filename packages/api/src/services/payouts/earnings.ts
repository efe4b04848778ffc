import { startOfDay, subDays } from "date-fns";

import type { PrismaClient } from "@fanfare/db";
import { ZPageInput } from "@fanfare/validators";
import type { z } from "zod";

import { apiEnv } from "../env";
import type { Payee } from "./payee";
import { payeeAccounts } from "./payee";
import { releaseDueSales } from "./payouts";

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
  const bal = (id: string) => rows.find((r) => r.id === id)?.balanceCents ?? 0;
  const paid = (s: string) =>
    payouts.filter((p) => p.status === s).reduce((t, p) => t + (p._sum.amountCents ?? 0), 0);
  const dayKey = (d: Date) => d.toISOString().slice(0, 10);
  const byDay = new Map<string, number>();
  for (const e of entries)
    byDay.set(dayKey(e.createdAt), (byDay.get(dayKey(e.createdAt)) ?? 0) + e.amountCents);
  const series = Array.from({ length: SERIES_DAYS }, (_, i) => {
    const date = dayKey(subDays(now, SERIES_DAYS - 1 - i));
    return { date, cents: byDay.get(date) ?? 0 };
  });
  const sumSince = (d: Date) =>
    entries.filter((e) => e.createdAt >= d).reduce((t, e) => t + e.amountCents, 0);
  const env = apiEnv();
  return {
    currency: "usd",
    pendingCents: bal(pending.id),
    payableCents: bal(balance.id),
    inTransitCents: paid("PROCESSING") + paid("REQUESTED"),
    paidCents: paid("PAID"),
    holdDays: env.COMMISSION_HOLD_DAYS,
    minimumPayoutCents: env.PAYOUT_MINIMUM_CENTS,
    todayCents: sumSince(startOfDay(now)),
    weekCents: sumSince(subDays(now, 7)),
    monthCents: sumSince(subDays(now, 30)),
    series,
  };
}

/**
 * The payee's ledger, newest first: every entry on their pending and payable accounts with the
 * account's balance after it (the running balance). Cursor paging by entry id.
 */
export async function listLedger(
  input: { payee: Payee; page?: z.input<typeof ZPageInput> },
  db: PrismaClient,
) {
  const page = ZPageInput.parse(input.page ?? {});
  // Catch up on holds that ended, so the ledger agrees with the balances shown beside it.
  if (!page.cursor) await releaseDueSales(db, { payee: input.payee });
  const { balance, pending } = payeeAccounts(input.payee);
  const rows = await db.ledgerEntry.findMany({
    where: { accountId: { in: [balance.id, pending.id] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  });
  // When each still-held sale's money becomes payable: the release date fixed on the sale at
  // completion (Sale.holdUntil), shown beside its pending entries.
  const heldSaleIds = [
    ...new Set(rows.filter((e) => e.accountId === pending.id && e.saleId).map((e) => e.saleId!)),
  ];
  const held = heldSaleIds.length
    ? await db.sale.findMany({
        where: { id: { in: heldSaleIds }, status: "COMPLETED", releasedAt: null },
        select: { id: true, holdUntil: true },
      })
    : [];
  const availableOn = new Map(held.map((h) => [h.id, h.holdUntil]));
  const items = rows.slice(0, page.limit).map((e) => ({
    id: e.id,
    createdAt: e.createdAt,
    kind: e.kind,
    description: e.description,
    amountCents: e.amountCents,
    balanceAfterCents: e.balanceAfterCents,
    account: e.accountId === balance.id ? ("payable" as const) : ("pending" as const),
    saleId: e.saleId,
    payoutId: e.payoutId,
    /** For a pending entry of a sale still inside its holding period: when it becomes payable. */
    availableOn:
      e.accountId === pending.id && e.saleId ? (availableOn.get(e.saleId) ?? null) : null,
  }));
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
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
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, page.limit).map(toPayoutView);
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}

export function toPayoutView(p: {
  id: string;
  amountCents: number;
  status: "REQUESTED" | "PROCESSING" | "PAID" | "FAILED";
  failureReason: string | null;
  requestedAt: Date;
  paidAt: Date | null;
}) {
  return {
    id: p.id,
    amountCents: p.amountCents,
    status: p.status,
    failureReason: p.failureReason,
    requestedAt: p.requestedAt,
    paidAt: p.paidAt,
  };
}
