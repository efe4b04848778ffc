import type { PrismaClient } from "@fanfare/db";
import { cents } from "@fanfare/db";
import { formatCents } from "@fanfare/validators";

import { notifyRejectedTogether, rejectCommission } from "../admin/commission-review";
import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { lockLedgerAccounts, postLedgerTransaction } from "../ledger/post-transaction";
import { settleSalesInBatches } from "../payouts/payouts";
import { recruiterHeldSales } from "./promoter-status";
import { programSettings } from "../settings/program-settings";

const DAY = 86_400_000;

/** What one run of the forfeiture did. */
export type ForfeitureResult = {
  /** Terminated promoters past their notice period that had something to settle. */
  promoters: number;
  /** Commissions rejected (their shares paid to the artists). */
  rejected: number;
  /** Negative balances written off, and their total in cents. */
  writeOffs: number;
  writtenOffCents: number;
  /** Held recruiter's shares forfeited (issue 14 §6: back to the platform). */
  recruiterSharesForfeited: number;
};

/**
 * The end of a termination's notice period (issue 11 §2: "unpaid commissions are rejected after
 * a notice period; a negative balance left behind is written off to PLATFORM_WRITE_OFFS"). For
 * every TERMINATED promoter whose termination (`statusChangedAt`) is at least the
 * `terminationNoticeDays` setting before `now`:
 * 1. each unpaid commission (PENDING, held or not, and PAYABLE) is rejected through the fraud
 *    review's rule (`rejectCommission`, as the system): settlement pays its share to the
 *    artist; the promoter gets one email for all of them;
 * 2. their held second-tier shares as a recruiter (issue 14 §6: `Sale.recruiterHeldAt`, held
 *    because the termination came before the sale's release) are forfeited
 *    (`Sale.recruiterForfeitedAt`, set in the same transaction as the settlement that pays them
 *    back to the platform, which funded them; ledger kind RECRUITER_FORFEITED); shares already
 *    payable at the termination stay in the balance, like payable commissions' money once paid;
 * 3. a negative payable balance (clawbacks the promoter can no longer earn back) is written off
 *    (`writeOffNegativeBalance`).
 * Commissions already paid out stay paid (a refund after that is still a clawback, written off
 * by a later run). A positive balance (an admin's credit) is left for an admin to settle.
 * Idempotent: a run after a crash, or two runs at once, reject and write off nothing twice
 * (each step locks what it changes and re-checks). The job `program.forfeitures` runs it hourly.
 */
