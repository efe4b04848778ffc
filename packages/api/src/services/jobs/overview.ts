import type { EmailStatus, PrismaClient } from "@fanfare/db";

import type { JobState } from "./pgboss-tables";
import { isPgBossInstalled, JOB_STATES } from "./pgboss-tables";
import { JOBS } from "./queues";

const EMAIL_STATUSES = [
  "QUEUED",
  "SENDING",
  "SENT",
  "FAILED",
  "DEAD",
] as const satisfies readonly EmailStatus[];

export type QueueOverview = {
  name: string;
  description: string | null;
  counts: Record<JobState, number>;
};

/**
 * The jobs page: every queue with its jobs counted by state (pg-boss's internal queues left
 * out), the email outbox counted by status, and the DEAD emails (newest first, at most
 * `deadLimit`, default 50) with the error that killed them.
 * @returns `installed: false` and empty queues when no runner has started on this database yet.
 */
export async function getJobsOverview(input: { deadLimit?: number }, db: PrismaClient) {
  const installed = await isPgBossInstalled(db);
  const rows = installed
    ? await db.$queryRaw<{ name: string; state: JobState | null; n: number }[]>`
        SELECT q."name", j."state"::text AS "state", count(j."id")::int AS "n"
        FROM pgboss.queue q LEFT JOIN pgboss.job j ON j."name" = q."name"
        WHERE NOT starts_with(q."name", '__pgboss')
        GROUP BY q."name", j."state"`
    : [];
  const queues = new Map<string, QueueOverview>();
  const empty = () => Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  for (const job of JOBS)
    queues.set(job.name, { name: job.name, description: job.description, counts: empty() });
  for (const r of rows) {
    const q = queues.get(r.name) ?? { name: r.name, description: null, counts: empty() };
    if (r.state) q.counts[r.state] = r.n;
    queues.set(r.name, q);
  }
  const [byStatus, dead] = await Promise.all([
    db.emailOutbox.groupBy({ by: ["status"], _count: { _all: true } }),
    db.emailOutbox.findMany({
      where: { status: "DEAD" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: input.deadLimit ?? 50,
      select: {
        id: true,
        to: true,
        subject: true,
        template: true,
        attempts: true,
        error: true,
        createdAt: true,
        nextAttemptAt: true,
      },
    }),
  ]);
  const emailCounts = Object.fromEntries(
    EMAIL_STATUSES.map((s) => [s, byStatus.find((b) => b.status === s)?._count._all ?? 0]),
  ) as Record<EmailStatus, number>;
  return { installed, queues: [...queues.values()], emails: { counts: emailCounts, dead } };
}
