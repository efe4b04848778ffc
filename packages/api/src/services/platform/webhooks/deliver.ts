import type { Prisma, PrismaClient } from "@fanfare/db";

import { apiEnv } from "../../env";
import { enqueueEmail } from "../../email/outbox";
import type { AddressPolicy } from "./address-policy";
import { webhookBody } from "./payload";
import { fillPostbackUrl } from "./postback";
import { WEBHOOK_DISABLE_AFTER_SECONDS, webhookRetryDelaySeconds } from "./retry-schedule";
import type { Resolver, SafeFetchResult } from "./safe-fetch";
import { safeFetch } from "./safe-fetch";
import { signingSecrets, signWebhook } from "./signing";

type Tx = Prisma.TransactionClient;

/** How often each worker process asks for a webhook run (`webhooks.deliver`), in seconds. */
export const WEBHOOKS_TICK_SECONDS = 5;
/**
 * A claimed delivery is someone's for this long, in seconds: its `nextAttemptAt` is moved this far
 * ahead when claimed, so no other run takes it while it is being sent; if the sender dies, the
 * delivery is due again after it. Far longer than one request may take (10 s).
 */
export const WEBHOOK_SEND_LEASE_SECONDS = 120;
/** Deliveries claimed per statement (at most one per endpoint); they are sent side by side. */
const CLAIM_BATCH = 10;
/**
 * Candidates (one per endpoint) a claim considers per delivery it may take: the spares let a run
 * whose first candidates another run has just claimed still fill its batch from other endpoints.
 */
const CLAIM_CANDIDATES_PER_SLOT = 3;
/** Deliveries one run sends at most (the next run, seconds later, takes the rest). */
const RUN_LIMIT = 200;
/** Events one fan-out statement takes. */
const FANOUT_BATCH = 500;

/** What a run works against; tests pass a fixed clock, a policy and a resolver. */
export type WebhookDeliverDeps = {
  db: PrismaClient;
  /** The clock of the run (every attempt is stamped with it); default the current time. */
  now?: Date;
  /** Default `defaultAddressPolicy()` (safe-fetch.ts). */
  policy?: AddressPolicy;
  resolver?: Resolver;
  timeoutMs?: number;
};

export type WebhookRunResult = {
  /** Events fanned out, and deliveries made for them. */
  events: number;
  deliveries: number;
  /** Deliveries attempted, and what came of them. */
  attempted: number;
  succeeded: number;
  retrying: number;
  failed: number;
  /** Endpoints disabled after 3 days of failures. */
  disabled: number;
};

/**
 * Turns undispatched events into deliveries (the fan-out): one statement per 500 events takes the
 * oldest events not yet dispatched (`FOR UPDATE SKIP LOCKED`: concurrent runs take disjoint
 * events), inserts one PENDING delivery, due at once, per enabled endpoint of the event's user
 * subscribed to its type, and marks the events dispatched. An event whose user has no such
 * endpoint any more is marked dispatched with no delivery; so is an event of a user whose
 * promoter profile is TERMINATED (termination is final, promoter-status.ts: their deliveries
 * could never be sent, and would only wait). A SUSPENDED user's deliveries are made and wait
 * (`claimDueDeliveries`; `pruneWebhookLog` fails them after the 3-day retry window). Loops until
 * a batch comes back short.
 * @returns events dispatched and deliveries made.
 */
export async function fanOutWebhookEvents(
  db: PrismaClient,
  now: Date,
): Promise<{ events: number; deliveries: number }> {
  const at = now.toISOString();
  const total = { events: 0, deliveries: 0 };
  for (;;) {
    const [row] = await db.$queryRaw<{ events: number; deliveries: number }[]>`
      WITH ev AS (
        SELECT "id", "userId", "type" FROM "WebhookEvent"
        WHERE "dispatchedAt" IS NULL
        ORDER BY "createdAt", "id"
        LIMIT ${FANOUT_BATCH}::int
        FOR UPDATE SKIP LOCKED
      ), made AS (
        INSERT INTO "WebhookDelivery" ("id", "eventId", "endpointId", "status", "attempts", "nextAttemptAt", "manual", "createdAt")
        SELECT replace(gen_random_uuid()::text, '-', ''), ev."id", e."id", 'PENDING', 0, ${at}::timestamp(3), false, ${at}::timestamp(3)
        FROM ev JOIN "WebhookEndpoint" e
          ON e."userId" = ev."userId" AND e."disabledAt" IS NULL AND ev."type" = ANY (e."events")
        WHERE NOT EXISTS (
          SELECT 1 FROM "PromoterProfile" p
          WHERE p."userId" = e."userId" AND p."status" = 'TERMINATED')
        RETURNING 1
      ), done AS (
        UPDATE "WebhookEvent" w SET "dispatchedAt" = ${at}::timestamp(3)
        FROM ev WHERE w."id" = ev."id"
        RETURNING 1
      )
      SELECT (SELECT count(*)::int FROM done) AS "events", (SELECT count(*)::int FROM made) AS "deliveries"`;
    total.events += row?.events ?? 0;
    total.deliveries += row?.deliveries ?? 0;
    if ((row?.events ?? 0) < FANOUT_BATCH) return total;
  }
}

