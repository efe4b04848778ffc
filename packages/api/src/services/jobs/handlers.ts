import type { PrismaClient } from "@fanfare/db";
import type { PaymentsProvider } from "@fanfare/payments";
import { getPayments } from "@fanfare/payments";
import { createHash } from "node:crypto";

import type { SendOptions } from "pg-boss";
import { z } from "zod";

import { forfeitTerminatedPromoters } from "../affiliate/termination";
import { awardBadges } from "../badges/award";
import { tickCampaigns } from "../campaigns/tick";
import { scoreDirtyPromoters } from "../fraud/fraud-score";
import { rollupClicks } from "../affiliate/click-rollup";
import { pruneExpiredClickWindows } from "../affiliate/clicks";
import {
  expireDiscountCodes,
  listUnmirroredDiscountCodes,
  syncDiscountCodeToStripe,
} from "../discount/stripe-sync";
import { deliverDueEmails } from "../email/deliver";
import type { MailTransport } from "../email/mail-transport";
import { refreshLeaderboards } from "../leaderboard/refresh";
import { purgePageViewDedupe } from "../reach/page-views";
import { reconcilePayouts, releaseDueSales, runPayoutBatch } from "../payouts/payouts";
import { tickContests } from "../contests/close";
import { awardMilestones } from "../milestones/award";
import { sendDueOnboardingEmails } from "../onboarding/send-due";
import { recomputeTiers } from "../tiers/recompute";
import { deliverDueWebhooks } from "../platform/webhooks/deliver";
import { pruneWebhookLog } from "../platform/webhooks/prune";
import { pruneIdempotencyKeys } from "../platform/idempotency";
import { TRANSCODE_FORMATS } from "@fanfare/db/kinds";
import { makeTranscode } from "../formats/transcode";
import type { TranscodeContext } from "../formats/sources";
import { isTranscodeContext } from "../formats/sources";
import { getStorage } from "../media/storage";
import type { JobName } from "./queues";

/**
 * What every job handler runs against. Production passes `db` and `send`; tests pass a clock, a
 * mail transport or a payments provider and call the handlers directly instead of waiting on cron.
 */
