import type { PrismaClient } from "@fanfare/db";
import { Prisma } from "@fanfare/db";
import { formatMoney } from "@fanfare/email";

import { enqueueEmail } from "../email/outbox";
import { apiEnv } from "../env";
import { ONBOARDING_STEP_CTAS } from "./default-steps";
import { decideDueSteps } from "./due-steps";
import type { OnboardingVariables } from "./fill-template";
import { fillOnboardingTemplate, usesFirstWeekStats } from "./fill-template";
import type { EffectiveOnboardingStep } from "./steps";
import { loadOnboardingSteps } from "./steps";
import { unsubscribePaths } from "./unsubscribe-token";

/** Promoters read per query (keyset pages on the `onboardingStartedAt` index). */
export const ONBOARDING_BATCH_SIZE = 200;
/**
 * How long after its last step a promoter is still looked at, in days: a run after an outage of
 * up to this long still sends (or passes over) the steps that fell due meanwhile. Older
 * sequences are finished and left out of the scan, so a run reads only recent promoters.
 */
export const ONBOARDING_CATCH_UP_DAYS = 7;
/** Promoters one run handles at most; the next run (15 minutes later) goes on with the rest. */
const RUN_LIMIT = 10_000;

const DAY_MS = 86_400_000;

export type OnboardingRunResult = {
  /** Promoters with at least one step due and not recorded. */
  promoters: number;
  /** Emails queued in the outbox. */
  sent: number;
  /** Steps recorded as passed over (sent = false). */
  passedOver: number;
};

type Candidate = {
  id: string;
  userId: string;
  startedAt: Date;
  status: string;
  displayName: string | null;
  email: string;
  name: string | null;
  optedOutAt: Date | null;
  recorded: number[];
};

/**
 * Sends the onboarding emails that are due (issue 14 §8), the `onboarding.send` job's work
 * (every 15 minutes). For each promoter whose sequence started (`onboardingStartedAt`) and who has
 * a step due (`dayOffset` days passed) with no `OnboardingEmailSend` row yet, `decideDueSteps`
 * picks what happens:
 * - an ACTIVE promoter who has not opted out of marketing mail (`User.marketingOptOutAt` null)
 *   gets only the latest due enabled step; earlier unrecorded steps and disabled ones are
 *   recorded as passed over (sent = false), so a late run never sends a burst;
 * - anyone else (suspended, terminated, unsubscribed) gets nothing, and the due steps are
 *   recorded as passed over, never sent later.
 * The send row and the outbox email (idempotency key `onboarding:<promoterId>:<step>`) are
 * written in one transaction and the row is inserted with ON CONFLICT DO NOTHING: of two
 * overlapping runs, the second finds the row and queues nothing, so each step goes out once.
 *
 * Scale: promoters are read in keyset pages of `ONBOARDING_BATCH_SIZE` on the
 * `onboardingStartedAt` index, only those who started within the sequence's last day plus
 * `ONBOARDING_CATCH_UP_DAYS`, and only those with a due step unrecorded (checked in SQL), so a
 * run reads the promoters it has work for and not every promoter ever onboarded.
 * @param input.now the run's clock (UTC; tests walk it day by day); default the current time.
 * @returns counts of promoters handled, emails queued and steps passed over.
 */
export async function sendDueOnboardingEmails(
  input: { now?: Date; batchSize?: number },
  db: PrismaClient,
): Promise<OnboardingRunResult> {
  const now = input.now ?? new Date();
  const batchSize = input.batchSize ?? ONBOARDING_BATCH_SIZE;
  const steps = await loadOnboardingSteps(db);
  const offsets = steps.map((s) => s.dayOffset);
  // Nobody started after this has a step due; nobody started before the window has one left.
  const latestStart = new Date(now.getTime() - Math.min(...offsets) * DAY_MS);
  const windowStart = new Date(
    now.getTime() - (Math.max(...offsets) + ONBOARDING_CATCH_UP_DAYS) * DAY_MS,
  );
  const result: OnboardingRunResult = { promoters: 0, sent: 0, passedOver: 0 };
  let cursor: { at: Date; id: string } | null = null;
  while (result.promoters < RUN_LIMIT) {
    const page = await findCandidates(db, {
      steps,
      now,
      windowStart,
      latestStart,
      cursor,
      limit: batchSize,
    });
    for (const c of page) {
      const outcome = await handlePromoter(db, { candidate: c, steps, now });
      result.promoters++;
      result.sent += outcome.sent ? 1 : 0;
      result.passedOver += outcome.passedOver;
    }
    if (page.length < batchSize) break;
    const last = page[page.length - 1]!;
    cursor = { at: last.startedAt, id: last.id };
  }
  return result;
}

