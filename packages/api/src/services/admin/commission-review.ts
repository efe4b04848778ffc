import type { PrismaClient } from "@fanfare/db";
import { Prisma } from "@fanfare/db";
import type { CommissionDecisionInput, HoldForReviewInput } from "@fanfare/validators";
import { ZCommissionDecisionInput, ZHoldForReviewInput, ZPageInput } from "@fanfare/validators";
import type { z } from "zod";

import { AppError } from "../app-error";
import { listedSubscriptionSelect, SUBSCRIPTION_TITLE, withProduct } from "../catalog/products";
import { writeAudit } from "../audit/audit-log";
import { enqueueEmail } from "../email/outbox";
import { apiEnv } from "../env";
import { lockLedgerAccounts } from "../ledger/post-transaction";
import { settleSale } from "../money/settle-sale";
import { pageArgs, paginate } from "../pagination";

type Tx = Prisma.TransactionClient;

/** One commission as the review locks and reads it. */
type ReviewedCommission = {
  id: string;
  saleId: string;
  promoterId: string;
  artistId: string;
  amountCents: number;
  reversedCents: number;
  status: string;
  heldAt: Date | null;
  holdReason: string | null;
  payoutId: string | null;
  currency: string;
  trackTitle: string;
  promoterStatus: string;
  promoterEmail: string;
  promoterName: string | null;
};

/**
 * Locks what a review decision changes, in the order every settlement takes its locks (the sale,
 * then the artist's and promoter's ledger accounts, then the promoter row, then the commission),
 * so a decision never deadlocks with a payout, a refund or a status change. Reads the commission.
 * @throws AppError NOT_FOUND for an unknown commission.
 */
async function lockCommission(tx: Tx, commissionId: string): Promise<ReviewedCommission> {
  const [ref] = await tx.$queryRaw<
    {
      saleId: string;
      promoterId: string;
      recruiterId: string | null;
      artistId: string;
      labelId: string | null;
    }[]
  >`
    SELECT c."saleId", c."promoterId", s."recruiterId", s."artistId", s."labelId" FROM "Commission" c
    JOIN "Sale" s ON s."id" = c."saleId"
    WHERE c."id" = ${commissionId}`;
  if (!ref) throw new AppError("NOT_FOUND", `Commission ${commissionId} does not exist.`);
  await tx.$queryRaw`SELECT "id" FROM "Sale" WHERE "id" = ${ref.saleId} FOR UPDATE`;
  await lockLedgerAccounts(tx, [
    { type: "ARTIST_PENDING", ownerId: ref.artistId },
    { type: "ARTIST_BALANCE", ownerId: ref.artistId },
    { type: "PROMOTER_PENDING", ownerId: ref.promoterId },
    { type: "PROMOTER_BALANCE", ownerId: ref.promoterId },
    // The recruiter's share (issue 14 §6) settles with the commission: its accounts too.
    ...(ref.recruiterId
      ? [
          { type: "PROMOTER_PENDING" as const, ownerId: ref.recruiterId },
          { type: "PROMOTER_BALANCE" as const, ownerId: ref.recruiterId },
        ]
      : []),
    // So does the label's share (issue 16 §5).
    ...(ref.labelId
      ? [
          { type: "LABEL_PENDING" as const, ownerId: ref.labelId },
          { type: "LABEL_BALANCE" as const, ownerId: ref.labelId },
        ]
      : []),
  ]);
  await tx.$queryRaw`SELECT "id" FROM "PromoterProfile" WHERE "id" = ${ref.promoterId} FOR UPDATE`;
  return (await readCommission(tx, commissionId, { lock: true }))!;
}

