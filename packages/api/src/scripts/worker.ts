/**
 * `pnpm worker`: runs the background jobs (outbox delivery, hold release, payout batch and
 * reconciliation) in a process of their own, next to a web process started with WORKERS=off.
 * Any number may run at once: pg-boss gives each job to one worker and every job is idempotent.
 * PostgreSQL only (DATABASE_URL): the embedded PGlite database belongs to the one process that
 * opened it, and there the web process already runs the workers. SIGTERM or SIGINT stops it
 * gracefully: no new jobs are taken, running ones finish (up to 30 s).
 */
import { closeDb, dbEnv, getDbHandle } from "@fanfare/db";

import { startCacheTagChannel } from "../services/cache/tag-channel";
import { JOB_NAMES } from "../services/jobs/queues";
import { startJobs, stopJobs } from "../services/jobs/runner";

if (!dbEnv().DATABASE_URL) {
  console.error(
    "worker: refusing to start on the embedded database. PGlite's files belong to one process, and the web process (pnpm dev, npm start) already runs the workers there. Set DATABASE_URL to a PostgreSQL database to run workers on their own (and WORKERS=off on the web process).",
  );
  process.exit(1);
}

// Public pages a job changes are expired in every web process (no page cache here).
startCacheTagChannel({ url: dbEnv().DATABASE_URL, getDbHandle });
await startJobs({ role: "worker" });
console.log(
  `worker: running ${JOB_NAMES.join(", ")} (pid ${process.pid}); SIGTERM or Ctrl-C stops it gracefully.`,
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`worker: ${signal} received, finishing running jobs…`);
  let code = 0;
  try {
    await stopJobs();
    await closeDb();
  } catch (e) {
    console.error("worker: stopping failed:", e);
    code = 1;
  }
  console.log("worker: stopped.");
  process.exit(code);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
