import type { Queue } from "pg-boss";

import { CLICKS_ROLLUP_TICK_SECONDS } from "../affiliate/click-rollup";
import type { Settings } from "../settings/settings";
import type { JobDeps } from "./handlers";
import {
  campaignsTickJob,
  deliverEmailsJob,
  discountStripeSyncJob,
  expireDiscountCodesJob,
  forfeituresJob,
  pruneClickWindowsJob,
  payoutBatchJob,
  reconcilePayoutsJob,
  refreshLeaderboardsJob,
  releaseDueSalesJob,
  rollupClicksJob,
  scoreFraudJob,
  tierRecomputeJob,
  milestonesAwardJob,
  badgesAwardJob,
  contestsTickJob,
  onboardingSendJob,
  webhooksDeliverJob,
  webhooksPruneJob,
  pruneIdempotencyKeysJob,
  transcodeJob,
} from "./handlers";
import { WEBHOOKS_TICK_SECONDS } from "../platform/webhooks/deliver";

/** Every queue of the platform; later features (sequences, contests, webhooks) add theirs here. */
export const JOB_NAMES = [
  "email.deliver",
  "sales.release-due",
  "payouts.batch",
  "payouts.reconcile",
  "clicks.prune-windows",
  "clicks.rollup",
  "leaderboard.refresh",
  "fraud.score",
  "program.forfeitures",
  "campaigns.tick",
  "discount.stripe-sync",
  "discount.expire",
  "tiers.recompute",
  "milestones.award",
  "contests.tick",
  "badges.award",
  "onboarding.send",
  "webhooks.deliver",
  "webhooks.prune",
  "api.prune-idempotency",
  "formats.transcode",
] as const;
export type JobName = (typeof JOB_NAMES)[number];

export { CLICKS_ROLLUP_TICK_SECONDS, WEBHOOKS_TICK_SECONDS };

/** How often each worker process asks for an outbox run, in seconds (runs never overlap: see `email.deliver`). */
export const EMAIL_DELIVER_TICK_SECONDS = 5;

export type JobDefinition = {
  name: JobName;
  /** For the admin page: what the job does and when it runs. */
  description: string;
  /** pg-boss queue options. */
  queue: Omit<Queue, "name">;
  /** How often an idle worker looks for a job of this queue, in seconds. */
  pollingIntervalSeconds: number;
  /** The handler; `data` is the job's payload (null for cron and tick runs). */
  run: (deps: JobDeps, data: unknown) => Promise<unknown>;
};

