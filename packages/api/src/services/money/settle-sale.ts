import type { CommissionStatus, Prisma, SaleStatus } from "@fanfare/db";
import { PROGRAM_SETTING_DEFS } from "@fanfare/validators";

import { ledgerAccountId, postLedgerTransaction } from "../ledger/post-transaction";
import { SUBSCRIPTION_TITLE } from "../catalog/products";
import { emitWebhookEvents } from "../platform/webhooks/emit";
import { revokeLicenseIfLost } from "../licenses/issue";
import { settlementWebhookEvents } from "./settlement-webhooks";
import type { SaleShareRow, TotalsDelta } from "./shares";
import {
  describeMovement,
  desiredPosition,
  isCommissionShare,
  movementKind,
  netByPayee,
  reverseShares,
  sharesAsSettled,
  sharesFromRows,
  totalsDelta,
} from "./shares";

type Tx = Prisma.TransactionClient;

/** Dispute statuses that keep the money out of the payees' hands (Stripe withdraws it at once). */
const DISPUTE_HOLDS = ["open", "lost"];

export type SettleResult = { changed: boolean; transactionId?: string; kind?: string };

/**
 * Brings one sale's ledger position to what the facts say it should be, and derives its
 * statuses. The one function every money event about a sale goes through (completion, refunds,
 * disputes, the end of the holding period), so any order of events converges to one state.
 *
 * The rules are the pure functions of shares.ts, applied to the sale's list of shares as
 * recorded at checkout (`SaleShare` rows: fee F, artist R, commission C and a recruiter's share K,
 * issue 14 §6; K is held with C and goes back to the platform when C is rejected): with reversal T = min(A, refunded +
 * disputed-and-not-won) and the part of each share it takes back (`reverseShares`), the desired
 * position (`desiredPosition`) is BUYER_CLEARING −(A − T), PLATFORM_REVENUE F − f, artist R − r
 * and promoter C − c, in the *_PENDING accounts inside the sale's holding period (until
 * `Sale.holdUntil`) and in the *_BALANCE (payable) accounts after, except a held commission
 * (`Commission.heldAt`: the promoter suspended or under fraud review), whose share stays in
 * PROMOTER_PENDING and whose status stays PENDING until the hold is released, and a held
 * recruiter's share (`Sale.recruiterHeldAt`: the recruiter suspended or terminated before the
 * release, issue 14 §6), which stays in the recruiter's PROMOTER_PENDING until they are
 * reinstated, or goes back to the platform once forfeited (`Sale.recruiterForfeitedAt`); `movementKind`,
 * `describeMovement` and `totalsDelta` name the movement and the change in the totals.
 * The entries already posted for the sale are summed per account; the difference is posted as
 * one balanced ledger transaction. A commission already paid out is reversed from the payable
 * balance, which may go negative: the clawback the next payout nets out.
 *
 * Must run inside a transaction; locks the sale row (FOR UPDATE) unless `opts.lockHeld` says the
 * caller's transaction already holds that lock. Idempotent: a second call with the same facts
 * posts nothing. Four statements: the lock, one read of the sale with its facts and posted
 * entries, the ledger transaction, one write of the derived state; a fifth, the licence's
 * revocation, when the sale may be lost to a full refund or a lost dispute
 * (`revokeLicenseIfLost`, issue 16 §4).
 *
 * The ledger transaction is posted after every other statement that does not need it (the
 * integrations' events, and `opts.beforePosting`), because the accounts it moves stay locked
 * until the caller's commit and every sale's settlement moves the platform's: each statement run
 * after it lengthens the queue of a burst of sales on those rows.
 * @param now the clock (UTC), injectable for tests and the simulation.
 * @param opts.beforePosting the caller's own statements for this sale, run just before the
 *   posting with the status the settlement is about to write (the completion's receipt).
 */
