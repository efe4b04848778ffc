import { z } from "zod";

import { ZId, ZPageInput, zId } from "@fanfare/validators";

import { listFailedJobs } from "../services/jobs/failed-jobs";
import { getJobsOverview } from "../services/jobs/overview";
import { retryDeadEmail } from "../services/jobs/retry-email";
import { retryFailedJob } from "../services/jobs/retry-job";
import { getJobsClient, requestEmailDelivery } from "../services/jobs/runner";
import { adminProcedure, createTRPCRouter } from "../trpc";

/** pg-boss queue names: letters, digits and . _ - / (e.g. "email.deliver"). */
const ZQueueName = zId("Queue name", 100).regex(
  /^[\w./-]+$/,
  "Queue name may contain letters, digits, '.', '_', '-' and '/'.",
);
/** pg-boss job ids are UUIDs (checked here: the SQL casts them to uuid). */
const ZJobId = zId("Job id").regex(
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  "Job id must be a UUID.",
);

/** The admin jobs page: queues and their counts, failed jobs, dead emails, and their retries. */
export const adminJobsRouter = createTRPCRouter({
  overview: adminProcedure.query(({ ctx }) => getJobsOverview({}, ctx.db)),
  failed: adminProcedure
    .input(
      ZPageInput.extend({ queue: ZQueueName.optional(), cursor: ZJobId.optional().nullable() }),
    )
    .query(({ ctx, input }) => listFailedJobs(input, ctx.db)),
  retry: adminProcedure
    .input(z.object({ queue: ZQueueName, id: ZJobId }))
    .mutation(({ ctx, input }) => retryFailedJob(input, { db: ctx.db, boss: getJobsClient })),
  retryEmail: adminProcedure
    .input(z.object({ id: ZId }))
    .mutation(({ ctx, input }) =>
      retryDeadEmail(input, { db: ctx.db, kick: requestEmailDelivery }),
    ),
});