// `stately` queues hold at most one job waiting and one running, across every process: a cron
// occurrence or tick that finds one already waiting adds nothing, so runs never pile up behind a
// slow one. Each handler is idempotent as well, so a job retried after a crash changes nothing twice.
export const JOBS: readonly JobDefinition[] = [
  {
    name: "email.deliver",
    description: `Sends the email outbox: every ${EMAIL_DELIVER_TICK_SECONDS} seconds; retries with backoff, DEAD after EMAIL_MAX_ATTEMPTS.`,
    // Not retried by pg-boss: the next tick is the retry. Completed runs are dropped after an hour
    // (one run every few seconds would otherwise keep ~120,000 rows for pg-boss's default week).
    queue: { policy: "stately", retryLimit: 0, expireInSeconds: 600, deleteAfterSeconds: 3600 },
    pollingIntervalSeconds: 2,
    run: deliverEmailsJob,
  },
  {
    name: "sales.release-due",
    description:
      "Makes held commissions payable when their sale's holding period ends: every minute.",
    queue: { policy: "stately", retryLimit: 2, retryDelay: 10, expireInSeconds: 900 },
    pollingIntervalSeconds: 5,
    run: releaseDueSalesJob,
  },
  {
    name: "payouts.batch",
    description:
      "Pays every payee at or over the payout minimum: on the PAYOUT_SCHEDULE setting (off, weekly Mondays 09:00 UTC, monthly the 1st 09:00 UTC).",
    queue: { policy: "stately", retryLimit: 1, retryDelay: 300, expireInSeconds: 3600 },
    pollingIntervalSeconds: 10,
    run: payoutBatchJob,
  },
  {
    name: "payouts.reconcile",
    description:
      "Completes payouts left processing (re-sent with their idempotency key, so paid once): every 5 minutes.",
    queue: { policy: "stately", retryLimit: 0, expireInSeconds: 900 },
    pollingIntervalSeconds: 10,
    run: reconcilePayoutsJob,
  },
  {
    name: "clicks.prune-windows",
    description:
      "Deletes expired click dedupe and per-IP windows, and page-view dedupe rows of past days (they decide nothing once over): every hour.",
    queue: { policy: "stately", retryLimit: 1, retryDelay: 60, expireInSeconds: 900 },
    pollingIntervalSeconds: 30,
    run: pruneClickWindowsJob,
  },
  {
    name: "clicks.rollup",
    description: `Adds counted clicks to the link, track and promoter click counts and the daily stats (each click exactly once): every ${CLICKS_ROLLUP_TICK_SECONDS} seconds.`,
    // Like email.deliver: the next tick is the retry (a failed run consumed nothing), and
    // completed runs are dropped after an hour.
    queue: { policy: "stately", retryLimit: 0, expireInSeconds: 600, deleteAfterSeconds: 3600 },
    pollingIntervalSeconds: 1,
    run: rollupClicksJob,
  },
  {
    name: "leaderboard.refresh",
    description:
      "Rebuilds the leaderboards (today, this week, this and last month, all time; by sales, earnings, conversion and clicks; top 100) from the daily stats, and expires the cached boards when they changed: every minute.",
    queue: { policy: "stately", retryLimit: 0, expireInSeconds: 600, deleteAfterSeconds: 3600 },
    pollingIntervalSeconds: 5,
    run: refreshLeaderboardsJob,
  },
  {
    name: "fraud.score",
    description:
      "Rescores the promoters whose sales, refunds, disputes or clicks changed since the last run, then holds or suspends at the fraud thresholds: every minute.",
    queue: { policy: "stately", retryLimit: 1, retryDelay: 30, expireInSeconds: 900 },
    pollingIntervalSeconds: 10,
    run: scoreFraudJob,
  },
  {
    name: "program.forfeitures",
    description:
      "After a termination's notice period: rejects the promoter's unpaid commissions (to the artists) and writes off a negative balance: every hour.",
    queue: { policy: "stately", retryLimit: 1, retryDelay: 60, expireInSeconds: 1800 },
    pollingIntervalSeconds: 30,
    run: forfeituresJob,
  },
  {
    name: "campaigns.tick",
    description:
      "Starts scheduled campaigns whose start has passed (ACTIVE; each promoter with a link on their tracks emailed once) and completes those whose end has passed: every minute.",
    queue: { policy: "stately", retryLimit: 1, retryDelay: 30, expireInSeconds: 600 },
    pollingIntervalSeconds: 5,
    run: campaignsTickJob,
  },
  {
    name: "discount.stripe-sync",
    description:
      "Mirrors one discount code in Stripe (or the sandbox): creates its Coupon and Promotion Code, then activates or deactivates it with the code's status: after each create or change, at most one waiting and one running per code.",
    // Stately per code (singleton key `discount:<codeId>`, see discountStripeSyncRequest). Stripe
    // refusals and outages are retried with backoff; the sync is convergent, so a retry is safe.
    queue: {
      policy: "stately",
      retryLimit: 5,
      retryDelay: 30,
      retryBackoff: true,
      expireInSeconds: 300,
    },
    pollingIntervalSeconds: 2,
    run: discountStripeSyncJob,
  },
  {
    name: "discount.expire",
    description:
      "Marks active and paused discount codes past their end date EXPIRED (audited), then queues a Stripe sync for each and for every code not mirrored yet: every hour.",
    queue: { policy: "stately", retryLimit: 1, retryDelay: 60, expireInSeconds: 900 },
    pollingIntervalSeconds: 30,
    run: expireDiscountCodesJob,
  },
  {
    name: "tiers.recompute",
    description:
      "Moves promoters to the tier their results over each tier's window qualify them for (audited; emailed once per move): all promoters daily at 03:17 UTC, and the promoters of each counted sale right after it.",
    // Stately per set of promoters (singleton key, see promotersJobRequest); the daily run has no
    // key. A move is a conditional update, so a retry or an overlapping run moves nobody twice.
    queue: { policy: "stately", retryLimit: 2, retryDelay: 60, expireInSeconds: 1800 },
    pollingIntervalSeconds: 5,
    run: tierRecomputeJob,
  },
  {
    name: "milestones.award",
    description:
      "Pays each active milestone a promoter reached on released sales, once (PLATFORM_PROMOTIONS → payable balance; emailed and notified): the promoters of each release right after it, everyone after an admin adds a milestone, and daily at 03:27 UTC.",
    // Stately per set of promoters (promotersJobRequest). The award row is unique per milestone
    // and promoter, so overlapping runs and retries pay nobody twice.
    queue: { policy: "stately", retryLimit: 2, retryDelay: 60, expireInSeconds: 1800 },
    pollingIntervalSeconds: 5,
    run: milestonesAwardJob,
  },
  {
    name: "contests.tick",
    description:
      "Starts contests whose start has passed (every promoter notified once) and closes those whose end has passed: ranks the entrants, records the winners, pays the prizes (PLATFORM_PROMOTIONS → payable balance, once), emails everyone who took part: every minute.",
    queue: { policy: "stately", retryLimit: 1, retryDelay: 30, expireInSeconds: 900 },
    pollingIntervalSeconds: 5,
    run: contestsTickJob,
  },
  {
    name: "badges.award",
    description:
      "Awards the badges promoters earned (first click, first sale, 10 and 100 sales, first payout, 3 months with sales, a month's top 10, a contest place), each once, with a notification: the promoter of each counted sale or paid payout right after it, and everyone daily at 03:37 UTC (which also ranks the completed months).",
    // Stately per set of promoters (promotersJobRequest). The badge row is unique per promoter,
    // badge and instance, so overlapping runs and retries award and notify nobody twice.
    queue: { policy: "stately", retryLimit: 2, retryDelay: 60, expireInSeconds: 1800 },
    pollingIntervalSeconds: 5,
    run: badgesAwardJob,
  },
  {
    name: "onboarding.send",
    description:
      "Sends new promoters' onboarding emails (day 0, 1, 2, 3, 5, 7, 14; only the latest due step, earlier ones passed over; never to the unsubscribed), each step once: every 15 minutes.",
    // Each step's send row is written with its outbox email (ON CONFLICT DO NOTHING), so a retry
    // or an overlapping run sends nothing twice.
    queue: { policy: "stately", retryLimit: 1, retryDelay: 60, expireInSeconds: 900 },
    pollingIntervalSeconds: 30,
    run: onboardingSendJob,
  },
  {
    name: "webhooks.deliver",
    description: `Fans new webhook events out to their endpoints and sends due deliveries (signed, SSRF-safe; retried with backoff for 3 days, then the endpoint is disabled and its owner emailed): every ${WEBHOOKS_TICK_SECONDS} seconds.`,
    // Like email.deliver: the next tick is the retry (a delivery's claim lease makes a crashed
    // run's deliveries due again), and completed runs are dropped after an hour.
    queue: { policy: "stately", retryLimit: 0, expireInSeconds: 600, deleteAfterSeconds: 3600 },
    pollingIntervalSeconds: 2,
    run: webhooksDeliverJob,
  },
  {
    name: "webhooks.prune",
    description:
      "Deletes webhook deliveries and their attempts older than 30 days (never pending ones), and events no delivery refers to: every hour.",
    queue: { policy: "stately", retryLimit: 1, retryDelay: 60, expireInSeconds: 900 },
    pollingIntervalSeconds: 30,
    run: webhooksPruneJob,
  },
  {
    name: "api.prune-idempotency",
    description:
      "Deletes the REST API's idempotency keys older than 24 hours (their responses are no longer replayed): daily at 04:29 UTC.",
    queue: { policy: "stately", retryLimit: 1, retryDelay: 60, expireInSeconds: 900 },
    pollingIntervalSeconds: 30,
    run: pruneIdempotencyKeysJob,
  },
  {
    name: "formats.transcode",
    description:
      "Makes one track's master in one download format (MP3 320, AAC 256, FLAC) for the track alone or one release, tagged, into storage: after upload, publication and title, cover or track-order changes, and when a buyer asks for a format not ready; at most one waiting and one running per track, format and context.",
    // Stately per (track, format, context) (singleton key, see transcodeJobRequest). A file made
    // from the current source is skipped, so a retry or a repeated request makes nothing twice.
    // A long master takes a while to encode; the default 15 minutes covers 200 MB.
    queue: {
      policy: "stately",
      retryLimit: 3,
      retryDelay: 30,
      retryBackoff: true,
      expireInSeconds: 900,
    },
    pollingIntervalSeconds: 2,
    run: transcodeJob,
  },
];