/** One commission with what a decision and its email need; `lock` takes its row FOR UPDATE. */
async function readCommission(
  tx: Tx,
  commissionId: string,
  opts: { lock?: boolean } = {},
): Promise<ReviewedCommission | undefined> {
  const [row] = await tx.$queryRaw<ReviewedCommission[]>`
    SELECT c."id", c."saleId", c."promoterId", s."artistId", c."amountCents", c."reversedCents",
      c."status"::text AS "status", c."heldAt", c."holdReason"::text AS "holdReason", c."payoutId",
      s."currency", COALESCE(t."title", r."title", ${SUBSCRIPTION_TITLE}) AS "trackTitle", p."status"::text AS "promoterStatus", u."email" AS "promoterEmail",
      COALESCE(p."displayName", u."name") AS "promoterName"
    FROM "Commission" c JOIN "Sale" s ON s."id" = c."saleId" LEFT JOIN "Track" t ON t."id" = c."trackId"
    LEFT JOIN "Release" r ON r."id" = c."releaseId"
    JOIN "PromoterProfile" p ON p."id" = c."promoterId" JOIN "User" u ON u."id" = p."userId"
    WHERE c."id" = ${commissionId} ${opts.lock ? Prisma.sql`FOR UPDATE OF c` : Prisma.empty}`;
  return row;
}

/** The promoter's email about a decision, queued with it (once per commission and decision). */
async function notifyPromoter(
  tx: Tx,
  c: ReviewedCommission,
  decision: "held" | "released" | "rejected",
  reason: string,
  at: Date,
) {
  await enqueueEmail(tx, {
    idempotencyKey: `commission-review:${c.id}:${decision}:${at.getTime()}`,
    to: c.promoterEmail,
    template: "commission-review",
    props: {
      appUrl: apiEnv().APP_URL,
      saleId: c.saleId,
      promoterName: c.promoterName,
      trackTitle: c.trackTitle,
      commissionCents: c.amountCents,
      currency: c.currency,
      decision,
      reason,
      clawback: decision === "rejected" && c.payoutId != null,
    },
  });
}

/**
 * One email for many commissions rejected together (the termination forfeiture): the total,
 * "N sales" as the track, the reason. Idempotent per promoter and `key`.
 */
export async function notifyRejectedTogether(
  db: PrismaClient,
  input: { commissionIds: string[]; reason: string; key: string },
): Promise<void> {
  if (input.commissionIds.length === 0) return;
  await db.$transaction(async (tx) => {
    const first = (await readCommission(tx, input.commissionIds[0]!))!;
    const total = await tx.commission.aggregate({
      where: { id: { in: input.commissionIds } },
      _sum: { amountCents: true, reversedCents: true },
    });
    await enqueueEmail(tx, {
      idempotencyKey: `commission-review:${input.key}`,
      to: first.promoterEmail,
      template: "commission-review",
      props: {
        appUrl: apiEnv().APP_URL,
        saleId: first.saleId,
        promoterName: first.promoterName,
        trackTitle:
          input.commissionIds.length > 1 ? `${input.commissionIds.length} sales` : first.trackTitle,
        commissionCents: (total._sum.amountCents ?? 0) - (total._sum.reversedCents ?? 0),
        currency: first.currency,
        decision: "rejected",
        reason: input.reason,
        clawback: false,
      },
    });
  });
}

/** A decision's outcome: the commission's status after settlement, and the ledger movement. */
export type ReviewDecision = {
  commissionId: string;
  saleId: string;
  status: string;
  /** The ledger transaction the settlement posted, if the money moved. */
  transactionId: string | null;
};

/**
 * Releases a held commission (issue 11 §3): the hold is lifted and the sale settled, so a
 * commission past its sale's release date becomes payable at once; otherwise it waits out its
 * holding period as usual. Audited; the promoter is emailed the reason.
 * @throws AppError NOT_FOUND (unknown commission), CONFLICT (not held, or its promoter is not
 *   ACTIVE: reinstate the promoter instead, since settlement holds a suspended promoter's
 *   pending commissions).
 */
export function releaseCommission(
  raw: CommissionDecisionInput,
  actor: { userId: string | null },
  db: PrismaClient,
  now: Date = new Date(),
): Promise<ReviewDecision> {
  return decide(raw, actor, db, now, {
    decision: "released",
    refusal: (c) =>
      !c.heldAt
        ? `Commission ${c.id} is not on hold (it is ${c.status}).`
        : c.promoterStatus !== "ACTIVE"
          ? `Commission ${c.id}'s promoter is ${c.promoterStatus.toLowerCase()}: reinstate the promoter to release their held commissions.`
          : null,
    facts: () => ({ heldAt: null, holdReason: null }),
    audit: (c, status, reason) => ({
      action: "commission.release",
      before: { status: c.status, holdReason: c.holdReason },
      after: { status, reason },
    }),
  });
}