export async function settleSale(
  tx: Tx,
  saleId: string,
  now: Date = new Date(),
  opts: {
    lockHeld?: boolean;
    beforePosting?: (outcome: { status: "COMPLETED" | "REFUNDED" }) => Promise<void>;
  } = {},
): Promise<SettleResult> {
  // The lock is its own statement: under READ COMMITTED each later statement then reads with a
  // snapshot taken after every earlier settlement of this sale committed.
  if (!opts.lockHeld) {
    const locked = await tx.$queryRaw<
      { id: string }[]
    >`SELECT "id" FROM "Sale" WHERE "id" = ${saleId} FOR UPDATE`;
    if (locked.length === 0) return { changed: false };
  }
  const sale = await loadSettlementState(tx, saleId);
  if (!sale) return { changed: false };
  if (sale.status !== "COMPLETED" && sale.status !== "REFUNDED") return { changed: false };

  // Facts from the processor, stored once each (PaymentFact), possibly before the completion.
  const refundedCents = Math.min(sale.amountCents, sale.factRefundedCents);
  const disputedCents = sale.factDisputedCents;
  const reversed = Math.min(sale.amountCents, refundedCents + disputedCents);
  const released = sale.releasedAt != null || now.getTime() >= saleHoldUntil(sale, now).getTime();
  // A held commission (suspension, fraud review) stays pending past the release date. A pending
  // commission of a promoter who is no longer ACTIVE is held here if the suspension's own sweep
  // missed it (a completion that raced the suspension), so the rule converges like the rest.
  const holdNow =
    sale.commissionId != null &&
    sale.commissionRejected !== true &&
    sale.commissionHeld !== true &&
    sale.commissionStatus === "PENDING" &&
    sale.promoterStatus != null &&
    sale.promoterStatus !== "ACTIVE";
  // A rejected commission (an admin's fact) pays the artist; the totals last applied it when the
  // commission's status already says REJECTED.
  const rejected = sale.commissionRejected === true;
  const wasRejected = sale.commissionStatus === "REJECTED";
  const commissionHeld = !rejected && (sale.commissionHeld === true || holdNow);
  // The recruiter's share (issue 14 §6) is held while its recruiter is not ACTIVE, unless it was
  // already payable (money in their PROMOTER_BALANCE from this sale: it stays payable, and payouts
  // are refused to a suspended promoter anyway); `Sale.recruiterHeldAt` records the hold. Not
  // `releasedAt`: a sale may be released while its commission, and so this share, is held. The
  // hold ends when the recruiter is ACTIVE again, or becomes a forfeiture after a termination's
  // notice period.
  const postedBy = new Map(sale.posted.map((p) => [p.accountId, p.cents]));
  const recruiterForfeited = sale.recruiterForfeited;
  const recruiterPayable =
    sale.recruiterId != null &&
    (postedBy.get(ledgerAccountId("PROMOTER_BALANCE", sale.recruiterId)) ?? 0) !== 0;
  const recruiterHeld =
    sale.recruiterId != null &&
    !rejected &&
    !recruiterForfeited &&
    sale.recruiterStatus != null &&
    sale.recruiterStatus !== "ACTIVE" &&
    (sale.recruiterHeld || !recruiterPayable);

  const recorded = sharesFromRows(sale.id, sale.shares);
  const shares = sharesAsSettled(recorded, {
    commissionRejected: rejected,
    artistId: sale.artistId,
    recruiterForfeited,
  });
  const back = reverseShares(shares, sale.amountCents, reversed);
  const desired = desiredPosition({
    shares,
    back,
    amountCents: sale.amountCents,
    reversedCents: reversed,
    released,
    heldKinds: [
      ...(commissionHeld ? (["COMMISSION", "RECRUITER"] as const) : []),
      ...(recruiterHeld ? (["RECRUITER"] as const) : []),
    ],
  });

  // A rejected commission's (or forfeited recruiter's share's) promoter accounts are still the
  // sale's places: they go to 0.
  for (const s of recorded)
    if (s.payee === "promoter" && (rejected || (recruiterForfeited && s.kind === "RECRUITER")))
      for (const type of ["PROMOTER_PENDING", "PROMOTER_BALANCE"] as const) {
        const id = ledgerAccountId(type, s.ownerId);
        if (!desired.has(id)) desired.set(id, { type, ownerId: s.ownerId, cents: 0 });
      }

  const firstPosting = sale.posted.length === 0;
  for (const accountId of postedBy.keys()) {
    if (!desired.has(accountId))
      throw new Error(`Sale ${sale.id} has entries on unexpected account ${accountId}.`);
  }
  const lines = [...desired.entries()]
    .map(([accountId, d]) => ({
      type: d.type,
      ownerId: d.ownerId,
      amountCents: d.cents - (postedBy.get(accountId) ?? 0),
    }))
    .filter((l) => l.amountCents !== 0);

  const previousReversed = firstPosting ? 0 : sale.reversedCents;
  const commissionPaid = sale.commissionPayoutId != null;
  const kind = movementKind({
    firstPosting,
    rejectedNow: rejected && !wasRejected,
    // Forfeited now: the recruiter still holds money from this sale that goes back.
    forfeitedNow:
      recruiterForfeited &&
      sale.recruiterId != null &&
      (["PROMOTER_PENDING", "PROMOTER_BALANCE"] as const).some(
        (type) => (postedBy.get(ledgerAccountId(type, sale.recruiterId!)) ?? 0) !== 0,
      ),
    reversedCents: reversed,
    previousReversedCents: previousReversed,
    commissionPaid,
    disputedCents,
    previousDisputedCents: sale.disputedCents,
  });

  // Derived statuses.
  // A free order (amount 0, issue 12 §2) has nothing to reverse: it stays COMPLETED.
  const fullyReversed = sale.amountCents > 0 && reversed === sale.amountCents;
  // The commission's own part of the reversal (a recruiter's share is not the commission).
  const commissionBack = recorded.reduce((t, s, i) => (isCommissionShare(s) ? t + back[i]! : t), 0);
  let commission: { status: CommissionStatus; reversedCents: number; holdNow: boolean } | null =
    null;
  if (sale.commissionId) {
    const net = sale.commissionAmountCents! - commissionBack;
    const status: CommissionStatus = rejected
      ? "REJECTED"
      : commissionPaid
        ? "PAID"
        : net === 0
          ? "CANCELLED"
          : released && !commissionHeld
            ? "PAYABLE"
            : "PENDING";
    if (
      status !== sale.commissionStatus ||
      commissionBack !== sale.commissionReversedCents ||
      holdNow
    )
      commission = { status, reversedCents: commissionBack, holdNow };
  }

  // Denormalised totals are net of reversals: apply the change since the last settlement.
  const totals = totalsDelta({
    shares,
    amountCents: sale.amountCents,
    now: { reversedCents: reversed, back, shares },
    before: firstPosting
      ? null
      : {
          reversedCents: previousReversed,
          back: reverseShares(shares, sale.amountCents, previousReversed),
          shares: sharesAsSettled(recorded, {
            commissionRejected: wasRejected,
            artistId: sale.artistId,
            recruiterForfeited,
          }),
        },
  });
  // The integrations' events (issue 15 §3), in the outbox with this settlement: one statement,
  // which writes nothing for users without a subscribed endpoint.
  const events =
    lines.length > 0 || commission != null || firstPosting
      ? settlementWebhookEvents({
          sale: { ...sale, commissionHoldUntil: sale.holdUntil },
          firstPosting,
          refundedBefore: firstPosting ? 0 : sale.refundedCents,
          refundedNow: refundedCents,
          artistCents: netByPayee(shares, sale.amountCents, reversed).artist,
          commission,
          commissionReversedBefore: sale.commissionReversedCents ?? 0,
          rejectedNow: rejected && !wasRejected,
          disputed: disputedCents > sale.disputedCents,
          now,
        })
      : [];
  if (events.length > 0) await emitWebhookEvents(tx, events, { now });
  await opts.beforePosting?.({ status: fullyReversed ? "REFUNDED" : "COMPLETED" });
  // The ledger transaction after the statements that do not need it (see above).
  let transactionId: string | undefined;
  if (lines.length > 0) {
    ({ transactionId } = await postLedgerTransaction(tx, {
      kind,
      description: describeMovement(kind, sale, reversed, previousReversed, commissionHeld),
      saleId: sale.id,
      commissionId: sale.commissionId ?? undefined,
      lines,
      at: now,
    }));
  }
  await writeSettlement(tx, sale, {
    refundedCents,
    disputedCents,
    reversedCents: reversed,
    status: fullyReversed ? "REFUNDED" : "COMPLETED",
    refundedAt: fullyReversed ? (sale.refundedAt ?? now) : null,
    releasedAt: released ? (sale.releasedAt ?? now) : null,
    commission,
    // Written only when it changes (the forfeiture keeps the hold's time, which its CHECK needs).
    recruiterHold:
      recruiterHeld === sale.recruiterHeld || recruiterForfeited ? null : recruiterHeld,
    totals,
  });
  // A licence is lost only to a refund of the whole amount or a lost dispute: the statement runs
  // only when one may apply, never on an ordinary completion or release.
  if (fullyReversed || disputedCents > 0) await revokeLicenseIfLost(tx, sale.id, now);
  return { changed: lines.length > 0, transactionId, kind: lines.length > 0 ? kind : undefined };
}

