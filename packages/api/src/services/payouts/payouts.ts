import { randomUUID } from "node:crypto";

import type { Payout, PrismaClient } from "@fanfare/db";
import { cents, Prisma } from "@fanfare/db";
import type { PaymentsProvider } from "@fanfare/payments";
import { StripeRequestError } from "@fanfare/payments";
import type { PromoterStatusName } from "@fanfare/validators";
import { formatCents } from "@fanfare/validators";

import { AppError } from "../app-error";
import { enqueueEmail } from "../email/outbox";
import { emitWebhookEvents } from "../platform/webhooks/emit";
import type { PayoutEventData } from "../platform/webhooks/payload";
import { apiEnv } from "../env";
import { lockLedgerAccounts, postLedgerTransaction } from "../ledger/post-transaction";
import { promoterStandingMessage } from "../affiliate/promoter-standing";
import { requestMilestoneAward } from "../milestones/schedule";
import { requestBadgeAward } from "../badges/schedule";
import { notifyUnlessMuted } from "../notifications/notify";
import { settleSale } from "../money/settle-sale";
import type { HandleEventResult } from "../money/types";
import type { Payee } from "./payee";
import {
  BALANCE_ACCOUNT_TYPES,
  balanceAccountType,
  payeeAccounts,
  payeeTypeOfBalance,
} from "./payee";
import { programSettings } from "../settings/program-settings";
import { taxFormRequiredReason } from "../tax/tax-forms";

type Tx = Prisma.TransactionClient;

/** Stripe keeps idempotency keys for at least 24 hours (https://docs.stripe.com/api/idempotent_requests). */
const IDEMPOTENCY_KEY_LIFETIME_MS = 24 * 3_600_000;

/**
 * Test seam for crash injection: each hook runs at its point of the payout and may throw to
 * simulate the process dying there. Production passes none.
 */
/** A payout as services return it: the row, with its BIGINT amount as integer cents (`cents`). */
export type PayoutRecord = Omit<Payout, "amountCents"> & { amountCents: number };

/** `Payout` row → `PayoutRecord`. @throws RangeError past 2^53 cents (`cents`). */
export function payoutRecord(p: Payout): PayoutRecord {
  return { ...p, amountCents: cents(p.amountCents) };
}

export type PayoutHooks = {
  beforeTransfer?: (p: Payout) => void | Promise<void>;
  afterTransfer?: (p: Payout) => void | Promise<void>;
};
export type PayoutDeps = {
  db: PrismaClient;
  payments: PaymentsProvider;
  hooks?: PayoutHooks;
  now?: () => Date;
};

/** Sales released per transaction by `releaseDueSales`. */
const RELEASE_BATCH = 50;

/**
 * Moves every sale (of the payee, when given: an artist's tracks', or a promoter's as the
 * attributed promoter or as the recruiter, whose RECRUITER share it carries, issue 14 §6) whose
 * holding period (`Sale.holdUntil`) is over from pending to payable, and settles again the sales
 * whose recruiter's share is still held although the recruiter is ACTIVE again (a reinstatement
 * whose own settlement did not run, e.g. a crash after its commit). Batches of RELEASE_BATCH sales, one transaction each: the sales are locked in id
 * order, then every pending and payable account they touch (`lockLedgerAccounts`), then each
 * sale is settled. Idempotent; a batch that loses a deadlock or serialisation conflict is
 * retried (Prisma P2034), up to three attempts.
 * @returns how many sales were released.
 */
