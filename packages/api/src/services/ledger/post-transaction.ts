import { randomUUID } from "node:crypto";

import type { LedgerAccountType, LedgerEntryKind, Prisma } from "@fanfare/db";

type Tx = Prisma.TransactionClient;

export type LedgerLine = { type: LedgerAccountType; ownerId?: string | null; amountCents: number };

/** "<type>" for platform accounts, "<type>:<ownerId>" for an artist's or promoter's account. */
export function ledgerAccountId(type: LedgerAccountType, ownerId?: string | null): string {
  return ownerId ? `${type}:${ownerId}` : type;
}

/** The one lock order of ledger accounts: their ids by code point (the same in every process). */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Posts one double-entry ledger transaction inside the caller's database transaction.
 *
 * Invariants: at least two lines, integer cents, lines sum to zero; each account's running
 * balance is moved by an atomic upsert that locks its row, so the recorded balance before and
 * after are exact under concurrency. Accounts are locked in id order to avoid deadlocks. One SQL
 * statement (one round trip) per transaction, whatever its number of lines.
 * Entries are immutable (a database trigger refuses UPDATE/DELETE); `(transactionId, accountId)`
 * is unique, so posting the same transaction twice fails instead of double-counting.
 *
 * @throws Error when the lines do not balance or are not integers.
 */
export async function postLedgerTransaction(
  tx: Tx,
  input: {
    transactionId?: string;
    kind: LedgerEntryKind;
    description: string;
    saleId?: string;
    commissionId?: string;
    payoutId?: string;
    lines: LedgerLine[];
    at?: Date;
  },
): Promise<{ transactionId: string }> {
  const lines = input.lines.filter((l) => l.amountCents !== 0);
  if (lines.length < 2)
    throw new Error(`Ledger transaction "${input.kind}" needs at least two non-zero lines.`);
  if (lines.some((l) => !Number.isSafeInteger(l.amountCents)))
    throw new Error(`Ledger transaction "${input.kind}" has a non-integer amount.`);
  const total = lines.reduce((s, l) => s + l.amountCents, 0);
  if (total !== 0)
    throw new Error(
      `Ledger transaction "${input.kind}" does not balance: lines sum to ${total} cents.`,
    );

  const transactionId = input.transactionId ?? randomUUID();
  const merged = new Map<string, LedgerLine & { accountId: string }>();
  for (const l of lines) {
    const accountId = ledgerAccountId(l.type, l.ownerId);
    const prev = merged.get(accountId);
    merged.set(accountId, {
      ...l,
      accountId,
      amountCents: (prev?.amountCents ?? 0) + l.amountCents,
    });
  }
  const at = input.at ?? new Date();
  // Accounts in id order: the upsert takes their row locks in that order, so two transactions
  // touching the same accounts cannot deadlock.
  const sorted = [...merged.values()].sort((a, b) => byCodePoint(a.accountId, b.accountId));
  // One statement: the upsert moves each account's balance and entry count under its row lock
  // and returns the new values, from which each entry records its sequence number and balances.
  const inserted = await tx.$executeRaw`
    WITH line AS (
      SELECT * FROM unnest(${sorted.map((l) => l.accountId)}::text[], ${sorted.map((l) => l.type)}::text[], ${sorted.map((l) => l.ownerId ?? null)}::text[],
        ${sorted.map((l) => l.amountCents)}::bigint[], ${sorted.map(() => randomUUID())}::text[]) WITH ORDINALITY AS l("accountId", "type", "ownerId", "amountCents", "entryId", "position")
    ), account AS (
      INSERT INTO "LedgerAccount" ("id", "type", "ownerId", "balanceCents", "entryCount", "createdAt", "updatedAt")
      SELECT "accountId", CAST("type" AS "LedgerAccountType"), "ownerId", "amountCents", 1, ${at}, ${at} FROM line ORDER BY "position"
      ON CONFLICT ("id") DO UPDATE SET "balanceCents" = "LedgerAccount"."balanceCents" + EXCLUDED."balanceCents",
        "entryCount" = "LedgerAccount"."entryCount" + 1, "updatedAt" = EXCLUDED."updatedAt"
      RETURNING "id", "balanceCents", "entryCount"
    )
    INSERT INTO "LedgerEntry" ("id", "transactionId", "accountId", "sequence", "amountCents", "balanceBeforeCents", "balanceAfterCents",
      "kind", "description", "saleId", "commissionId", "payoutId", "createdAt")
    SELECT line."entryId", ${transactionId}, line."accountId", account."entryCount", line."amountCents", account."balanceCents" - line."amountCents",
      account."balanceCents", ${input.kind}, ${input.description}, ${input.saleId ?? null}, ${input.commissionId ?? null}, ${input.payoutId ?? null}, ${at}
    FROM line JOIN account ON account."id" = line."accountId"`;
  if (inserted !== sorted.length)
    throw new Error(
      `Ledger transaction "${input.kind}" wrote ${inserted} entries instead of ${sorted.length}.`,
    );
  return { transactionId };
}

/**
 * Locks ledger accounts (FOR UPDATE, through an upsert that creates a missing one at zero) in id
 * order, inside the caller's transaction. A transaction that posts several ledger transactions
 * (releasing a batch of sales) takes every lock it will need first, in the same order single
 * postings use, so it cannot deadlock with them.
 */
export async function lockLedgerAccounts(
  tx: Tx,
  accounts: { type: LedgerAccountType; ownerId?: string | null }[],
  at: Date = new Date(),
): Promise<void> {
  const byId = new Map(accounts.map((a) => [ledgerAccountId(a.type, a.ownerId), a]));
  const ids = [...byId.keys()].sort(byCodePoint);
  if (ids.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "LedgerAccount" ("id", "type", "ownerId", "balanceCents", "entryCount", "createdAt", "updatedAt")
    SELECT "id", CAST("type" AS "LedgerAccountType"), "ownerId", 0, 0, ${at}, ${at}
    FROM unnest(${ids}::text[], ${ids.map((id) => byId.get(id)!.type)}::text[], ${ids.map((id) => byId.get(id)!.ownerId ?? null)}::text[]) WITH ORDINALITY AS a("id", "type", "ownerId", "position")
    ORDER BY "position"
    ON CONFLICT ("id") DO UPDATE SET "updatedAt" = "LedgerAccount"."updatedAt"`;
}