/** Fixed cron schedules (UTC). `payouts.batch` follows the setting: `payoutBatchCron`. */
export const CRON: Partial<Record<JobName, string>> = {
  "sales.release-due": "* * * * *",
  "payouts.reconcile": "*/5 * * * *",
  "clicks.prune-windows": "17 * * * *",
  "leaderboard.refresh": "* * * * *",
  "fraud.score": "* * * * *",
  "program.forfeitures": "41 * * * *",
  "campaigns.tick": "* * * * *",
  "discount.expire": "7 * * * *",
  "tiers.recompute": "17 3 * * *",
  "milestones.award": "27 3 * * *",
  "contests.tick": "* * * * *",
  "badges.award": "37 3 * * *",
  "onboarding.send": "*/15 * * * *",
  "webhooks.prune": "53 * * * *",
  "api.prune-idempotency": "29 4 * * *",
};

/**
 * The cron expression (UTC) of the scheduled payout batch for the PAYOUT_SCHEDULE setting:
 * weekly on Mondays at 09:00, monthly on the 1st at 09:00, or none when "off".
 */
export function payoutBatchCron(schedule: Settings["PAYOUT_SCHEDULE"]): string | null {
  switch (schedule) {
    case "off":
      return null;
    case "weekly":
      return "0 9 * * 1";
    case "monthly":
      return "0 9 1 * *";
  }
}
