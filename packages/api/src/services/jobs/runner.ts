import type { DbHandle, PrismaClient } from "@fanfare/db";
import { dbEnv, getDb, getDbHandle } from "@fanfare/db";
import type { SendOptions } from "pg-boss";
import { fromPglite, PgBoss } from "pg-boss";

import { getSettings } from "../settings/settings";
import { jobsEnv } from "./env";
import type { JobDeps } from "./handlers";
import { discountStripeSyncRequest } from "./handlers";
import type { JobName } from "./queues";
import {
  CLICKS_ROLLUP_TICK_SECONDS,
  CRON,
  EMAIL_DELIVER_TICK_SECONDS,
  JOB_NAMES,
  JOBS,
  payoutBatchCron,
  WEBHOOKS_TICK_SECONDS,
} from "./queues";

/**
 * "worker": creates the queues, processes jobs and keeps the cron schedules (the web process
 * unless WORKERS=off, and every `pnpm worker`). "client": only queues jobs and answers the admin
 * page (the web process with WORKERS=off).
 */
export type JobsRole = "worker" | "client";

/**
 * The database pg-boss works in: the app's own PGlite instance on the embedded default (pg-boss
 * shares its one connection), or a PostgreSQL URL (pg-boss opens its own small pool). Its tables
 * live in the `pgboss` schema beside the app's.
 */
export type JobsDatabase = { pglite?: DbHandle["pglite"]; url?: string };

export type JobRunner = { boss: PgBoss; role: JobsRole; db: PrismaClient };

type RunnerState = JobRunner & { timers: NodeJS.Timeout[] };
type GlobalJobs = { current?: Promise<RunnerState> };
// One runner per process, shared across Next's bundles (instrumentation, route handlers and
// server components may each load this module).
const globalForJobs = globalThis as unknown as { __fanfareJobs?: GlobalJobs };
const state = () => (globalForJobs.__fanfareJobs ??= {});

/**
 * Starts the process's job runner: pg-boss on the app's database, its queues created, and for
 * the "worker" role a worker per queue, the cron schedules and the ticks (outbox every 5 s,
 * click rollup every 2 s, webhooks every 5 s). Idempotent: a
 * second call (even concurrent) returns the same runner; asking for "worker" when a "client"
 * runs replaces it. Several worker processes may run at once: pg-boss hands each job to one
 * worker (SKIP LOCKED), cron occurrences are sent once, and the handlers are idempotent.
 * @param opts.db the app's client (default `getDb()`); `database` where pg-boss connects (default:
 *   the PGlite instance behind `getDb()`, or DATABASE_URL); `deps` overrides for the handlers (tests).
 * @throws Error when pg-boss cannot install or reach its schema.
 */
export async function startJobs(opts: {
  db?: PrismaClient;
  role: JobsRole;
  database?: JobsDatabase;
  deps?: Omit<JobDeps, "db" | "now">;
}): Promise<JobRunner> {
  const g = state();
  if (g.current) {
    const running = await g.current.catch(() => undefined);
    if (running && (running.role === "worker" || opts.role === "client")) return running;
    if (running) await stopJobs();
  }
  g.current ??= start(opts).catch((e: unknown) => {
    g.current = undefined;
    throw e;
  });
  return g.current;
}

async function start(opts: {
  db?: PrismaClient;
  role: JobsRole;
  database?: JobsDatabase;
  deps?: Omit<JobDeps, "db" | "now">;
}): Promise<RunnerState> {
  const db = opts.db ?? (await getDb());
  const database = opts.database ?? (await defaultDatabase());
  const worker = opts.role === "worker";
  const common = { schedule: worker, supervise: worker, application_name: `fanfare-${opts.role}` };
  const boss = database.pglite
    ? new PgBoss({ ...common, db: fromPglite(database.pglite), backend: "pglite" })
    : new PgBoss({ ...common, connectionString: requireUrl(database.url), max: worker ? 4 : 2 });
  // pg-boss reports background failures (maintenance, polling) as events; unhandled, an
  // EventEmitter "error" would crash the web process.
  boss.on("error", (e) => console.error("[jobs] pg-boss:", e));
  await boss.start();
  for (const job of JOBS) await boss.createQueue(job.name, job.queue);
  const timers: NodeJS.Timeout[] = [];
  if (worker) {
    const send: JobDeps["send"] = (name, data, options) => boss.send(name, data, options ?? {});
    for (const job of JOBS) {
      await boss.work(
        job.name,
        { pollingIntervalSeconds: job.pollingIntervalSeconds, batchSize: 1 },
        async (jobs) => {
          let output: unknown;
          for (const j of jobs) output = await job.run({ ...opts.deps, db, send }, j.data);
          return output;
        },
      );
    }
    for (const [name, cron] of Object.entries(CRON))
      await boss.schedule(name, cron, null, { tz: "UTC" });
    await syncPayoutSchedule(boss);
    // Cron's finest grain is a minute; mail should leave and clicks show within seconds. Every
    // process ticks; the stately queue keeps at most one run waiting, so N processes do not make
    // N runs.
    const ticks: [JobName, number][] = [
      ["email.deliver", EMAIL_DELIVER_TICK_SECONDS],
      ["clicks.rollup", CLICKS_ROLLUP_TICK_SECONDS],
      ["webhooks.deliver", WEBHOOKS_TICK_SECONDS],
    ];
    for (const [name, seconds] of ticks) {
      const tick = () =>
        void boss.send(name, null).catch((e: unknown) => console.error(`[jobs] ${name} tick:`, e));
      tick();
      timers.push(setInterval(tick, seconds * 1000).unref());
    }
  }
  return { boss, role: opts.role, db, timers };
}