type Claimed = { id: string; attempts: number };

/**
 * Claims due deliveries in one statement: PENDING, `nextAttemptAt` passed, the endpoint enabled,
 * and its owner not paused (a promoter profile SUSPENDED or TERMINATED: issue 15 §1, "webhooks of
 * suspended or terminated users are paused"; their deliveries wait until `pruneWebhookLog` fails
 * them). Each claimed row gets one more attempt and `nextAttemptAt = now + lease`, so no other run
 * (any process: `FOR UPDATE SKIP LOCKED`) sends it meanwhile.
 *
 * Fair across endpoints: at most one delivery per endpoint per claim, so one tenant's backlog (or
 * slow receiver) cannot hold every slot of a batch while others' deliveries wait behind it. The
 * candidates are each endpoint's most overdue delivery (`DISTINCT ON`, read without a lock:
 * PostgreSQL allows no `FOR UPDATE` with `DISTINCT`), most overdue first; the claim then locks
 * the first `n` of them that are still due and not locked by another run.
 * @param n deliveries to claim at most.
 * @returns the claimed deliveries with their attempt number (this attempt included).
 */
function claimDueDeliveries(db: PrismaClient, now: Date, n: number): Promise<Claimed[]> {
  const at = now.toISOString();
  const leaseUntil = new Date(now.getTime() + WEBHOOK_SEND_LEASE_SECONDS * 1000).toISOString();
  return db.$queryRaw<Claimed[]>`
    UPDATE "WebhookDelivery" d SET "attempts" = d."attempts" + 1, "nextAttemptAt" = ${leaseUntil}::timestamp(3)
    WHERE d."id" IN (
      SELECT d3."id" FROM "WebhookDelivery" d3
      WHERE d3."id" = ANY (ARRAY(
          SELECT c."id" FROM (
            SELECT DISTINCT ON (d2."endpointId") d2."id", d2."nextAttemptAt"
            FROM "WebhookDelivery" d2
            JOIN "WebhookEndpoint" e ON e."id" = d2."endpointId"
            WHERE d2."status" = 'PENDING' AND d2."nextAttemptAt" <= ${at}::timestamp(3)
              AND e."disabledAt" IS NULL
              AND NOT EXISTS (
                SELECT 1 FROM "PromoterProfile" p
                WHERE p."userId" = e."userId" AND p."status" IN ('SUSPENDED', 'TERMINATED'))
            ORDER BY d2."endpointId", d2."nextAttemptAt", d2."id"
          ) c
          ORDER BY c."nextAttemptAt", c."id"
          LIMIT ${n * CLAIM_CANDIDATES_PER_SLOT}::int))
        -- Re-checked on the locked row: another run may have claimed it since the read above.
        AND d3."status" = 'PENDING' AND d3."nextAttemptAt" <= ${at}::timestamp(3)
      ORDER BY d3."nextAttemptAt", d3."id"
      LIMIT ${n}::int
      FOR UPDATE SKIP LOCKED)
    RETURNING d."id", d."attempts"`;
}

/**
 * Runs the webhooks: fans out new events (`fanOutWebhookEvents`), then sends due deliveries, up
 * to 200 per run in claims of up to 10, at most one per endpoint (`claimDueDeliveries`), sent
 * side by side (`attemptClaimedDelivery` each). No network I/O ever holds a database transaction
 * or lock: a claim is a short statement, the request runs after it, and the outcome is written in
 * a second short transaction guarded by the claim. The `webhooks.deliver` job calls it every 5
 * seconds per worker; the queue is stately, so runs never overlap in one process, and claims keep
 * concurrent processes apart.
 * @returns what the run did.
 */