/**
 * Rejects a commission (issue 11 §3): a settlement fact (`Commission.rejectedAt`) after which
 * settlement pays the promoter's share to the artist, as if the sale had not been attributed (the
 * fee unchanged; `sharesAsSettled`), in one COMMISSION_REJECTED ledger transaction. A commission
 * already paid out is taken from the promoter's payable balance (which may go negative: a
 * clawback the next payout nets). The promoter's and link's sales and earnings drop accordingly.
 * Final. Audited; the promoter is emailed the reason (unless `opts.notify` is false: the
 * caller sends one email for many, as the termination forfeiture does).
 * @throws AppError NOT_FOUND (unknown commission), CONFLICT (already rejected, or cancelled by
 *   refunds: nothing left to reject).
 */
export function rejectCommission(
  raw: CommissionDecisionInput,
  actor: { userId: string | null },
  db: PrismaClient,
  now: Date = new Date(),
  opts: { notify?: boolean } = {},
): Promise<ReviewDecision> {
  return decide(raw, actor, db, now, {
    decision: "rejected",
    notify: opts.notify ?? true,
    refusal: (c) =>
      c.status === "REJECTED" || c.status === "CANCELLED"
        ? `Commission ${c.id} is ${c.status.toLowerCase()}: there is nothing to reject.`
        : null,
    facts: (reason) => ({ rejectedAt: now, rejectReason: reason, heldAt: null, holdReason: null }),
    audit: (c, status, reason) => ({
      action: "commission.reject",
      before: { status: c.status, holdReason: c.holdReason, paidOut: c.payoutId != null },
      after: { status, reason, movedCents: c.amountCents - c.reversedCents },
    }),
  });
}

/**
 * One review decision, in one transaction: the commission locked in settlement's order
 * (`lockCommission`), refused with a CONFLICT when `refusal` says why, its facts written with who
 * reviewed it and when, the sale settled, the audit row and the promoter's email.
 */
async function decide(
  raw: CommissionDecisionInput,
  actor: { userId: string | null },
  db: PrismaClient,
  now: Date,
  d: {
    decision: "released" | "rejected";
    /** Email the promoter about this decision (default true). */
    notify?: boolean;
    refusal: (c: ReviewedCommission) => string | null;
    facts: (reason: string) => Prisma.CommissionUpdateInput;
    audit: (
      c: ReviewedCommission,
      status: string,
      reason: string,
    ) => { action: string; before: Prisma.InputJsonValue; after: Prisma.InputJsonValue };
  },
): Promise<ReviewDecision> {
  const input = ZCommissionDecisionInput.parse(raw);
  return db.$transaction(async (tx) => {
    const c = await lockCommission(tx, input.commissionId);
    const refused = d.refusal(c);
    if (refused) throw new AppError("CONFLICT", refused);
    await tx.commission.update({
      where: { id: c.id },
      data: { ...d.facts(input.reason), reviewedById: actor.userId, reviewedAt: now },
    });
    const settled = await settleSale(tx, c.saleId, now, { lockHeld: true });
    const { status } = await tx.commission.findUniqueOrThrow({
      where: { id: c.id },
      select: { status: true },
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      subjectType: "commission",
      subjectId: c.id,
      ...d.audit(c, status, input.reason),
    });
    if (d.notify ?? true) await notifyPromoter(tx, c, d.decision, input.reason, now);
    return {
      commissionId: c.id,
      saleId: c.saleId,
      status,
      transactionId: settled.transactionId ?? null,
    };
  });
}

/**
 * Holds every PENDING commission of a promoter for review (REVIEW), except those a review already
 * released (`reviewedAt`: an admin's decision stands): their shares stay in
 * PROMOTER_PENDING past their release dates until each is released or rejected. Commissions
 * already payable are not moved back (payouts of a promoter under review are the status's
 * business: suspend to block them). Audited; the promoter is emailed once.
 * @returns how many commissions were put on hold.
 * @throws AppError NOT_FOUND (unknown promoter).
 */