export async function releaseDueSales(
  db: PrismaClient,
  opts: { payee?: Payee; now?: Date; limit?: number } = {},
): Promise<number> {
  const now = opts.now ?? new Date();
  // Literal predicates (not bind parameters) so the planner can use the partial indexes over
  // unreleased sales (`Sale_unreleased_*`, migration scale_indexes): held sales are a few percent
  // of all, and this runs every minute and before every dashboard and payout request.
  const payeeFilter = !opts.payee
    ? Prisma.empty
    : opts.payee.type === "ARTIST"
      ? Prisma.sql`AND s."artistId" = ${opts.payee.id}::text`
      : opts.payee.type === "LABEL"
        ? Prisma.sql`AND s."labelId" = ${opts.payee.id}::text`
        : Prisma.sql`AND (s."promoterId" = ${opts.payee.id}::text OR s."recruiterId" = ${opts.payee.id}::text)`;
  const heldFilter = !opts.payee
    ? Prisma.empty
    : opts.payee.type !== "PROMOTER"
      ? Prisma.sql`AND FALSE`
      : Prisma.sql`AND s."recruiterId" = ${opts.payee.id}::text`;
  const rows = await db.$queryRaw<
    {
      id: string;
      promoterId: string | null;
      recruiterId: string | null;
      artistId: string;
      labelId: string | null;
    }[]
  >`
    (SELECT s."id", s."promoterId", s."recruiterId", s."artistId", s."labelId"
    FROM "Sale" s
    WHERE s."status" = 'COMPLETED' AND s."releasedAt" IS NULL
      -- Each sale's own holding period, fixed at completion (Sale.holdUntil).
      AND s."holdUntil" <= ${now.toISOString()}::timestamp(3) ${payeeFilter}
    ORDER BY s."id" LIMIT ${opts.limit ?? 1000}::int)
    UNION
    (SELECT s."id", s."promoterId", s."recruiterId", s."artistId", s."labelId"
    FROM "Sale" s JOIN "PromoterProfile" p ON p."id" = s."recruiterId"
    WHERE s."recruiterHeldAt" IS NOT NULL AND s."recruiterForfeitedAt" IS NULL AND p."status" = 'ACTIVE' ${heldFilter}
    ORDER BY s."id" LIMIT ${opts.limit ?? 1000}::int)
    ORDER BY "id"`;
  return settleSalesInBatches(db, rows, now);
}

/**
 * Settles the given sales (`settleSale`) in batches of RELEASE_BATCH, one transaction each, in
 * the lock order every settlement follows: the sales in id order, then every pending and payable
 * account they touch (`lockLedgerAccounts`: the artist's, the promoter's and, given `recruiterId`,
 * the recruiter's, whose RECRUITER share settles with the sale, issue 14 §6; given `labelId`, the
 * label's, issue 16 §5). For the release job and for anything that changes
 * a fact settlement reads outside the sale (a commission's hold). A batch that loses a deadlock
 * or serialisation conflict is retried (Prisma P2034), up to three attempts.
 * @param opts.beforeSettle runs in each batch's transaction once its sales and accounts are
 *   locked, before they are settled: to record a fact settlement reads (a forfeiture) atomically
 *   with its settlement.
 * @returns how many sales' ledger positions moved.
 */
export async function settleSalesInBatches(
  db: PrismaClient,
  sales: {
    id: string;
    promoterId: string | null;
    recruiterId?: string | null;
    artistId: string;
    labelId?: string | null;
  }[],
  now: Date,
  opts: { beforeSettle?: (tx: Prisma.TransactionClient, saleIds: string[]) => Promise<void> } = {},
): Promise<number> {
  let released = 0;
  for (let i = 0; i < sales.length; i += RELEASE_BATCH) {
    const batch = sales.slice(i, i + RELEASE_BATCH);
    const accounts = batch.flatMap((s) => [
      { type: "ARTIST_PENDING" as const, ownerId: s.artistId },
      { type: "ARTIST_BALANCE" as const, ownerId: s.artistId },
      ...(s.promoterId
        ? [
            { type: "PROMOTER_PENDING" as const, ownerId: s.promoterId },
            { type: "PROMOTER_BALANCE" as const, ownerId: s.promoterId },
          ]
        : []),
      ...(s.recruiterId
        ? [
            { type: "PROMOTER_PENDING" as const, ownerId: s.recruiterId },
            { type: "PROMOTER_BALANCE" as const, ownerId: s.recruiterId },
          ]
        : []),
      ...(s.labelId
        ? [
            { type: "LABEL_PENDING" as const, ownerId: s.labelId },
            { type: "LABEL_BALANCE" as const, ownerId: s.labelId },
          ]
        : []),
    ]);
    released += await withConflictRetry(() =>
      db.$transaction(async (tx) => {
        const locked = await tx.$queryRaw<
          { id: string }[]
        >`SELECT "id" FROM "Sale" WHERE "id" = ANY(${batch.map((s) => s.id)}::text[]) ORDER BY "id" FOR UPDATE`;
        await lockLedgerAccounts(tx, accounts, now);
        await opts.beforeSettle?.(
          tx,
          locked.map((s) => s.id),
        );
        let n = 0;
        for (const s of locked)
          if ((await settleSale(tx, s.id, now, { lockHeld: true })).changed) n++;
        return n;
      }),
    );
  }
  // Released sales may complete a promoter's milestone (issue 13 §2): ask for an award run.
  if (released > 0)
    await requestMilestoneAward(
      [...new Set(sales.flatMap((s) => (s.promoterId ? [s.promoterId] : [])))],
      db,
    );
  return released;
}