export type JobDeps = {
  db: PrismaClient;
  now?: Date;
  transport?: MailTransport;
  payments?: PaymentsProvider;
  /**
   * Queues a follow-up job on the runner's pg-boss (the worker passes it). A handler called
   * without it (a test, a script) runs the follow-up work itself instead.
   * @returns the job's id, or null when the queue's policy dropped it (one already waiting).
   */
  send?: (name: JobName, data: object, options?: SendOptions) => Promise<string | null>;
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

/**
 * `clicks.prune-windows`: expired dedupe and per-IP click windows (changes no click's outcome),
 * and the page-view dedupe rows of past days (`purgePageViewDedupe`: they decide nothing either).
 */
export async function pruneClickWindowsJob(deps: JobDeps) {
  const clicks = await pruneExpiredClickWindows({ now: deps.now }, deps.db);
  return { ...clicks, pageViewDedupe: await purgePageViewDedupe(deps.db, deps.now) };
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

/** `campaigns.tick`: campaigns start (announced once) and end on time (see `tickCampaigns`). */
export function campaignsTickJob(deps: JobDeps) {
  return tickCampaigns({ now: deps.now }, deps.db);
}

const ZDiscountStripeSyncData = z.object({ codeId: z.string().min(1) });

/**
 * The `discount.stripe-sync` job of one code. The queue is `stately` and the singleton key is the
 * code's: at most one sync of a code waits and one runs, so a change made while a sync runs is
 * picked up by the one waiting, which reads the code afresh.
 */
export function discountStripeSyncRequest(codeId: string) {
  return {
    name: "discount.stripe-sync",
    data: { codeId },
    options: { singletonKey: `discount:${codeId}` },
  } as const satisfies { name: JobName; data: object; options: SendOptions };
}

/**
 * `discount.stripe-sync`: mirrors one code in Stripe or the sandbox (see
 * `syncDiscountCodeToStripe`).
 * @param data `{ codeId }`.
 * @throws ZodError for any other payload (each retry fails the same way).
 */
export function discountStripeSyncJob(deps: JobDeps, data: unknown) {
  const { codeId } = ZDiscountStripeSyncData.parse(data);
  return syncDiscountCodeToStripe(codeId, {
    db: deps.db,
    payments: paymentsOf(deps),
    now: deps.now,
  });
}

/**
 * `discount.expire`: codes past their end date become EXPIRED (see `expireDiscountCodes`), then a
 * `discount.stripe-sync` is queued for each, and for each code not mirrored yet
 * (`listUnmirroredDiscountCodes`: a sync never queued or failed for good). Without `deps.send`
 * the syncs run here, one after the other.
 */
export async function expireDiscountCodesJob(deps: JobDeps) {
  const now = deps.now ?? new Date();
  const expired = await expireDiscountCodes(deps.db, now);
  const unmirrored = await listUnmirroredDiscountCodes(deps.db, now);
  const codeIds = [...new Set([...expired, ...unmirrored])];
  for (const codeId of codeIds) {
    const job = discountStripeSyncRequest(codeId);
    if (deps.send) await deps.send(job.name, job.data, job.options);
    else await discountStripeSyncJob(deps, job.data);
  }
  return { expired: expired.length, synced: codeIds.length };
}

/** The payload of a job about some promoters (null: all of them, the daily cron run). */
const ZPromotersJobData = z
  .object({ promoterIds: z.array(z.string().min(1)).max(10_000) })
  .nullable()
  .optional();

/**
 * A request for a job about some promoters (`tiers.recompute`, `milestones.award` and
 * `badges.award` after their sales or payouts), or about all of them (`promoterIds` null). The
 * queues are `stately` and the singleton key is the promoters': at most one run for the same
 * promoters waits, and it reads their results afresh when it runs, so a second request while one
 * waits adds nothing.
 */
export function promotersJobRequest(
  name: "tiers.recompute" | "milestones.award" | "badges.award",
  promoterIds: string[] | null,
) {
  const ids = promoterIds ? [...new Set(promoterIds)].sort() : null;
  // One promoter (the usual case, after a sale) is keyed by id; several by a digest of the ids,
  // so the key stays short whatever their number; everyone by "all".
  const key = !ids
    ? "all"
    : ids.length === 1
      ? ids[0]
      : createHash("sha256").update(ids.join(",")).digest("hex").slice(0, 32);
  return {
    name,
    data: ids ? { promoterIds: ids } : null,
    options: { singletonKey: `${name}:${key}` },
  } as const satisfies { name: JobName; data: object | null; options: SendOptions };
}

/**
 * `tiers.recompute`: each promoter's tier becomes the one they qualify for now, moves audited and
 * emailed once (see `recomputeTiers`).
 * @param data `{ promoterIds }` for those promoters; null (the daily cron run) for all of them.
 * @throws ZodError for any other payload (each retry fails the same way).
 */
export function tierRecomputeJob(deps: JobDeps, data: unknown) {
  const parsed = ZPromotersJobData.parse(data);
  return recomputeTiers({ promoterIds: parsed?.promoterIds, now: deps.now }, deps.db);
}

/**
 * `milestones.award`: pays each milestone the promoters reached on released sales, exactly once
 * (see `awardMilestones`).
 * @param data `{ promoterIds }` for those promoters (after their sales were released); null (the
 *   daily cron run, or after an admin adds a milestone) for all of them.
 * @throws ZodError for any other payload (each retry fails the same way).
 */
export function milestonesAwardJob(deps: JobDeps, data: unknown) {
  const parsed = ZPromotersJobData.parse(data);
  return awardMilestones({ promoterIds: parsed?.promoterIds, now: deps.now }, deps.db);
}

/**
 * `badges.award`: stores the badges the promoters earned and do not hold yet, each once, and
 * notifies them (see `awardBadges`, issue 13 §3).
 * @param data `{ promoterIds }` for those promoters (after a counted sale or a paid payout); null
 *   (the daily cron run) for all of them, which also ranks the completed months' top 10s.
 * @throws ZodError for any other payload (each retry fails the same way).
 */
export function badgesAwardJob(deps: JobDeps, data: unknown) {
  const parsed = ZPromotersJobData.parse(data);
  return awardBadges({ promoterIds: parsed?.promoterIds, now: deps.now }, deps.db);
}

/** `contests.tick`: starts contests whose start passed and closes those whose end passed. */
export function contestsTickJob(deps: JobDeps) {
  return tickContests({ now: deps.now }, deps.db);
}

/** `onboarding.send`: queues the onboarding emails now due, each step once (see `sendDueOnboardingEmails`). */
export function onboardingSendJob(deps: JobDeps) {
  return sendDueOnboardingEmails({ now: deps.now }, deps.db);
}

/** `webhooks.deliver`: fans out new webhook events and sends due deliveries (see `deliverDueWebhooks`). */
export function webhooksDeliverJob(deps: JobDeps) {
  return deliverDueWebhooks({ db: deps.db, now: deps.now });
}

/** `webhooks.prune`: the 30-day retention of the webhook log (see `pruneWebhookLog`). */
export function webhooksPruneJob(deps: JobDeps) {
  return pruneWebhookLog(deps.db, { now: deps.now });
}

/** `api.prune-idempotency`: REST idempotency keys past their 24 hours (see `pruneIdempotencyKeys`). */
export function pruneIdempotencyKeysJob(deps: JobDeps) {
  return pruneIdempotencyKeys({ now: deps.now }, deps.db);
}

const ZTranscodeJobData = z.object({
  trackId: z.string().min(1),
  format: z.enum(TRANSCODE_FORMATS),
  context: z.string().refine(isTranscodeContext, 'context must be "track" or "release:<id>"'),
});

/**
 * `formats.transcode`: makes one track's master in one download format for one context (issue 16
 * §2), unless the file made from the current source is ready (see `makeTranscode`). The queue is
 * `stately` with the singleton key of the (track, format, context) (`transcodeJobRequest`).
 * @param data `{ trackId, format, context }`.
 * @throws ZodError for any other payload; Error when ffmpeg or storage fails (retried).
 */
export async function transcodeJob(deps: JobDeps, data: unknown) {
  const parsed = ZTranscodeJobData.parse(data);
  const context = parsed.context as TranscodeContext;
  return makeTranscode(
    { trackId: parsed.trackId, format: parsed.format, context },
    { db: deps.db, storage: getStorage() },
  );
}