export async function holdPromoterForReview(
  raw: HoldForReviewInput,
  actor: { userId: string | null },
  db: PrismaClient,
  now: Date = new Date(),
): Promise<{ promoterId: string; heldCommissions: number }> {
  const input = ZHoldForReviewInput.parse(raw);
  return db.$transaction(async (tx) => {
    const [p] = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "PromoterProfile" WHERE "id" = ${input.promoterId} FOR UPDATE`;
    if (!p) throw new AppError("NOT_FOUND", `Promoter ${input.promoterId} does not exist.`);
    const held = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "Commission" SET "heldAt" = ${now}, "holdReason" = 'REVIEW', "updatedAt" = ${now}
      WHERE "promoterId" = ${input.promoterId} AND "status" = 'PENDING' AND "heldAt" IS NULL AND "rejectedAt" IS NULL
        AND "reviewedAt" IS NULL
      RETURNING "id"`;
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "promoter.holdForReview",
      subjectType: "promoter",
      subjectId: input.promoterId,
      after: { heldCommissions: held.length, reason: input.reason },
    });
    if (held.length > 0) {
      const first = (await readCommission(tx, held[0]!.id))!;
      const total = await tx.commission.aggregate({
        where: { id: { in: held.map((h) => h.id) } },
        _sum: { amountCents: true },
      });
      await notifyPromoter(
        tx,
        {
          ...first,
          amountCents: total._sum.amountCents ?? 0,
          trackTitle: held.length > 1 ? `${held.length} sales` : first.trackTitle,
        },
        "held",
        input.reason,
        now,
      );
    }
    return { promoterId: input.promoterId, heldCommissions: held.length };
  });
}

/**
 * The review queue (issue 11 §3): every held commission, newest hold first, with its promoter
 * (standing), its sale (track, amount, buyer), why it is held, and the evidence recorded about
 * the sale and the promoter (`FraudSignal` rows: what matched, never a raw IP or email), and how
 * many visitors' reports of the promoter are open.
 * Cursor pages by commission id.
 */
export async function listReviewQueue(
  input: { page?: z.input<typeof ZPageInput> },
  db: PrismaClient,
) {
  const page = ZPageInput.parse(input.page ?? {});
  const rows = await db.commission.findMany({
    where: { heldAt: { not: null } },
    orderBy: [{ heldAt: "desc" }, { id: "desc" }],
    ...pageArgs(page),
    include: {
      sale: {
        select: {
          id: true,
          amountCents: true,
          currency: true,
          buyerEmail: true,
          completedAt: true,
          holdUntil: true,
          fraudSignals: { select: { kind: true, evidence: true, createdAt: true } },
        },
      },
      track: { select: { title: true, slug: true } },
      release: { select: { title: true, slug: true } },
      ...listedSubscriptionSelect,
      promoter: {
        select: {
          id: true,
          status: true,
          statusReason: true,
          displayName: true,
          fraudScore: true,
          user: { select: { email: true, name: true } },
          _count: {
            select: { fraudSignals: true, reports: { where: { status: "OPEN" } } },
          },
        },
      },
    },
  });
  return paginate(rows, page, (c) => ({
    id: c.id,
    heldAt: c.heldAt!,
    holdReason: c.holdReason!,
    status: c.status,
    amountCents: c.amountCents,
    reversedCents: c.reversedCents,
    rateBps: c.rateBps,
    sale: {
      id: c.sale.id,
      amountCents: c.sale.amountCents,
      currency: c.sale.currency,
      buyerEmail: c.sale.buyerEmail,
      completedAt: c.sale.completedAt,
      holdUntil: c.sale.holdUntil,
    },
    /** What was sold: the track, or the release (issue 16 §1). */
    track: withProduct(c).track,
    productKind: withProduct(c).productKind,
    promoter: {
      id: c.promoter.id,
      status: c.promoter.status,
      statusReason: c.promoter.statusReason,
      label: c.promoter.displayName ?? c.promoter.user.name ?? c.promoter.user.email,
      email: c.promoter.user.email,
      signalCount: c.promoter._count.fraudSignals,
      /** Visitors' reports of this promoter still open in /admin/reports. */
      openReports: c.promoter._count.reports,
      fraudScore: c.promoter.fraudScore,
    },
    evidence: c.sale.fraudSignals.map((s) => ({
      kind: s.kind,
      evidence: s.evidence,
      createdAt: s.createdAt,
    })),
  }));
}
