import { randomUUID } from "node:crypto";

import type { LedgerAccountType, Prisma } from "@fanfare/db";

type Tx = Prisma.TransactionClient;

export type LedgerLine = { type: LedgerAccountType; ownerId?: string | null; amountCents: number };

/** "<type>" for platform accounts, "<type>:<ownerId>" for an artist's or promoter's account. */
export function ledgerAccountId(type: LedgerAccountType, ownerId?: string | null): string {
  return ownerId ? `${type}:${ownerId}` : type;
}

/**
 * Posts one double-entry ledger transaction inside the caller's database transaction.
 *
 * Invariants: at least two lines, integer cents, lines sum to zero; each account's running
 * balance is moved by an atomic upsert that locks its row, so the recorded balance before and
 * after are exact under concurrency. Accounts are locked in id order to avoid deadlocks.
 * Entries are immutable (a database trigger refuses UPDATE/DELETE); `(transactionId, accountId)`
 * is unique, so posting the same transaction twice fails instead of double-counting.
 *
 * @throws Error when the lines do not balance or are not integers.
 */
export async function postLedgerTransaction(
  tx: Tx,
  input: { transactionId?: string; kind: string; description: string; saleId?: string; commissionId?: string; payoutId?: string; lines: LedgerLine[]; at?: Date },
): Promise<{ transactionId: string }> {
  const lines = input.lines.filter((l) => l.amountCents !== 0);
  if (lines.length < 2) throw new Error(`Ledger transaction "${input.kind}" needs at least two non-zero lines.`);
  if (lines.some((l) => !Number.isSafeInteger(l.amountCents))) throw new Error(`Ledger transaction "${input.kind}" has a non-integer amount.`);
  const total = lines.reduce((s, l) => s + l.amountCents, 0);
  if (total !== 0) throw new Error(`Ledger transaction "${input.kind}" does not balance: lines sum to ${total} cents.`);

  const transactionId = input.transactionId ?? randomUUID();
  const merged = new Map<string, LedgerLine & { accountId: string }>();
  for (const l of lines) {
    const accountId = ledgerAccountId(l.type, l.ownerId);
    const prev = merged.get(accountId);
    merged.set(accountId, { ...l, accountId, amountCents: (prev?.amountCents ?? 0) + l.amountCents });
  }
  const at = input.at ?? new Date();
  const entries: Prisma.LedgerEntryCreateManyInput[] = [];
  for (const l of [...merged.values()].sort((a, b) => a.accountId.localeCompare(b.accountId))) {
    const [row] = await tx.$queryRaw<{ balanceCents: number; entryCount: number }[]>`
      INSERT INTO "LedgerAccount" ("id", "type", "ownerId", "balanceCents", "entryCount", "createdAt", "updatedAt")
      VALUES (${l.accountId}, CAST(${l.type} AS "LedgerAccountType"), ${l.ownerId ?? null}, ${l.amountCents}, 1, ${at}, ${at})
      ON CONFLICT ("id") DO UPDATE SET "balanceCents" = "LedgerAccount"."balanceCents" + EXCLUDED."balanceCents",
        "entryCount" = "LedgerAccount"."entryCount" + 1, "updatedAt" = EXCLUDED."updatedAt"
      RETURNING "balanceCents", "entryCount"`;
    const after = Number(row!.balanceCents);
    entries.push({
      transactionId,
      accountId: l.accountId,
      sequence: Number(row!.entryCount),
      amountCents: l.amountCents,
      balanceBeforeCents: after - l.amountCents,
      balanceAfterCents: after,
      kind: input.kind,
      description: input.description,
      saleId: input.saleId,
      commissionId: input.commissionId,
      payoutId: input.payoutId,
      createdAt: at,
    });
  }
  await tx.ledgerEntry.createMany({ data: entries });
  return { transactionId };
}