/** Runs `fn` again (up to three attempts in all) when the database aborted it for a deadlock or a write conflict. */
async function withConflictRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (
        attempt >= 3 ||
        !(e instanceof Error && "code" in e && (e as { code?: string }).code === "P2034")
      )
        throw e;
    }
  }
}

/**
 * Why the program blocks this payee's payouts, or null: a promoter who is not ACTIVE (suspended,
 * terminated, or still awaiting approval) is not paid out (issue 11 §2). Artists are not blocked
 * here.
 * @param opts.lock take a FOR SHARE lock on the promoter row (inside the payout's transaction).
 */
export async function payoutBlockedReason(
  db: Tx | PrismaClient,
  payee: Payee,
  opts: { lock?: boolean } = {},
): Promise<string | null> {
  if (payee.type !== "PROMOTER") return null;
  const [row] = await db.$queryRaw<{ status: string; statusReason: string | null }[]>`
    SELECT "status"::text AS "status", "statusReason" FROM "PromoterProfile" WHERE "id" = ${payee.id}
    ${opts.lock ? Prisma.sql`FOR SHARE` : Prisma.empty}`;
  if (!row || row.status === "ACTIVE") return null;
  return promoterStandingMessage(
    row.status as Exclude<PromoterStatusName, "ACTIVE">,
    row.statusReason,
    "Payouts are paused",
  );
}

/**
 * The payout minimum of one payee, cents: the program's (`payoutMinimumCents` setting), or the
 * promoter's tier's override when it has one (issue 13 §1, E6: "Gold pays out from $2 instead of
 * $5"). Artists always have the program's.
 */
export async function payoutMinimumFor(
  payee: Payee,
  programMinimumCents: number,
  db: PrismaClient | Prisma.TransactionClient,
): Promise<number> {
  if (payee.type !== "PROMOTER") return programMinimumCents;
  const p = await db.promoterProfile.findUnique({
    where: { id: payee.id },
    select: { tier: { select: { payoutMinimumCents: true } } },
  });
  return p?.tier?.payoutMinimumCents ?? programMinimumCents;
}

/** What a payee could be paid now, and why not if they cannot. */
export async function getPayoutEligibility(input: { payee: Payee; now?: Date }, db: PrismaClient) {
  await releaseDueSales(db, { payee: input.payee, now: input.now });
  const settings = await programSettings(db);
  const minimum = await payoutMinimumFor(input.payee, settings.payoutMinimumCents, db);
  const [account, connect, active] = await Promise.all([
    db.ledgerAccount.findUnique({ where: { id: payeeAccounts(input.payee).balance.id } }),
    db.connectAccount.findUnique({
      where: { payeeType_payeeId: { payeeType: input.payee.type, payeeId: input.payee.id } },
    }),
    db.payout.findFirst({
      where: {
        payeeType: input.payee.type,
        payeeId: input.payee.id,
        status: { in: ["REQUESTED", "PROCESSING"] },
      },
    }),
  ]);
  const payable = cents(account?.balanceCents ?? 0);
  const standing = await payoutBlockedReason(db, input.payee);
  const taxReason =
    !standing && input.payee.type === "PROMOTER" && payable >= minimum
      ? await taxFormRequiredReason(db, {
          promoterId: input.payee.id,
          amountCents: payable,
          now: input.now ?? new Date(),
          settings,
        })
      : null;
  const blocked = standing ?? taxReason;
  const reason = blocked
    ? blocked
    : !connect
      ? "Set up payouts with Stripe first (Connect onboarding)."
      : !connect.payoutsEnabled
        ? `Stripe has not enabled payouts on your account yet${connect.requirementsDue.length ? `: it still needs ${connect.requirementsDue.join(", ")}` : ""}.`
        : active
          ? `Payout ${active.id} of ${formatCents(cents(active.amountCents))} is still in progress.`
          : payable < minimum
            ? `Your payable balance is ${formatCents(payable)}; the minimum payout is ${formatCents(minimum)}.`
            : null;
  return {
    canRequest: reason === null,
    reason,
    /**
     * When the payout waits for a W-9 (`taxFormRequiredReason`): the web page where the promoter
     * submits it (the mobile app opens it); null otherwise.
     */
    taxFormUrl: taxReason ? new URL("/settings/tax", apiEnv().APP_URL).toString() : null,
    payableCents: payable,
    minimumPayoutCents: minimum,
  };
}

