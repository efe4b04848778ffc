import type { PrismaClient } from "@fanfare/db";

import { reversedShares } from "../money/reversal";

export type Discrepancy = { check: string; subject: string; detail: string };

/**
 * Checks every ledger invariant over the whole database and returns each violation (empty when
 * the books are clean). Read-only. The checks:
 * 1. every ledger transaction's entries sum to zero;
 * 2. every account's balance equals the sum of its entries, and its entries form an unbroken
 *    chain (sequence 1..n, each balance before = the previous balance after);
 * 3. all account balances together sum to zero;
 * 4. each completed/refunded sale's entries match its amount minus reversals (clearing, platform,
 *    artist and promoter positions) and pending/failed sales have none;
 * 5. PAYOUTS_IN_TRANSIT holds exactly the payouts PROCESSING; every PAID payout has a transfer;
 *    no payout took more than the balance it was paid from (balance after ≥ 0);
 * 6. commission statuses agree with their sale and payout.
 */
export async function verifyLedger(db: PrismaClient): Promise<Discrepancy[]> {
  const out: Discrepancy[] = [];
  const add = (check: string, subject: string, detail: string) => out.push({ check, subject, detail });

  const unbalanced = await db.$queryRaw<{ transactionId: string; total: bigint }[]>`
    SELECT "transactionId", SUM("amountCents")::bigint AS total FROM "LedgerEntry" GROUP BY "transactionId" HAVING SUM("amountCents") <> 0`;
  for (const u of unbalanced) add("transaction-balances", u.transactionId, `entries sum to ${u.total} cents`);

  const accounts = await db.ledgerAccount.findMany();
  // One read of every entry, in chain order, instead of a query per account.
  const allEntries = await db.ledgerEntry.findMany({
    orderBy: [{ accountId: "asc" }, { sequence: "asc" }],
    select: { accountId: true, sequence: true, amountCents: true, balanceBeforeCents: true, balanceAfterCents: true },
  });
  const entriesOf = new Map<string, typeof allEntries>();
  for (const e of allEntries) {
    const list = entriesOf.get(e.accountId) ?? [];
    list.push(e);
    entriesOf.set(e.accountId, list);
  }
  let grand = 0;
  for (const a of accounts) {
    grand += a.balanceCents;
    const entries = entriesOf.get(a.id) ?? [];
    const sum = entries.reduce((s, e) => s + e.amountCents, 0);
    if (sum !== a.balanceCents) add("account-balance", a.id, `balance ${a.balanceCents} cents but entries sum to ${sum}`);
    if (entries.length !== a.entryCount) add("account-chain", a.id, `entryCount ${a.entryCount} but ${entries.length} entries`);
    let prev = 0;
    entries.forEach((e, i) => {
      if (e.sequence !== i + 1) add("account-chain", a.id, `entry ${i + 1} has sequence ${e.sequence}`);
      if (e.balanceBeforeCents !== prev) add("account-chain", a.id, `entry ${e.sequence}: balance before ${e.balanceBeforeCents}, previous after ${prev}`);
      prev = e.balanceAfterCents;
    });
  }
  if (grand !== 0) add("books-balance", "all accounts", `balances sum to ${grand} cents`);

  const sales = await db.sale.findMany({ include: { track: { select: { artistId: true } }, commission: true } });
  const saleEntries = await db.ledgerEntry.groupBy({ by: ["saleId", "accountId"], where: { saleId: { not: null } }, _sum: { amountCents: true } });
  const bySale = new Map<string, Map<string, number>>();
  for (const e of saleEntries) {
    const m = bySale.get(e.saleId!) ?? new Map<string, number>();
    m.set(e.accountId, e._sum.amountCents ?? 0);
    bySale.set(e.saleId!, m);
  }
  for (const s of sales) {
    const m = bySale.get(s.id) ?? new Map<string, number>();
    const get = (id: string) => m.get(id) ?? 0;
    if (s.status === "PENDING" || s.status === "FAILED") {
      if (m.size > 0) add("sale-position", s.id, `${s.status} sale has ledger entries`);
      continue;
    }
    const back = reversedShares(s, s.reversedCents);
    const expect = {
      clearing: -(s.amountCents - s.reversedCents),
      platform: s.platformFeeCents - back.platformFeeCents,
      artist: s.artistCents - back.artistCents,
      promoter: s.commissionCents - back.commissionCents,
    };
    if (get("BUYER_CLEARING") !== expect.clearing) add("sale-position", s.id, `clearing ${get("BUYER_CLEARING")}, expected ${expect.clearing}`);
    if (get("PLATFORM_REVENUE") !== expect.platform) add("sale-position", s.id, `platform ${get("PLATFORM_REVENUE")}, expected ${expect.platform}`);
    const artist = get(`ARTIST_PENDING:${s.track.artistId}`) + get(`ARTIST_BALANCE:${s.track.artistId}`);
    if (artist !== expect.artist) add("sale-position", s.id, `artist ${artist}, expected ${expect.artist}`);
    if (s.releasedAt && get(`ARTIST_PENDING:${s.track.artistId}`) !== 0) add("sale-position", s.id, "released sale still has pending artist money");
    if (s.promoterId) {
      const promoter = get(`PROMOTER_PENDING:${s.promoterId}`) + get(`PROMOTER_BALANCE:${s.promoterId}`);
      if (promoter !== expect.promoter) add("sale-position", s.id, `promoter ${promoter}, expected ${expect.promoter}`);
    }
    if (s.reversedCents === s.amountCents && s.status !== "REFUNDED") add("sale-status", s.id, "fully reversed but not REFUNDED");
    const c = s.commission;
    if (c) {
      if (c.payoutId && c.status !== "PAID") add("commission-status", c.id, `has payout ${c.payoutId} but is ${c.status}`);
      if (!c.payoutId && c.status === "PAID") add("commission-status", c.id, "PAID without a payout");
      if (!c.payoutId && c.reversedCents === c.amountCents && c.status !== "CANCELLED") add("commission-status", c.id, `fully reversed but ${c.status}`);
    }
  }

  const payouts = await db.payout.findMany();
  const inTransit = accounts.find((a) => a.id === "PAYOUTS_IN_TRANSIT")?.balanceCents ?? 0;
  const processing = payouts.filter((p) => p.status === "PROCESSING" || p.status === "REQUESTED").reduce((s, p) => s + p.amountCents, 0);
  if (inTransit !== processing) add("payouts-in-transit", "PAYOUTS_IN_TRANSIT", `holds ${inTransit} cents, payouts processing total ${processing}`);
  const debits = await db.ledgerEntry.findMany({ where: { kind: "PAYOUT" } });
  const debitOf = new Map(debits.map((d) => [`${d.transactionId}|${d.accountId}`, d]));
  for (const p of payouts) {
    if (p.status === "PAID" && !p.stripeTransferId) add("payout", p.id, "PAID without a transfer id");
    const debit = debitOf.get(`payout:${p.id}|${p.accountId}`);
    if (!debit) add("payout", p.id, "no ledger entry took the payout from the balance");
    else if (debit.balanceAfterCents < 0) add("payout-exceeds-earnings", p.id, `paid ${p.amountCents} cents from a balance of ${debit.balanceBeforeCents}`);
  }
  return out;
}