export async function deliverDueWebhooks(deps: WebhookDeliverDeps): Promise<WebhookRunResult> {
  const clock = () => deps.now ?? new Date();
  const fanned = await fanOutWebhookEvents(deps.db, clock());
  const result: WebhookRunResult = {
    ...fanned,
    attempted: 0,
    succeeded: 0,
    retrying: 0,
    failed: 0,
    disabled: 0,
  };
  const started = performance.now();
  while (result.attempted < RUN_LIMIT) {
    // Stop claiming once half a lease has gone, so no claim held by this run can run out.
    if (performance.now() - started > (WEBHOOK_SEND_LEASE_SECONDS * 1000) / 2) break;
    const claimed = await claimDueDeliveries(
      deps.db,
      clock(),
      Math.min(CLAIM_BATCH, RUN_LIMIT - result.attempted),
    );
    if (!claimed.length) break;
    result.attempted += claimed.length;
    const outcomes = await Promise.all(claimed.map((c) => attemptClaimedDelivery(c, deps)));
    for (const o of outcomes) {
      if (o.outcome !== "lost") result[o.outcome]++;
      if (o.disabledEndpoint) result.disabled++;
    }
  }
  return result;
}

export type AttemptOutcome = {
  outcome: "succeeded" | "retrying" | "failed" | "lost";
  /** The endpoint was disabled by this failure (3 days of failures). */
  disabledEndpoint: boolean;
  result: SafeFetchResult | null;
};

/**
 * Sends one claimed delivery and records the attempt. A webhook is a POST of the event's body
 * (`webhookBody`) signed with the endpoint's secrets (`signWebhook`: `webhook-id` stable across
 * retries, `webhook-timestamp` of this attempt); a postback is a GET of its URL template filled
 * from the event (`fillPostbackUrl`). Then, in one transaction guarded by the claim (PENDING with
 * the attempt count claimed; a sender whose lease ran out writes nothing):
 * - the attempt is logged (status, latency, first 1,024 characters of the body, error);
 * - 2xx: the delivery SUCCEEDED, and the endpoint's `failingSince` cleared;
 * - otherwise a manual delivery (replay, test) is FAILED at once; an automatic one is due again
 *   after `webhookRetryDelaySeconds(attempts)` or FAILED when the schedule is over, and the
 *   endpoint's `failingSince` is set if it was not; once it is 3 days old the endpoint is
 *   disabled (`disableWebhookEndpoint`, with the owner's email). Manual deliveries never touch
 *   the endpoint's failure state.
 */
export async function attemptClaimedDelivery(
  claimed: Claimed,
  deps: WebhookDeliverDeps,
): Promise<AttemptOutcome> {
  const { db } = deps;
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: claimed.id },
    select: {
      id: true,
      manual: true,
      event: { select: { id: true, type: true, payload: true, createdAt: true } },
      endpoint: {
        select: {
          id: true,
          kind: true,
          url: true,
          secret: true,
          previousSecret: true,
          previousSecretExpiresAt: true,
        },
      },
    },
  });
  if (!delivery) return { outcome: "lost", disabledEndpoint: false, result: null };
  const { event, endpoint } = delivery;
  const sentAt = deps.now ?? new Date();
  const data = (event.payload ?? {}) as Record<string, unknown>;
  const result =
    endpoint.kind === "postback"
      ? await safeFetch({
          url: fillPostbackUrl(endpoint.url, event.type, data),
          method: "GET",
          policy: deps.policy,
          resolver: deps.resolver,
          timeoutMs: deps.timeoutMs,
        })
      : await (async () => {
          const body = webhookBody(event);
          return safeFetch({
            url: endpoint.url,
            method: "POST",
            headers: {
              "content-type": "application/json",
              ...signWebhook({
                eventId: event.id,
                body,
                at: sentAt,
                secrets: signingSecrets(endpoint, sentAt),
              }),
            },
            body,
            policy: deps.policy,
            resolver: deps.resolver,
            timeoutMs: deps.timeoutMs,
          });
        })();
  const at = deps.now ?? new Date();
  const recorded = await db.$transaction(
    (tx) =>
      recordAttempt(tx, { claimed, manual: delivery.manual, endpointId: endpoint.id, result, at }),
    { maxWait: 30_000, timeout: 60_000 },
  );
  return { ...recorded, result };
}