/**
 * Requests a payout of the payee's whole payable balance (net of clawbacks) to their Connect
 * account, then sends it.
 *
 * Phase 1, one transaction: the balance row is locked (FOR UPDATE), so concurrent requests
 * serialise and the partial unique index "one active payout per payee" backs it up; the checks
 * (Connect payouts enabled, no payout in flight, balance ≥ PAYOUT_MINIMUM_CENTS) run under the
 * lock; the payout row is created PROCESSING with idempotency key `payout:<id>` and the amount
 * moves from the balance to PAYOUTS_IN_TRANSIT; payable commissions are marked PAID.
 * Phase 2: the transfer (`executePayout`). A crash between the phases leaves a PROCESSING payout
 * that `reconcilePayouts` completes exactly once.
 *
 * @returns the payout (PAID, FAILED with its reason, or PROCESSING when Stripe could not be
 *   reached; it is retried by reconciliation).
 * @throws AppError BAD_INPUT (balance under the minimum), FORBIDDEN (Connect not ready),
 *   CONFLICT (a payout already in flight), TAX_FORM_REQUIRED (a US promoter's payout reaching
 *   the year's 1099-NEC threshold without a W-9: `taxFormRequiredReason`).
 */
export async function requestPayout(
  input: { payee: Payee },
  deps: PayoutDeps,
): Promise<PayoutRecord> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  await releaseDueSales(db, { payee: input.payee, now });
  const accounts = payeeAccounts(input.payee);
  const settings = await programSettings(db);
  const minimum = await payoutMinimumFor(input.payee, settings.payoutMinimumCents, db);

  const payout = await db
    .$transaction(async (tx) => {
      // Create the account row if the payee never earned, then lock it.
      await tx.$executeRaw`
        INSERT INTO "LedgerAccount" ("id", "type", "ownerId", "balanceCents", "createdAt", "updatedAt")
        VALUES (${accounts.balance.id}, CAST(${accounts.balance.type} AS "LedgerAccountType"), ${input.payee.id}, 0, ${now}, ${now})
        ON CONFLICT ("id") DO NOTHING`;
      const [row] = await tx.$queryRaw<
        { balanceCents: bigint }[]
      >`SELECT "balanceCents" FROM "LedgerAccount" WHERE "id" = ${accounts.balance.id} FOR UPDATE`;
      const balance = cents(row!.balanceCents);
      // FOR SHARE: a suspension committing now waits for this payout, or this payout sees it.
      const blocked = await payoutBlockedReason(tx, input.payee, { lock: true });
      if (blocked) throw new AppError("FORBIDDEN", blocked);
      const connect = await tx.connectAccount.findUnique({
        where: { payeeType_payeeId: { payeeType: input.payee.type, payeeId: input.payee.id } },
      });
      if (!connect)
        throw new AppError("FORBIDDEN", "Set up payouts with Stripe first (Connect onboarding).");
      if (!connect.payoutsEnabled)
        throw new AppError(
          "FORBIDDEN",
          `Stripe has not enabled payouts on account ${connect.stripeAccountId} yet.`,
        );
      const active = await tx.payout.findFirst({
        where: {
          payeeType: input.payee.type,
          payeeId: input.payee.id,
          status: { in: ["REQUESTED", "PROCESSING"] },
        },
      });
      if (active)
        throw new AppError(
          "CONFLICT",
          `Cannot request payout: payout ${active.id} of ${active.amountCents} cents is still in progress.`,
        );
      if (balance < minimum)
        throw new AppError(
          "BAD_INPUT",
          `Cannot request payout: balance ${balance} cents is below the ${minimum}-cent minimum.`,
        );
      if (input.payee.type === "PROMOTER") {
        const taxReason = await taxFormRequiredReason(tx, {
          promoterId: input.payee.id,
          amountCents: balance,
          now,
          settings,
        });
        if (taxReason) throw new AppError("TAX_FORM_REQUIRED", taxReason);
      }

      const id = `po_${randomUUID().replace(/-/g, "")}`;
      const p = await tx.payout.create({
        data: {
          id,
          payeeType: input.payee.type,
          payeeId: input.payee.id,
          accountId: accounts.balance.id,
          connectAccountId: connect.stripeAccountId,
          amountCents: balance,
          status: "PROCESSING",
          idempotencyKey: `payout:${id}`,
          requestedAt: now,
          processingAt: now,
        },
      });
      await postLedgerTransaction(tx, {
        transactionId: `payout:${p.id}`,
        kind: "PAYOUT",
        description: `Payout ${p.id} to ${connect.stripeAccountId}`,
        payoutId: p.id,
        at: now,
        lines: [
          { type: accounts.balance.type, ownerId: input.payee.id, amountCents: -balance },
          { type: "PAYOUTS_IN_TRANSIT", amountCents: balance },
        ],
      });
      if (input.payee.type === "PROMOTER") {
        await tx.commission.updateMany({
          where: { promoterId: input.payee.id, status: "PAYABLE", payoutId: null },
          data: { status: "PAID", payoutId: p.id, paidAt: now },
        });
      }
      return p;
    })
    .catch((e: unknown) => {
      // The partial unique index caught a concurrent request the lock did not (defence in depth).
      if (e instanceof Error && "code" in e && (e as { code?: string }).code === "P2002") {
        throw new AppError(
          "CONFLICT",
          "Cannot request payout: another payout is already in progress.",
        );
      }
      throw e;
    });
  return executePayout(payout.id, deps);
}

