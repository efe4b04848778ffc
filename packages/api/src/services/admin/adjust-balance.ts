import type { PayeeType, PrismaClient } from "@fanfare/db";
import type { AdjustBalanceInput } from "@fanfare/validators";
import { formatCents, ZAdjustBalanceInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { postLedgerTransaction } from "../ledger/post-transaction";
import type { Payee } from "../payouts/payee";
import { payeeAccounts } from "../payouts/payee";

/** An adjustment as posted. */
export type AdjustmentResult = {
  idempotencyKey: string;
  transactionId: string;
  payeeType: PayeeType;
  payeeId: string;
  amountCents: number;
  reason: string;
  createdAt: Date;
  /** false when this call replayed an adjustment already posted under the same key. */
  created: boolean;
};

/**
 * Posts a manual adjustment of one payee's payable balance (issue 11 §5, the ADJUSTMENT of seed
 * 003): one balanced ledger transaction `adjustment:<key>` of kind ADJUSTMENT, the payee's
 * *_BALANCE account ± amount against PLATFORM_ADJUSTMENTS ∓ amount, with the reason as the
 * description the payee reads in their ledger; a `BalanceAdjustment` row and an audit row, all
 * in one transaction. The balance may go negative (the next payout nets it, like a clawback).
 *
 * Idempotent by `idempotencyKey` (the approach of Stripe's Idempotency-Key): the same key with
 * the same request returns the first result and posts nothing; the same key with a different
 * request is a CONFLICT. Concurrent requests with one key serialise on the key's row.
 * @param actor the admin (user id), or null for the system (the money simulation).
 * @throws AppError NOT_FOUND when the email has no artist or promoter profile of that type,
 *   CONFLICT when the key was used for another adjustment.
 */
export async function adjustBalance(
  raw: AdjustBalanceInput,
  actor: { userId: string | null },
  db: PrismaClient,
): Promise<AdjustmentResult> {
  const input = ZAdjustBalanceInput.parse(raw);
  const user = await db.user.findUnique({
    where: { email: input.payeeEmail },
    select: {
      artist: { select: { id: true } },
      promoter: { select: { id: true } },
      label: { select: { id: true } },
    },
  });
  const profile =
    input.payeeType === "ARTIST"
      ? user?.artist
      : input.payeeType === "LABEL"
        ? user?.label
        : user?.promoter;
  if (!profile)
    throw new AppError(
      "NOT_FOUND",
      `${input.payeeEmail} has no ${input.payeeType.toLowerCase()} profile to adjust.`,
      { field: "payeeEmail" },
    );
  return postAdjustment(
    {
      payee: { type: input.payeeType, id: profile.id },
      amountCents: input.amountCents,
      reason: input.reason,
      idempotencyKey: input.idempotencyKey,
    },
    actor,
    db,
  );
}

/**
 * `adjustBalance` for a payee already known by profile id (the simulation calls it directly).
 * Same rules, errors and idempotency.
 */
export async function postAdjustment(
  input: { payee: Payee; amountCents: number; reason: string; idempotencyKey: string },
  actor: { userId: string | null },
  db: PrismaClient,
): Promise<AdjustmentResult> {
  const transactionId = `adjustment:${input.idempotencyKey}`;
  return db.$transaction(async (tx) => {
    // No conflict target: the key is unique twice over (its own key and the ledger transaction id
    // made from it), and a concurrent insert of the same key may meet either index first; with a
    // target PostgreSQL raises on the other one (seen in CI under load) instead of skipping.
    const inserted = await tx.$queryRaw<{ createdAt: Date }[]>`
      INSERT INTO "BalanceAdjustment" ("idempotencyKey", "payeeType", "payeeId", "amountCents", "reason", "actorId", "transactionId")
      VALUES (${input.idempotencyKey}, CAST(${input.payee.type} AS "PayeeType"), ${input.payee.id}, ${input.amountCents},
        ${input.reason}, ${actor.userId}, ${transactionId})
      ON CONFLICT DO NOTHING
      RETURNING "createdAt"`;
    if (inserted.length === 0) {
      const first = await tx.balanceAdjustment.findUniqueOrThrow({
        where: { idempotencyKey: input.idempotencyKey },
      });
      const same =
        first.payeeType === input.payee.type &&
        first.payeeId === input.payee.id &&
        first.amountCents === input.amountCents &&
        first.reason === input.reason;
      if (!same)
        throw new AppError(
          "CONFLICT",
          `Idempotency key ${input.idempotencyKey} was already used for another adjustment.`,
        );
      return { ...first, created: false };
    }
    const accounts = payeeAccounts(input.payee);
    await postLedgerTransaction(tx, {
      transactionId,
      kind: "ADJUSTMENT",
      description: `Adjustment by Fanfare: ${input.reason} (${formatCents(input.amountCents, "usd")})`,
      lines: [
        { type: accounts.balance.type, ownerId: input.payee.id, amountCents: input.amountCents },
        { type: "PLATFORM_ADJUSTMENTS", amountCents: -input.amountCents },
      ],
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "balance.adjust",
      subjectType: input.payee.type.toLowerCase(),
      subjectId: input.payee.id,
      after: { amountCents: input.amountCents, reason: input.reason, transactionId },
    });
    return {
      idempotencyKey: input.idempotencyKey,
      transactionId,
      payeeType: input.payee.type,
      payeeId: input.payee.id,
      amountCents: input.amountCents,
      reason: input.reason,
      createdAt: inserted[0]!.createdAt,
      created: true,
    };
  });
}