async function recordAttempt(
  tx: Tx,
  input: {
    claimed: Claimed;
    manual: boolean;
    endpointId: string;
    result: SafeFetchResult;
    at: Date;
  },
): Promise<Omit<AttemptOutcome, "result">> {
  const { claimed, manual, result, at } = input;
  const lastError = result.error ?? (result.ok ? null : `HTTP ${result.status}`);
  const delay = result.ok || manual ? null : webhookRetryDelaySeconds(claimed.attempts);
  const outcome: AttemptOutcome["outcome"] = result.ok
    ? "succeeded"
    : delay === null
      ? "failed"
      : "retrying";
  const mine = await tx.webhookDelivery.updateMany({
    where: { id: claimed.id, status: "PENDING", attempts: claimed.attempts },
    data: {
      status: outcome === "succeeded" ? "SUCCEEDED" : outcome === "failed" ? "FAILED" : "PENDING",
      nextAttemptAt: delay === null ? null : new Date(at.getTime() + delay * 1000),
      lastStatus: result.status,
      lastError: lastError?.slice(0, 1000) ?? null,
      deliveredAt: result.ok ? at : undefined,
    },
  });
  if (mine.count === 0) return { outcome: "lost", disabledEndpoint: false };
  await tx.webhookAttempt.create({
    data: {
      deliveryId: claimed.id,
      attempt: claimed.attempts,
      at,
      status: result.status,
      latencyMs: result.latencyMs,
      responseHead: result.responseHead,
      // "HTTP 500" would only repeat the status; refusals, timeouts and redirects say more.
      error:
        result.error === `HTTP ${result.status}` ? null : (result.error?.slice(0, 1000) ?? null),
    },
  });
  if (manual) return { outcome, disabledEndpoint: false };
  if (result.ok) {
    await tx.webhookEndpoint.updateMany({
      where: { id: input.endpointId, failingSince: { not: null } },
      data: { failingSince: null },
    });
    return { outcome, disabledEndpoint: false };
  }
  const [endpoint] = await tx.$queryRaw<{ failingSince: Date }[]>`
    UPDATE "WebhookEndpoint" SET "failingSince" = COALESCE("failingSince", ${at.toISOString()}::timestamp(3))
    WHERE "id" = ${input.endpointId} AND "disabledAt" IS NULL
    RETURNING "failingSince"`;
  if (!endpoint) return { outcome, disabledEndpoint: false };
  const failingFor = (at.getTime() - endpoint.failingSince.getTime()) / 1000;
  if (failingFor < WEBHOOK_DISABLE_AFTER_SECONDS) return { outcome, disabledEndpoint: false };
  const disabled = await disableWebhookEndpoint(tx, {
    endpointId: input.endpointId,
    reason: `Deliveries failed for 3 days (last: ${lastError ?? "no response"}).`,
    at,
    notify: { failingSince: endpoint.failingSince, lastError: lastError ?? "No response" },
  });
  return { outcome: disabled ? "failed" : outcome, disabledEndpoint: disabled };
}

/** How an endpoint is named in mail and lists: host and path, without the query (it may hold a token). */
export function endpointLabel(url: string): string {
  try {
    const u = new URL(url.replace(/\{[a-z_]+\}/g, "x"));
    const path = u.pathname === "/" ? "" : u.pathname;
    const label = `${u.host}${path}`;
    return label.length > 120 ? `${label.slice(0, 119)}…` : label;
  } catch {
    return url.slice(0, 120);
  }
}

/**
 * Disables an endpoint (its owner's switch, or 3 days of failures): `disabledAt`, the reason, and
 * every PENDING delivery of it FAILED ("Endpoint disabled"), so re-enabling it sends nothing old
 * (the owner may replay from the log). With `notify`, the owner is emailed (`webhook-disabled`,
 * through the outbox, once per disabling). Idempotent: an endpoint already disabled is left as it is.
 * @returns whether this call disabled it.
 */
export async function disableWebhookEndpoint(
  tx: Tx,
  input: {
    endpointId: string;
    reason: string;
    at: Date;
    notify?: { failingSince: Date; lastError: string };
  },
): Promise<boolean> {
  const changed = await tx.webhookEndpoint.updateMany({
    where: { id: input.endpointId, disabledAt: null },
    data: { disabledAt: input.at, disabledReason: input.reason.slice(0, 500), failingSince: null },
  });
  if (changed.count === 0) return false;
  await tx.webhookDelivery.updateMany({
    where: { endpointId: input.endpointId, status: "PENDING" },
    data: { status: "FAILED", nextAttemptAt: null, lastError: "Endpoint disabled." },
  });
  if (input.notify) {
    const endpoint = await tx.webhookEndpoint.findUniqueOrThrow({
      where: { id: input.endpointId },
      select: { url: true, kind: true, user: { select: { email: true, name: true } } },
    });
    await enqueueEmail(tx, {
      idempotencyKey: `webhook-disabled:${input.endpointId}:${input.at.toISOString()}`,
      to: endpoint.user.email,
      template: "webhook-disabled",
      props: {
        appUrl: apiEnv().APP_URL,
        name: endpoint.user.name,
        endpointId: input.endpointId,
        endpointLabel: endpointLabel(endpoint.url),
        kind: endpoint.kind === "postback" ? "postback" : "webhook",
        failingSince: input.notify.failingSince,
        disabledAt: input.at,
        lastError: input.notify.lastError.slice(0, 500),
      },
    });
  }
  return true;
}