/**
 * Phase 2 of a payout: sends the transfer with the payout's deterministic idempotency key and
 * records the outcome. Safe to call again for the same payout (Stripe replays the same transfer
 * for the same key; a payout no longer PROCESSING is returned as is).
 * - success: PAID, the transfer id kept, PAYOUTS_IN_TRANSIT → BUYER_CLEARING (money left us);
 * - a definite refusal (non-retryable Stripe error): FAILED with Stripe's reason, the funds
 *   back on the payable balance and the commissions PAYABLE again;
 * - anything else (network, 5xx): left PROCESSING for `reconcilePayouts`.
 */
export async function executePayout(payoutId: string, deps: PayoutDeps): Promise<PayoutRecord> {
  return payoutRecord(await transferPayout(payoutId, deps));
}

/** `executePayout` on the row (the hooks and the state transitions see the Prisma row). */
async function transferPayout(payoutId: string, deps: PayoutDeps): Promise<Payout> {
  const { db, payments } = deps;
  const payout = await db.payout.update({
    where: { id: payoutId },
    data: { attempts: { increment: 1 } },
  });
  if (payout.status !== "PROCESSING") return payout;
  const now = deps.now?.() ?? new Date();
  // After Stripe has forgotten the key, look for a transfer we may have made, then use a new key.
  const keyExpired =
    now.getTime() - (payout.processingAt ?? payout.requestedAt).getTime() >
    IDEMPOTENCY_KEY_LIFETIME_MS;
  await deps.hooks?.beforeTransfer?.(payout);
  let transfer: { transferId: string; amountCents: number } | null = null;
  try {
    if (keyExpired) {
      const found = await payments.findTransferByGroup(payout.id);
      if (found) transfer = { transferId: found.transferId, amountCents: found.amountCents };
    }
    transfer ??= await payments.createTransfer({
      amountCents: cents(payout.amountCents),
      currency: payout.currency,
      destination: payout.connectAccountId,
      transferGroup: payout.id,
      idempotencyKey: keyExpired
        ? `${payout.idempotencyKey}:retry-${payout.attempts}`
        : payout.idempotencyKey,
      metadata: { payoutId: payout.id, payee: `${payout.payeeType}:${payout.payeeId}` },
    });
  } catch (e) {
    if (e instanceof StripeRequestError && !e.retryable)
      return failPayout(db, payout.id, `Stripe refused the transfer: ${e.message}`, now);
    console.error(
      `Payout ${payout.id}: transfer outcome unknown, left PROCESSING for reconciliation:`,
      e,
    );
    return db.payout.findUniqueOrThrow({ where: { id: payout.id } });
  }
  assertTransfer(transfer, payout.id);
  await deps.hooks?.afterTransfer?.(payout);
  const paid = await completePayout(db, payout.id, transfer.transferId, now);
  // A promoter's paid payout may earn a badge (issue 13 §3: first payout): after commit.
  if (paid.status === "PAID" && paid.payeeType === "PROMOTER")
    await requestBadgeAward([paid.payeeId], db);
  return paid;
}