/**
 * Applies the PAYOUT_SCHEDULE setting to the `payouts.batch` cron: weekly or monthly sets it,
 * "off" removes it. Runs at start; the admin settings page calls it again after a change.
 */
export async function syncPayoutSchedule(boss: PgBoss): Promise<string | null> {
  const cron = payoutBatchCron((await getSettings()).PAYOUT_SCHEDULE);
  if (cron) await boss.schedule("payouts.batch", cron, null, { tz: "UTC" });
  else await boss.unschedule("payouts.batch");
  return cron;
}

/**
 * Stops the process's runner, if any: no new jobs are fetched, running ones may finish (up to
 * `timeoutMs`, default 30 s), timers are cleared. The database itself stays open.
 */
export async function stopJobs(opts: { timeoutMs?: number } = {}): Promise<void> {
  const g = state();
  const current = g.current;
  if (!current) return;
  g.current = undefined;
  const runner = await current.catch(() => undefined);
  if (!runner) return;
  for (const t of runner.timers) clearInterval(t);
  await runner.boss.stop({ graceful: true, timeout: opts.timeoutMs ?? 30_000 });
}

/** The running runner's pg-boss, or a "client" one started on the process's database. */
export async function getJobsClient(): Promise<PgBoss> {
  return (await startJobs({ role: "client" })).boss;
}

/**
 * Queues a job. Queues outside JOB_NAMES (later features) are created on first use.
 * @returns the job's id, or null when the queue's policy dropped it (a stately queue that
 *   already has one waiting, a singleton key already taken).
 */
export async function sendJob(
  name: JobName | (string & {}),
  data: object | null = null,
  opts: SendOptions = {},
): Promise<string | null> {
  const boss = await getJobsClient();
  if (!(JOB_NAMES as readonly string[]).includes(name)) await boss.createQueue(name);
  return boss.send(name, data, opts);
}

/** Asks for an outbox run now (after queueing mail) instead of at the next tick; never throws. */
export async function requestEmailDelivery(): Promise<void> {
  await sendJob("email.deliver").catch((e: unknown) =>
    console.error("[jobs] email.deliver request:", e),
  );
}

/**
 * Queues a job caused by a request that wrote to `db`, on the pg-boss of this process's runner
 * when that runner works on `db`. With WORKERS=off the process has no workers and starts its
 * "client" runner (on the process's database) on first use, as `sendJob` does. A process with no
 * runner (a test, a script) or whose runner works on another database (a test's own) queues
 * nothing: starting one would open the process's default database, not `db`.
 * @returns the job's id; null when nothing was queued or the queue's policy dropped it.
 */
export async function sendJobForDb(
  db: PrismaClient,
  name: JobName,
  data: object | null,
  options: SendOptions,
): Promise<string | null> {
  const running = await state().current?.catch(() => undefined);
  const runner =
    running ?? (jobsEnv().WORKERS === "off" ? await startJobs({ role: "client" }) : undefined);
  if (!runner || runner.db !== db) return null;
  return runner.boss.send(name, data, options);
}

/**
 * Asks for a `discount.stripe-sync` of a code just created or changed (issue 12 §1): its Stripe
 * mirror follows within seconds. Never throws: the code is saved whatever the queue says; a code
 * left without a mirror is picked up by the hourly `discount.expire` run.
 */
export async function requestDiscountStripeSync(db: PrismaClient, codeId: string): Promise<void> {
  const job = discountStripeSyncRequest(codeId);
  await sendJobForDb(db, job.name, job.data, job.options).catch((e: unknown) =>
    console.error(`[jobs] discount.stripe-sync request for ${codeId}:`, e),
  );
}

async function defaultDatabase(): Promise<JobsDatabase> {
  const handle = await getDbHandle();
  return handle.kind === "pglite" ? { pglite: handle.pglite } : { url: dbEnv().DATABASE_URL };
}

function requireUrl(url: string | undefined): string {
  if (!url)
    throw new Error(
      "The job runner needs the PGlite instance or a PostgreSQL URL; it got neither.",
    );
  return url;
}
