import type { PrismaClient } from "@fanfare/db";
import type { PaymentsProvider } from "@fanfare/payments";
import { getPayments } from "@fanfare/payments";

import { forfeitTerminatedPromoters } from "../affiliate/termination";
import { scoreDirtyPromoters } from "../fraud/fraud-score";
import { rollupClicks } from "../affiliate/click-rollup";
import { pruneExpiredClickWindows } from "../affiliate/clicks";
import { deliverDueEmails } from "../email/deliver";
import type { MailTransport } from "../email/mail-transport";
import { refreshLeaderboards } from "../leaderboard/refresh";
import { reconcilePayouts, releaseDueSales, runPayoutBatch } from "../payouts/payouts";

/**
 * What every job handler runs against. Production passes only `db`; tests pass a clock, a mail
 * transport or a payments provider and call the handlers directly instead of waiting on cron.
 */
export type JobDeps = {
  db: PrismaClient;
  now?: Date;
  transport?: MailTransport;
  payments?: PaymentsProvider;
};

const paymentsOf = (deps: JobDeps) => deps.payments ?? getPayments(deps.db);

/** `email.deliver`: drains the outbox (see `deliverDueEmails`). */
export function deliverEmailsJob(deps: JobDeps) {
  return deliverDueEmails({ db: deps.db, transport: deps.transport }, { now: deps.now });
}

/** `sales.release-due`: sales whose own holding period ended become payable, with no request at all. */
export async function releaseDueSalesJob(deps: JobDeps) {
  return { released: await releaseDueSales(deps.db, { now: deps.now }) };
}

/** `payouts.batch`: the scheduled payout run (the same function as `pnpm payouts:batch`). */
export function payoutBatchJob(deps: JobDeps) {
  const now = deps.now;
  return runPayoutBatch({
    db: deps.db,
    payments: paymentsOf(deps),
    now: now ? () => now : undefined,
  });
}

/** `payouts.reconcile`: completes payouts left PROCESSING, each exactly once (as `pnpm payouts:reconcile`). */
export function reconcilePayoutsJob(deps: JobDeps) {
  const now = deps.now;
  return reconcilePayouts({
    db: deps.db,
    payments: paymentsOf(deps),
    now: now ? () => now : undefined,
  });
}

/** `clicks.prune-windows`: expired dedupe and per-IP click windows (changes no click's outcome). */
export function pruneClickWindowsJob(deps: JobDeps) {
  return pruneExpiredClickWindows({ now: deps.now }, deps.db);
}

/** `clicks.rollup`: counted clicks into the click counters and daily stats (see `rollupClicks`). */
export function rollupClicksJob(deps: JobDeps) {
  return rollupClicks({}, deps.db);
}

/** `leaderboard.refresh`: rebuilds the leaderboard snapshot (see `refreshLeaderboards`). */
export function refreshLeaderboardsJob(deps: JobDeps) {
  return refreshLeaderboards({ now: deps.now }, deps.db);
}

/** `fraud.score`: rescores the promoters touched since the last run (see `scoreDirtyPromoters`). */
export function scoreFraudJob(deps: JobDeps) {
  return scoreDirtyPromoters({ now: deps.now }, deps.db);
}

/** `program.forfeitures`: settles terminations past their notice period (see `forfeitTerminatedPromoters`). */
export function forfeituresJob(deps: JobDeps) {
  return forfeitTerminatedPromoters({ now: deps.now }, deps.db);
}