/** Keeps TypeScript's flow analysis honest about the transfer assigned inside `try`. */
function assertTransfer(
  t: { transferId: string } | null,
  payoutId: string,
): asserts t is { transferId: string } {
  if (!t) throw new Error(`Payout ${payoutId}: no transfer after a successful call.`);
}

async function completePayout(
  db: PrismaClient,
  payoutId: string,
  transferId: string,
  now: Date,
): Promise<Payout> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "Payout" WHERE "id" = ${payoutId} FOR UPDATE`;
    const p = await tx.payout.findUniqueOrThrow({ where: { id: payoutId } });
    if (p.status !== "PROCESSING") return p;
    await postLedgerTransaction(tx, {
      transactionId: `payout:${p.id}:paid`,
      kind: "PAYOUT_PAID",
      description: `Payout ${p.id} transferred (${transferId})`,
      payoutId: p.id,
      at: now,
      lines: [
        { type: "PAYOUTS_IN_TRANSIT", amountCents: -cents(p.amountCents) },
        { type: "BUYER_CLEARING", amountCents: cents(p.amountCents) },
      ],
    });
    const paid = await tx.payout.update({
      where: { id: p.id },
      data: { status: "PAID", stripeTransferId: transferId, paidAt: now },
    });
    await notifyPayee(tx, paid, "sent");
    return paid;
  });
}

async function failPayout(
  db: PrismaClient,
  payoutId: string,
  reason: string,
  now: Date,
): Promise<Payout> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "Payout" WHERE "id" = ${payoutId} FOR UPDATE`;
    const p = await tx.payout.findUniqueOrThrow({ where: { id: payoutId } });
    if (p.status !== "PROCESSING") return p;
    const accountType = balanceAccountType(p.payeeType);
    await postLedgerTransaction(tx, {
      transactionId: `payout:${p.id}:failed`,
      kind: "PAYOUT_FAILED",
      description: `Payout ${p.id} failed, funds returned: ${reason}`,
      payoutId: p.id,
      at: now,
      lines: [
        { type: "PAYOUTS_IN_TRANSIT", amountCents: -cents(p.amountCents) },
        { type: accountType, ownerId: p.payeeId, amountCents: cents(p.amountCents) },
      ],
    });
    // Back to payable, unless a refund reversed the whole commission while the payout was in
    // flight, or an admin rejected it meanwhile (its share already went to the artist).
    await tx.$executeRaw`
      UPDATE "Commission" SET "payoutId" = NULL, "paidAt" = NULL, "updatedAt" = ${now},
        "status" = CASE WHEN "status" = 'REJECTED' THEN 'REJECTED'::"CommissionStatus"
          WHEN "reversedCents" >= "amountCents" THEN 'CANCELLED'::"CommissionStatus" ELSE 'PAYABLE'::"CommissionStatus" END
      WHERE "payoutId" = ${p.id}`;
    const failed = await tx.payout.update({
      where: { id: p.id },
      data: { status: "FAILED", failureReason: reason.slice(0, 500), failedAt: now },
    });
    await notifyPayee(tx, failed, "failed");
    return failed;
  });
}