/**
 * The end of a sale's holding period: `Sale.holdUntil`, fixed when the sale completed from the
 * holding period then in force (program settings), so changing the setting never moves past
 * sales. Every completed sale has it (written with the completion; older sales were backfilled
 * by migration trust_jobs_email_security); the fallback, completion + the default period, only
 * guards a row written by hand.
 */
export function saleHoldUntil(
  sale: { holdUntil: Date | null; completedAt: Date | null },
  now: Date,
): Date {
  return (
    sale.holdUntil ??
    new Date(
      (sale.completedAt ?? now).getTime() + PROGRAM_SETTING_DEFS.holdDays.default * 86_400_000,
    )
  );
}

/** One sale as settlement sees it: its shares and statuses, the facts about it, what is posted. */
type SettlementState = {
  id: string;
  amountCents: number;
  /** The sale's recorded shares (`SaleShare` rows), in position order. */
  shares: SaleShareRow[];
  /** The product sold (issue 16 §1): a track or a release, the other null; or (§3) a catalog
   * subscription's invoice, both null. */
  trackId: string | null;
  releaseId: string | null;
  productKind: "track" | "release" | "subscription_invoice";
  status: SaleStatus;
  currency: string;
  promoterId: string | null;
  linkId: string | null;
  disputedCents: number;
  reversedCents: number;
  completedAt: Date | null;
  holdUntil: Date | null;
  releasedAt: Date | null;
  refundedAt: Date | null;
  artistId: string;
  /** The product's title (the track's or the release's; a subscription's `SUBSCRIPTION_TITLE`). */
  title: string;
  commissionId: string | null;
  commissionAmountCents: number | null;
  commissionStatus: CommissionStatus | null;
  commissionReversedCents: number | null;
  commissionPayoutId: string | null;
  /** The commission is held (`Commission.heldAt`): the promoter's share stays pending. */
  commissionHeld: boolean | null;
  /** An admin rejected the commission (`Commission.rejectedAt`): its share pays the artist. */
  commissionRejected: boolean | null;
  /** The recruiter of the sale's second tier (issue 14 §6), their status now, and its hold. */
  recruiterId: string | null;
  recruiterStatus: string | null;
  recruiterHeld: boolean;
  recruiterForfeited: boolean;
  /** What the integrations' events carry (issue 15 §3): who receives them, the buyer, the click. */
  refundedCents: number;
  artistUserId: string | null;
  promoterUserId: string | null;
  buyerEmail: string;
  buyerName: string | null;
  buyerContactOptIn: boolean;
  sourceTag: string | null;
  networkClickId: string | null;
  /** The commission's promoter's `PromoterStatus` (null without a commission). */
  promoterStatus: string | null;
  /** Largest cumulative refund total the processor reported (cents). */
  factRefundedCents: number;
  /** Sum of the disputes that hold the money (open or lost), in cents. */
  factDisputedCents: number;
  /** Sum of the entries already posted for the sale, per ledger account. */
  posted: { accountId: string; cents: number }[];
};