/** One keyset page of promoters with a due step not recorded yet. */
function findCandidates(
  db: PrismaClient,
  q: {
    steps: EffectiveOnboardingStep[];
    now: Date;
    windowStart: Date;
    latestStart: Date;
    cursor: { at: Date; id: string } | null;
    limit: number;
  },
): Promise<Candidate[]> {
  const after = q.cursor
    ? Prisma.sql`AND (p."onboardingStartedAt", p."id") > (${q.cursor.at}, ${q.cursor.id})`
    : Prisma.empty;
  const stepNumbers = q.steps.map((s) => s.step);
  const dayOffsets = q.steps.map((s) => s.dayOffset);
  return db.$queryRaw<Candidate[]>`
    SELECT p."id", p."userId", p."onboardingStartedAt" AS "startedAt", p."status"::text AS "status",
      p."displayName", u."email", u."name", u."marketingOptOutAt" AS "optedOutAt",
      COALESCE((SELECT array_agg(s."step") FROM "OnboardingEmailSend" s WHERE s."promoterId" = p."id"), '{}') AS "recorded"
    FROM "PromoterProfile" p
    JOIN "User" u ON u."id" = p."userId"
    WHERE p."onboardingStartedAt" > ${q.windowStart}
      AND p."onboardingStartedAt" <= ${q.latestStart}
      -- An account made from a receipt (share & earn) waits until its email is confirmed: the
      -- buyer's address is whatever was typed at checkout, so mail goes only to a proven mailbox.
      AND (p."joinedVia" IS DISTINCT FROM 'receipt' OR u."emailVerified" IS NOT NULL)
      ${after}
      AND EXISTS (
        SELECT 1 FROM unnest(${stepNumbers}::int[], ${dayOffsets}::int[]) AS st("step", "dayOffset")
        WHERE p."onboardingStartedAt" + make_interval(days => st."dayOffset") <= ${q.now}
          AND NOT EXISTS (
            SELECT 1 FROM "OnboardingEmailSend" s
            WHERE s."promoterId" = p."id" AND s."step" = st."step"))
    ORDER BY p."onboardingStartedAt", p."id"
    LIMIT ${q.limit}`;
}

/** Records (and for the chosen step queues) what `decideDueSteps` says for one promoter. */
async function handlePromoter(
  db: PrismaClient,
  input: { candidate: Candidate; steps: EffectiveOnboardingStep[]; now: Date },
): Promise<{ sent: boolean; passedOver: number }> {
  const c = input.candidate;
  const decision = decideDueSteps({
    steps: input.steps,
    recorded: new Set(c.recorded),
    startedAt: c.startedAt,
    now: input.now,
    eligible: c.status === "ACTIVE" && c.optedOutAt === null,
  });
  const step = decision.send ? input.steps.find((s) => s.step === decision.send)! : null;
  const variables = step ? await variablesFor(db, c, step, input.now) : null;
  return db.$transaction(async (tx) => {
    let passedOver = 0;
    if (decision.passOver.length)
      passedOver = await tx.$executeRaw`
        INSERT INTO "OnboardingEmailSend" ("promoterId", "step", "sentAt", "sent")
        SELECT ${c.id}, s, ${input.now}, false FROM unnest(${decision.passOver}::int[]) AS s
        ON CONFLICT ("promoterId", "step") DO NOTHING`;
    if (!step || !variables) return { sent: false, passedOver };
    const inserted = await tx.$executeRaw`
      INSERT INTO "OnboardingEmailSend" ("promoterId", "step", "sentAt", "sent")
      VALUES (${c.id}, ${step.step}, ${input.now}, true)
      ON CONFLICT ("promoterId", "step") DO NOTHING`;
    // Another run recorded this step first: it queued the email.
    if (inserted === 0) return { sent: false, passedOver };
    await enqueueEmail(tx, {
      idempotencyKey: `onboarding:${c.id}:${step.step}`,
      to: c.email,
      template: "onboarding-step",
      props: {
        appUrl: apiEnv().APP_URL,
        step: step.step,
        subject: fillOnboardingTemplate(step.subject, variables, { markdown: false }),
        body: fillOnboardingTemplate(step.body, variables, { markdown: true }),
        cta: ONBOARDING_STEP_CTAS[step.step],
        unsubscribe: unsubscribePaths(c.userId),
      },
    });
    return { sent: true, passedOver };
  });
}

/** The variables of one promoter's email; the first-week figures only when the step uses them. */
async function variablesFor(
  db: PrismaClient,
  c: Candidate,
  step: EffectiveOnboardingStep,
  now: Date,
): Promise<OnboardingVariables> {
  const appUrl = apiEnv().APP_URL;
  const link = (path: string) => new URL(path, appUrl).toString();
  const stats =
    usesFirstWeekStats(step.subject) || usesFirstWeekStats(step.body)
      ? await firstWeekStats({ promoterId: c.id, startedAt: c.startedAt, now }, db)
      : { clicks: 0, sales: 0, commissionCents: 0 };
  return {
    name: c.displayName?.trim() || c.name?.trim() || "there",
    dashboardUrl: link("/dashboard/promoter"),
    linksUrl: link("/discover"),
    landingUrl: link("/dashboard/promoter/landing"),
    resourcesUrl: link("/resources"),
    firstWeekClicks: stats.clicks.toLocaleString("en-US"),
    firstWeekSales: stats.sales.toLocaleString("en-US"),
    firstWeekCommission: formatMoney(stats.commissionCents, "usd"),
  };
}

/**
 * A promoter's counted clicks, sales and commission (cents, USD: the platform's currency) from
 * the UTC day their sequence started through the UTC day of `now`, summed from
 * `PromoterDailyStats` (clicks lag the click rollup by seconds; sales and commission are net of
 * reversals, as the dashboard shows them). Day granularity: activity earlier on the start day
 * counts too (a new promoter has none).
 */
export async function firstWeekStats(
  input: { promoterId: string; startedAt: Date; now: Date },
  db: PrismaClient,
): Promise<{ clicks: number; sales: number; commissionCents: number }> {
  const day = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const agg = await db.promoterDailyStats.aggregate({
    where: {
      promoterId: input.promoterId,
      day: { gte: day(input.startedAt), lte: day(input.now) },
    },
    _sum: { clicks: true, sales: true, commissionCents: true },
  });
  return {
    clicks: agg._sum.clicks ?? 0,
    sales: agg._sum.sales ?? 0,
    commissionCents: Math.max(0, agg._sum.commissionCents ?? 0),
  };
}
