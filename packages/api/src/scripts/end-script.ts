import { closeDb } from "@fanfare/db";

import { stopJobs } from "../services/jobs/runner";

/**
 * Ends a command-line script (`pnpm payouts:batch`, `payouts:reconcile`, `ledger:verify`, the
 * seed): stops this process's pg-boss client, then closes the database. Queueing a job starts
 * that client (`sendJob` always, `sendJobForDb` with WORKERS=off, as on a host whose web
 * processes run without workers), and its timers would otherwise keep the script running for
 * ever after its work is done: a cron'd `payouts:batch` that paid someone never exited.
 */
export async function endScript(): Promise<void> {
  await stopJobs({ timeoutMs: 5_000 });
  await closeDb();
}
