import type { PrismaClient } from "@fanfare/db";

/**
 * pg-boss keeps its queues and jobs in the `pgboss` schema of the app's own database (both on
 * PGlite and on PostgreSQL), so the admin views read them with plain SQL through the app's
 * client: live counts (pg-boss's own `getQueues()` counts are refreshed only once a minute),
 * and no pg-boss instance needed to look.
 */
export async function isPgBossInstalled(db: PrismaClient): Promise<boolean> {
  const [row] = await db.$queryRaw<
    { installed: boolean }[]
  >`SELECT to_regclass('pgboss.job') IS NOT NULL AS "installed"`;
  return row?.installed ?? false;
}

/** pg-boss's job states, in the order a job passes through them. */
export const JOB_STATES = [
  "created",
  "retry",
  "active",
  "completed",
  "cancelled",
  "failed",
] as const;
export type JobState = (typeof JOB_STATES)[number];

/** The error message pg-boss stored as a failed job's output (a serialised Error, or the handler's value). */
export function jobErrorMessage(output: unknown): string {
  if (output && typeof output === "object") {
    const o = output as { message?: unknown; value?: unknown };
    if (typeof o.message === "string") return o.message;
    if (typeof o.value === "string") return o.value;
    return JSON.stringify(output).slice(0, 1000);
  }
  return output == null ? "(no error recorded)" : String(output);
}
