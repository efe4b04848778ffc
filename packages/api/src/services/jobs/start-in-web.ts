import { dbEnv } from "@fanfare/db";

import { jobsEnv } from "./env";
import { startJobs } from "./runner";

/**
 * Called once by the web app at server start (Next's `register()` in instrumentation.ts): runs
 * the job workers in the web process unless WORKERS=off. On the embedded database this is the
 * only place they can run (one process owns PGlite's files). A failure to start is logged, not
 * thrown: the site keeps serving, and the admin jobs page shows that nothing runs.
 */
export async function startJobsInWebProcess(): Promise<void> {
  if (jobsEnv().WORKERS === "off") {
    if (!dbEnv().DATABASE_URL)
      console.warn(
        "[jobs] WORKERS=off on the embedded database: no process will send email or release held commissions (`pnpm worker` needs DATABASE_URL).",
      );
    else
      console.info(
        "[jobs] WORKERS=off: this process only queues jobs; run `pnpm worker` to process them.",
      );
    return;
  }
  try {
    await startJobs({ role: "worker" });
    console.info(
      "[jobs] workers running in the web process (set WORKERS=off to run them with `pnpm worker` instead).",
    );
  } catch (e) {
    console.error("[jobs] the job runner did not start:", e);
  }
}