/**
 * Completes every payout left PROCESSING for longer than PAYOUT_RECONCILE_AFTER_SECONDS (a
 * process killed between Stripe and the commit), each exactly once: the transfer is re-sent
 * with the same idempotency key, so Stripe returns the transfer it already made instead of
 * making a second one (after 24 h, the transfer is looked up by its transfer group first).
 * @returns counts by outcome.
 */
export async function reconcilePayouts(deps: PayoutDeps, opts: { olderThanSeconds?: number } = {}) {
  const now = deps.now?.() ?? new Date();
  const cutoff = new Date(
    now.getTime() - (opts.olderThanSeconds ?? apiEnv().PAYOUT_RECONCILE_AFTER_SECONDS) * 1000,
  );
  const stuck = await deps.db.payout.findMany({
    where: { status: "PROCESSING", processingAt: { lte: cutoff } },
    orderBy: { processingAt: "asc" },
    take: 500,
  });
  const result = { examined: stuck.length, paid: 0, failed: 0, stillProcessing: 0 };
  for (const p of stuck) {
    const done = await executePayout(p.id, { ...deps, hooks: undefined });
    if (done.status === "PAID") result.paid++;
    else if (done.status === "FAILED") result.failed++;
    else result.stillProcessing++;
  }
  return result;
}

/**
 * A transfer reversed at Stripe (`transfer.reversed`): the reversed amount is back in the
 * platform's balance, so it goes back to the payee's payable balance. Recorded once per
 * cumulative reversal amount.
 */
export async function returnPaidOutFunds(
  tx: Tx,
  input: { transferId: string; reversedCents: number },
): Promise<HandleEventResult> {
  const payout = await tx.payout.findUnique({ where: { stripeTransferId: input.transferId } });
  if (!payout) return { status: "ignored", detail: `no payout for transfer ${input.transferId}` };
  await tx.$queryRaw`SELECT "id" FROM "Payout" WHERE "id" = ${payout.id} FOR UPDATE`;
  const accountType = balanceAccountType(payout.payeeType);
  // The reversal total only grows: credit what is new since the entries already posted.
  const before = await tx.ledgerEntry.aggregate({
    where: { payoutId: payout.id, kind: "PAYOUT_REVERSED", accountId: payout.accountId },
    _sum: { amountCents: true },
  });
  const previously = cents(before._sum.amountCents ?? 0);
  const delta = Math.min(input.reversedCents, cents(payout.amountCents)) - previously;
  if (delta <= 0)
    return { status: "ignored", detail: `reversal of ${input.transferId} already recorded` };
  const txId = `payout:${payout.id}:reversed:${previously + delta}`;
  await postLedgerTransaction(tx, {
    transactionId: txId,
    kind: "PAYOUT_REVERSED",
    description: `Transfer ${input.transferId} reversed: ${delta} cents back (total ${previously + delta})`,
    payoutId: payout.id,
    lines: [
      { type: "BUYER_CLEARING", amountCents: -delta },
      { type: accountType, ownerId: payout.payeeId, amountCents: delta },
    ],
  });
  return {
    status: "applied",
    detail: `transfer ${input.transferId}: ${delta} cents returned to the payee's balance`,
  };
}

