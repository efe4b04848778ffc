import type { PrismaClient } from "@fanfare/db";

import { paginate } from "../pagination";
import { isPgBossInstalled, jobErrorMessage } from "./pgboss-tables";

/**
 * Failed jobs (retries exhausted), newest failure first, with the error each one ended with;
 * optionally of one queue. Keyset pages: `cursor` is the id of the last job of the previous page.
 * @returns `{ items, nextCursor }`; empty when no runner has started on this database yet.
 */
export async function listFailedJobs(
  input: { queue?: string; limit: number; cursor?: string | null },
  db: PrismaClient,
) {
  if (!(await isPgBossInstalled(db))) return { items: [], nextCursor: null };
  const queue = input.queue ?? null;
  const cursor = input.cursor ?? null;
  const rows = await db.$queryRaw<
    {
      id: string;
      queue: string;
      data: unknown;
      output: unknown;
      retryCount: number;
      createdOn: Date;
      completedOn: Date | null;
    }[]
  >`
    SELECT j."id"::text AS "id", j."name" AS "queue", j."data", j."output", j."retry_count" AS "retryCount",
           j."created_on" AS "createdOn", j."completed_on" AS "completedOn"
    FROM pgboss.job j
    WHERE j."state" = 'failed'
      AND (${queue}::text IS NULL OR j."name" = ${queue}::text)
      AND (${cursor}::uuid IS NULL OR (j."completed_on", j."id") < (SELECT c."completed_on", c."id" FROM pgboss.job c WHERE c."id" = ${cursor}::uuid LIMIT 1))
    ORDER BY j."completed_on" DESC NULLS LAST, j."id" DESC
    LIMIT ${input.limit + 1}`;
  return paginate(rows, input, ({ output, ...r }) => ({ ...r, error: jobErrorMessage(output) }));
}