/** Reads everything settlement needs in one statement (the caller holds the sale's row lock). */
async function loadSettlementState(tx: Tx, saleId: string): Promise<SettlementState | null> {
  const [row] = await tx.$queryRaw<
    (Omit<SettlementState, "posted" | "shares"> & { posted: unknown; shares: unknown })[]
  >`
    SELECT s."id", s."trackId", s."releaseId", s."productKind", s."status"::text AS "status", s."amountCents", s."currency", s."promoterId", s."linkId", s."disputedCents", s."reversedCents", s."completedAt", s."holdUntil", s."releasedAt", s."refundedAt",
      s."artistId", COALESCE(t."title", r."title", CASE WHEN s."subscriptionId" IS NOT NULL THEN ${SUBSCRIPTION_TITLE} END) AS "title", s."refundedCents", s."buyerEmail", s."buyerName", s."buyerContactOptIn",
      (SELECT a."userId" FROM "ArtistProfile" a WHERE a."id" = s."artistId") AS "artistUserId",
      (SELECT p."userId" FROM "PromoterProfile" p WHERE p."id" = s."promoterId") AS "promoterUserId",
      (SELECT ce."sourceTag" FROM "ClickEvent" ce WHERE ce."id" = s."clickId") AS "sourceTag",
      (SELECT ce."networkClickId" FROM "ClickEvent" ce WHERE ce."id" = s."clickId") AS "networkClickId",
      c."id" AS "commissionId", c."amountCents" AS "commissionAmountCents", c."status"::text AS "commissionStatus",
      c."reversedCents" AS "commissionReversedCents", c."payoutId" AS "commissionPayoutId", c."heldAt" IS NOT NULL AS "commissionHeld", c."rejectedAt" IS NOT NULL AS "commissionRejected",
      (SELECT p."status"::text FROM "PromoterProfile" p WHERE p."id" = c."promoterId") AS "promoterStatus",
      s."recruiterId", (SELECT p."status"::text FROM "PromoterProfile" p WHERE p."id" = s."recruiterId") AS "recruiterStatus",
      s."recruiterHeldAt" IS NOT NULL AS "recruiterHeld", s."recruiterForfeitedAt" IS NOT NULL AS "recruiterForfeited",
      COALESCE((SELECT MAX(f."amountCents") FROM "PaymentFact" f
        WHERE f."paymentIntentId" = s."stripePaymentIntentId" AND f."kind" = 'REFUND_TOTAL'), 0)::int AS "factRefundedCents",
      COALESCE((SELECT SUM(f."amountCents") FROM "PaymentFact" f
        WHERE f."paymentIntentId" = s."stripePaymentIntentId" AND f."kind" = 'DISPUTE' AND f."status" = ANY(${DISPUTE_HOLDS}::text[])), 0)::int AS "factDisputedCents",
      COALESCE((SELECT json_agg(json_build_object('accountId', e."accountId", 'cents', e."cents"))
        FROM (SELECT "accountId", SUM("amountCents")::int AS "cents" FROM "LedgerEntry" WHERE "saleId" = s."id" GROUP BY "accountId") e), '[]'::json) AS "posted",
      COALESCE((SELECT json_agg(json_build_object('position', x."position", 'kind', x."kind", 'payee', x."payee", 'ownerId', x."ownerId",
          'amountCents', x."amountCents", 'residual', x."residual") ORDER BY x."position")
        FROM "SaleShare" x WHERE x."saleId" = s."id"), '[]'::json) AS "shares"
    FROM "Sale" s
    LEFT JOIN "Track" t ON t."id" = s."trackId"
    LEFT JOIN "Release" r ON r."id" = s."releaseId"
    LEFT JOIN "Commission" c ON c."saleId" = s."id"
    WHERE s."id" = ${saleId}`;
  if (!row) return null;
  const json = (v: unknown): unknown => (typeof v === "string" ? JSON.parse(v) : v);
  return {
    ...row,
    posted: json(row.posted) as SettlementState["posted"],
    shares: json(row.shares) as SaleShareRow[],
  };
}