async function notifyPayee(tx: Tx, payout: Payout, what: "sent" | "failed") {
  const select = { user: { select: { id: true, email: true, name: true } } } as const;
  const where = { id: payout.payeeId };
  const user = (
    payout.payeeType === "ARTIST"
      ? await tx.artistProfile.findUnique({ where, select })
      : payout.payeeType === "LABEL"
        ? await tx.labelProfile.findUnique({ where, select })
        : await tx.promoterProfile.findUnique({ where, select })
  )?.user;
  if (!user) return;
  // The payee's integrations (issue 15 §3): `payout.paid` / `payout.failed`, in the outbox with
  // the payout's state (nothing written without a subscribed endpoint).
  await emitWebhookEvents(tx, [
    {
      userId: user.id,
      type: what === "sent" ? "payout.paid" : "payout.failed",
      subjectKey: `payout:${payout.id}:${what === "sent" ? "paid" : "failed"}`,
      data: {
        payoutId: payout.id,
        amountCents: cents(payout.amountCents),
        currency: payout.currency,
        status: payout.status,
        failureReason: what === "failed" ? (payout.failureReason ?? null) : null,
        occurredAt: (
          (what === "sent" ? payout.paidAt : payout.failedAt) ?? new Date()
        ).toISOString(),
      } satisfies PayoutEventData,
    },
  ]);
  const appUrl = apiEnv().APP_URL;
  const base = {
    payoutId: payout.id,
    name: user.name,
    amountCents: cents(payout.amountCents),
    currency: payout.currency,
  };
  if (what === "sent") {
    // The in-app notification (issue 13 §7); a user who muted payouts gets no email either.
    const { muted } = await notifyUnlessMuted(tx, {
      userId: user.id,
      type: "payout_sent",
      title: `Payout sent: ${formatCents(base.amountCents, base.currency)}`,
      body: "On its way to your bank through Stripe.",
      href: "/dashboard/earnings",
      dedupeKey: `payout:${payout.id}`,
    });
    if (muted) return;
    await enqueueEmail(tx, {
      idempotencyKey: `payout-sent:${payout.id}`,
      to: user.email,
      template: "payout-sent",
      props: { appUrl, ...base },
    });
  } else {
    await enqueueEmail(tx, {
      idempotencyKey: `payout-failed:${payout.id}`,
      to: user.email,
      template: "payout-failed",
      props: { appUrl, ...base, reason: payout.failureReason ?? "Stripe gave no reason." },
    });
  }
}

/**
 * The scheduled payout batch: every payee whose payable balance reaches the minimum and whose
 * Connect account can receive payouts gets one payout (the same path as a request, so the same
 * lock, checks and idempotency apply; a payee with a payout in flight, suspended, or a US
 * promoter whose payout waits for a W-9, is skipped and counted, never a failure of the batch).
 * @returns counts by outcome.
 */
export async function runPayoutBatch(deps: PayoutDeps) {
  const now = deps.now?.() ?? new Date();
  await releaseDueSales(deps.db, { now });
  const programMinimum = (await programSettings(deps.db)).payoutMinimumCents;
  // A tier may pay out from less (issue 13 §1): the lowest minimum in force bounds the query,
  // and each payee's own minimum is checked by `requestPayout` (under it: skipped).
  const lowestTier = await deps.db.promoterTier.aggregate({ _min: { payoutMinimumCents: true } });
  const minimum = Math.min(programMinimum, lowestTier._min.payoutMinimumCents ?? programMinimum);
  const due = await deps.db.ledgerAccount.findMany({
    where: { type: { in: [...BALANCE_ACCOUNT_TYPES] }, balanceCents: { gte: minimum } },
  });
  const enabled = await deps.db.connectAccount.findMany({
    where: { payoutsEnabled: true, payeeId: { in: due.map((a) => a.ownerId!) } },
    select: { payeeType: true, payeeId: true },
  });
  const canReceive = new Set(enabled.map((c) => `${c.payeeType}:${c.payeeId}`));
  const result = {
    considered: due.length,
    paid: 0,
    failed: 0,
    processing: 0,
    skipped: 0,
    /** Of `skipped`: US promoters whose payout waits for a W-9 (`taxFormRequiredReason`). */
    awaitingTaxForm: 0,
  };
  for (const account of due) {
    const payee: Payee = { type: payeeTypeOfBalance(account.type)!, id: account.ownerId! };
    if (!canReceive.has(`${payee.type}:${payee.id}`)) {
      result.skipped++;
      continue;
    }
    try {
      const p = await requestPayout({ payee }, deps);
      if (p.status === "PAID") result.paid++;
      else if (p.status === "FAILED") result.failed++;
      else result.processing++;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      result.skipped++;
      if (e.code === "TAX_FORM_REQUIRED") result.awaitingTaxForm++;
    }
  }
  return result;
}
