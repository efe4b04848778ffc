import type { PrismaClient } from "@fanfare/db";
import type { PgBoss } from "pg-boss";

import { AppError } from "../app-error";
import { isPgBossInstalled } from "./pgboss-tables";

/**
 * Retries a failed job: pg-boss puts it back in its queue with its data, and a worker runs it
 * again (the handlers are idempotent, so a retry never does twice what was done).
 * @param deps.boss the pg-boss to retry through (asked for only once the job is found).
 * @throws AppError NOT_FOUND when the queue has no job with that id; CONFLICT when the job is not failed.
 */
export async function retryFailedJob(
  input: { queue: string; id: string },
  deps: { db: PrismaClient; boss: () => Promise<PgBoss> },
) {
  const [job] = (await isPgBossInstalled(deps.db))
    ? await deps.db.$queryRaw<
        { state: string }[]
      >`SELECT "state"::text AS "state" FROM pgboss.job WHERE "name" = ${input.queue} AND "id" = ${input.id}::uuid`
    : [];
  if (!job)
    throw new AppError("NOT_FOUND", `Job ${input.id} was not found in queue ${input.queue}.`, {
      field: "id",
    });
  if (job.state !== "failed")
    throw new AppError(
      "CONFLICT",
      `Job ${input.id} of queue ${input.queue} is ${job.state}: only failed jobs can be retried.`,
    );
  const boss = await deps.boss();
  // Typed as an empty interface in pg-boss 12.38; at run time it is { jobs, requested, affected }.
  const r = (await boss.retry(input.queue, input.id)) as { affected?: number };
  // Another admin retried it between our read and pg-boss's update.
  if (!r.affected)
    throw new AppError(
      "CONFLICT",
      `Job ${input.id} of queue ${input.queue} is no longer failed: it was retried already.`,
    );
  return { queue: input.queue, id: input.id, state: "retry" as const };
}