/**
 * Writes a settlement's derived state in one statement: the sale's amounts and statuses, the
 * commission when it changed, the change in the track's (or release's), link's and promoter's totals, and the
 * same sales and commission change in `LinkDailyStats` and `PromoterDailyStats` on the UTC day
 * the sale completed (so the daily stats are exact and immediate, and per promoter and link they
 * always sum to the totals; clicks in them come from `rollupClicks`).
 *
 * Lock order: PostgreSQL runs the main UPDATE first, then the data-modifying CTEs that nothing
 * references, last-written first. So this statement takes PromoterProfile, AffiliateLink, Track,
 * Release, PromoterDailyStats, LinkDailyStats (then the sale's own commission and sale rows) in that
 * order, the order `rollupClicks` locks in: keep the CTEs in this order.
 */
async function writeSettlement(
  tx: Tx,
  sale: SettlementState,
  w: {
    refundedCents: number;
    disputedCents: number;
    reversedCents: number;
    status: "COMPLETED" | "REFUNDED";
    refundedAt: Date | null;
    releasedAt: Date | null;
    /** The commission's new status and reversal; `holdNow` puts it on hold (PROMOTER_SUSPENDED). */
    commission: { status: CommissionStatus; reversedCents: number; holdNow: boolean } | null;
    /** Puts the recruiter's share on hold (true) or lifts it (false) (`Sale.recruiterHeldAt`,
     * issue 14 §6); null: unchanged. */
    recruiterHold: boolean | null;
    totals: TotalsDelta;
  },
): Promise<void> {
  const t = w.totals;
  const totalsChanged = t.sales !== 0 || t.gross !== 0 || t.artist !== 0 || t.commission !== 0;
  const promoterTotals =
    (t.promoterSales !== 0 || t.commission !== 0) && sale.linkId != null && sale.promoterId != null;
  const dailyChanged = promoterTotals;
  const updatedAt = new Date();
  // The UTC day the sale completed (set before its first settlement; `updatedAt` only as a guard).
  const day = (sale.completedAt ?? updatedAt).toISOString().slice(0, 10);
  await tx.$executeRaw`
    WITH sale AS (
      UPDATE "Sale" SET "refundedCents" = ${w.refundedCents}, "disputedCents" = ${w.disputedCents}, "reversedCents" = ${w.reversedCents},
        "status" = CAST(${w.status} AS "SaleStatus"), "refundedAt" = ${w.refundedAt}, "releasedAt" = ${w.releasedAt}, "updatedAt" = ${updatedAt},
        "recruiterHeldAt" = CASE ${w.recruiterHold}::boolean WHEN true THEN ${updatedAt} WHEN false THEN NULL ELSE "recruiterHeldAt" END
      WHERE "id" = ${sale.id} RETURNING 1
    ), commission AS (
      UPDATE "Commission" SET "status" = CAST(${w.commission?.status ?? "PENDING"} AS "CommissionStatus"), "reversedCents" = ${w.commission?.reversedCents ?? 0},
        "heldAt" = CASE WHEN ${w.commission?.holdNow === true}::boolean THEN ${updatedAt} ELSE "heldAt" END,
        "holdReason" = CASE WHEN ${w.commission?.holdNow === true}::boolean THEN 'PROMOTER_SUSPENDED'::"CommissionHoldReason" ELSE "holdReason" END,
        "updatedAt" = ${updatedAt}
      WHERE "id" = ${sale.commissionId} AND ${w.commission != null}::boolean RETURNING 1
    ), link_day AS (
      INSERT INTO "LinkDailyStats" ("linkId", "day", "promoterId", "sales", "commissionCents")
      SELECT ${sale.linkId}::text, ${day}::date, ${sale.promoterId}::text, ${t.promoterSales}::int, ${t.commission}::int
      WHERE ${dailyChanged}::boolean
      ON CONFLICT ("linkId", "day") DO UPDATE SET "sales" = "LinkDailyStats"."sales" + EXCLUDED."sales",
        "commissionCents" = "LinkDailyStats"."commissionCents" + EXCLUDED."commissionCents"
      RETURNING 1
    ), promoter_day AS (
      INSERT INTO "PromoterDailyStats" ("promoterId", "day", "sales", "commissionCents")
      SELECT ${sale.promoterId}::text, ${day}::date, ${t.promoterSales}::int, ${t.commission}::int
      WHERE ${dailyChanged}::boolean
      ON CONFLICT ("promoterId", "day") DO UPDATE SET "sales" = "PromoterDailyStats"."sales" + EXCLUDED."sales",
        "commissionCents" = "PromoterDailyStats"."commissionCents" + EXCLUDED."commissionCents"
      RETURNING 1
    ), release AS (
      UPDATE "Release" SET "salesCount" = "salesCount" + ${t.sales}, "grossCents" = "grossCents" + ${t.gross}, "artistCents" = "artistCents" + ${t.artist},
        "commissionsCents" = "commissionsCents" + ${t.commission}, "updatedAt" = ${updatedAt}
      WHERE "id" = ${sale.releaseId} AND ${totalsChanged}::boolean RETURNING 1
    ), track AS (
      UPDATE "Track" SET "salesCount" = "salesCount" + ${t.sales}, "grossCents" = "grossCents" + ${t.gross}, "artistCents" = "artistCents" + ${t.artist},
        "commissionsCents" = "commissionsCents" + ${t.commission}, "updatedAt" = ${updatedAt}
      WHERE "id" = ${sale.trackId} AND ${totalsChanged}::boolean RETURNING 1
    ), fraud_event AS (
      -- A sale counted or reversed is a fraud signal's input: the promoter is rescored later.
      INSERT INTO "FraudScoreEvent" ("promoterId") SELECT ${sale.promoterId}::text WHERE ${promoterTotals}::boolean
      RETURNING 1
    ), link AS (
      UPDATE "AffiliateLink" SET "salesCount" = "salesCount" + ${t.promoterSales}, "commissionCents" = "commissionCents" + ${t.commission}, "updatedAt" = ${updatedAt}
      WHERE "id" = ${sale.linkId} AND ${promoterTotals}::boolean RETURNING 1
    )
    UPDATE "PromoterProfile" SET "salesCount" = "salesCount" + ${t.promoterSales}, "earningsCents" = "earningsCents" + ${t.commission}, "updatedAt" = ${updatedAt}
    WHERE "id" = ${sale.promoterId} AND ${promoterTotals}::boolean`;
}