export async function forfeitTerminatedPromoters(
  input: { now?: Date },
  db: PrismaClient,
): Promise<ForfeitureResult> {
  const now = input.now ?? new Date();
  const { terminationNoticeDays } = await programSettings(db);
  const cutoff = new Date(now.getTime() - terminationNoticeDays * DAY);
  const due = await db.$queryRaw<{ id: string; terminatedAt: Date }[]>`
    SELECT p."id", p."statusChangedAt" AS "terminatedAt" FROM "PromoterProfile" p
    WHERE p."status" = 'TERMINATED' AND p."statusChangedAt" <= ${cutoff}
      AND (EXISTS (SELECT 1 FROM "Commission" c WHERE c."promoterId" = p."id"
                     AND c."status" IN ('PENDING', 'PAYABLE'))
        OR EXISTS (SELECT 1 FROM "LedgerAccount" a WHERE a."id" = 'PROMOTER_BALANCE:' || p."id"
                     AND a."balanceCents" < 0)
        OR EXISTS (SELECT 1 FROM "Sale" s WHERE s."recruiterId" = p."id"
                     AND s."recruiterHeldAt" IS NOT NULL AND s."recruiterForfeitedAt" IS NULL))
    ORDER BY p."id"`;
  const result: ForfeitureResult = {
    promoters: due.length,
    rejected: 0,
    writeOffs: 0,
    writtenOffCents: 0,
    recruiterSharesForfeited: 0,
  };
  for (const p of due) {
    const reason = `Your promoter account was terminated on ${p.terminatedAt.toISOString().slice(0, 10)}: after the ${terminationNoticeDays}-day notice period, unpaid commissions go to the artists.`;
    const unpaid = await db.commission.findMany({
      where: { promoterId: p.id, status: { in: ["PENDING", "PAYABLE"] } },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    const rejected: string[] = [];
    for (const c of unpaid) {
      try {
        await rejectCommission({ commissionId: c.id, reason }, { userId: null }, db, now, {
          notify: false,
        });
        rejected.push(c.id);
      } catch (e) {
        // Another run (or an admin) rejected it first, or refunds cancelled it: nothing to do.
        if (!(e instanceof AppError && e.code === "CONFLICT")) throw e;
      }
    }
    await notifyRejectedTogether(db, {
      commissionIds: rejected,
      reason,
      key: `forfeit:${p.id}:${rejected[0] ?? ""}`,
    });
    result.rejected += rejected.length;
    const held = await recruiterHeldSales(db, p.id);
    if (held.length > 0)
      await settleSalesInBatches(db, held, now, {
        beforeSettle: async (tx, saleIds) => {
          result.recruiterSharesForfeited += await tx.$executeRaw`
            UPDATE "Sale" SET "recruiterForfeitedAt" = ${now}, "updatedAt" = ${now}
            WHERE "id" = ANY(${saleIds}::text[]) AND "recruiterId" = ${p.id}
              AND "recruiterHeldAt" IS NOT NULL AND "recruiterForfeitedAt" IS NULL
              -- Still terminated (the list of promoters due was read before this batch).
              AND EXISTS (SELECT 1 FROM "PromoterProfile" r WHERE r."id" = ${p.id} AND r."status" = 'TERMINATED')`;
        },
      });
    const off = await writeOffNegativeBalance({ promoterId: p.id, now }, db);
    if (off) {
      result.writeOffs++;
      result.writtenOffCents += off.amountCents;
    }
  }
  return result;
}

/**
 * Writes off a TERMINATED promoter's negative payable balance: one WRITE_OFF ledger transaction
 * `write-off:<promoterId>:<n>` (n = the balance account's entry count, so the same state never
 * posts twice) moving the deficit from PLATFORM_WRITE_OFFS to the promoter's balance, which
 * ends at exactly zero; audited as the system's action. The promoter row is read under FOR
 * SHARE after the ledger accounts are locked (settlement's lock order).
 * @returns the write-off, or null when the balance is not negative or the promoter is not
 *   TERMINATED.
 */
export async function writeOffNegativeBalance(
  input: { promoterId: string; now?: Date },
  db: PrismaClient,
): Promise<{ transactionId: string; amountCents: number } | null> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    await lockLedgerAccounts(
      tx,
      [{ type: "PROMOTER_BALANCE", ownerId: input.promoterId }, { type: "PLATFORM_WRITE_OFFS" }],
      now,
    );
    const [account] = await tx.$queryRaw<{ balanceCents: bigint; entryCount: number }[]>`
      SELECT "balanceCents", "entryCount" FROM "LedgerAccount"
      WHERE "id" = ${`PROMOTER_BALANCE:${input.promoterId}`} FOR UPDATE`;
    const [promoter] = await tx.$queryRaw<{ status: string }[]>`
      SELECT "status"::text AS "status" FROM "PromoterProfile" WHERE "id" = ${input.promoterId} FOR SHARE`;
    const balance = cents(account!.balanceCents);
    if (promoter?.status !== "TERMINATED" || balance >= 0) return null;
    const amountCents = -balance;
    const transactionId = `write-off:${input.promoterId}:${account!.entryCount}`;
    await postLedgerTransaction(tx, {
      transactionId,
      kind: "WRITE_OFF",
      description: `Written off by Fanfare after termination: ${formatCents(amountCents, "usd")} the account could no longer earn back`,
      at: now,
      lines: [
        { type: "PROMOTER_BALANCE", ownerId: input.promoterId, amountCents },
        { type: "PLATFORM_WRITE_OFFS", amountCents: -amountCents },
      ],
    });
    await writeAudit(tx, {
      actorId: null,
      action: "promoter.writeOff",
      subjectType: "promoter",
      subjectId: input.promoterId,
      before: { balanceCents: balance },
      after: { balanceCents: 0, transactionId },
    });
    return { transactionId, amountCents };
  });
}
