/**
 * Next.js calls `register()` once when a server process starts. In the Node.js runtime it starts
 * the background job workers in this process unless WORKERS=off (see
 * packages/api/src/services/jobs/start-in-web.ts): on the embedded database they can run nowhere
 * else, so `npm start` and `pnpm dev` send mail and release held commissions on their own.
 */
export async function register() {
  // Next replaces NEXT_RUNTIME at build time, so the edge bundle drops the Node-only import below
  // (pg-boss, PGlite); it is the one variable that must be read inline for that to work.
  // eslint-disable-next-line no-restricted-properties -- a build-time constant, not configuration
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startJobsInWebProcess } = await import("@fanfare/api/services/jobs/start-in-web");
  await startJobsInWebProcess();
}
