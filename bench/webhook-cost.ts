/**
 * `pnpm --filter @fanfare/bench webhook-cost`: what one webhook completion costs and what it waits
 * on. A fresh PostgreSQL database with the demo seed, WEBHOOK_COST_SALES (2,000) pending sales
 * spread over the seeded ones (`insertPendingSales`), 200 completed as a warm-up, then the rest
 * through `handleProviderEvent`, WEBHOOK_COST_CONCURRENCY (10) at a time, while PostgreSQL's
 * active sessions are sampled every 20 ms (`pg_stat_activity`: what each waits on, or "cpu").
 * Prints completions per second, the CPU of this process and of every PostgreSQL backend per
 * completion (from /proc, so Linux only), and the wait samples. With WEBHOOK_COST_LOG=1 the
 * database logs every statement of the measured run (`log_statement = all`, in PostgreSQL's own
 * log), to count them; that slows the run. Not a test: it prints figures.
 */
import { execSync } from "node:child_process";
import fs from "node:fs";

import { completionEvents, freshPgDatabase, insertPendingSales, seedDemo, withDb } from "./lib";

const sales = Number(process.env.WEBHOOK_COST_SALES ?? 2000);
const concurrency = Number(process.env.WEBHOOK_COST_CONCURRENCY ?? 10);
const warmup = 200;

/** CPU seconds (user + system) of one process, from /proc/<pid>/stat (clock ticks of 1/100 s). */
function processCpu(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
/** CPU seconds of every PostgreSQL server process (backends, WAL writer, checkpointer…). */
function postgresCpu(): number {
  const pids = execSync("pgrep -u postgres postgres").toString().trim().split("\n").map(Number);
  return pids.reduce((sum, pid) => {
    try {
      return sum + processCpu(pid);
    } catch {
      return sum; // a backend that ended meanwhile
    }
  }, 0);
}

const db = await freshPgDatabase(`fanfare_webhook_cost_${process.pid}`);
try {
  seedDemo(db);
  await withDb(db, async (prisma) => {
    const { handleProviderEvent } =
      await import("@fanfare/api/services/checkout/handle-stripe-event");
    const ids = await insertPendingSales(prisma, "wc_", sales, { spread: true });
    const events = (await completionEvents(prisma, ids)).map(
      (e) => JSON.parse(e.body) as Parameters<typeof handleProviderEvent>[0],
    );
    const waits = new Map<string, number>();
    const complete = async (batch: typeof events, sample: boolean) => {
      let next = 0;
      let done = false;
      const sampler = sample
        ? (async () => {
            while (!done) {
              const rows = await prisma.$queryRaw<{ w: string; n: number }[]>`
                SELECT COALESCE(wait_event_type || ':' || wait_event, 'cpu') AS "w", COUNT(*)::int AS "n"
                FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'
                GROUP BY 1`;
              for (const r of rows) waits.set(r.w, (waits.get(r.w) ?? 0) + r.n);
              await new Promise((r) => setTimeout(r, 20));
            }
          })()
        : null;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < batch.length) {
            const e = batch[next++]!;
            const r = await handleProviderEvent(e, prisma);
            if (r.status !== "applied") throw new Error(`${e.id}: ${r.status} (${r.detail})`);
          }
        }),
      );
      done = true;
      await sampler;
      return (performance.now() - started) / 1000;
    };
    await complete(events.slice(0, warmup), false);
    if (process.env.WEBHOOK_COST_LOG === "1") {
      const name = new URL(db.env.DATABASE_URL!).pathname.slice(1);
      await prisma.$executeRawUnsafe(`ALTER DATABASE "${name}" SET log_statement = 'all'`);
      await prisma.$disconnect(); // new sessions take the setting
    }
    const measured = events.slice(warmup);
    const node0 = processCpu(process.pid);
    const pg0 = postgresCpu();
    const seconds = await complete(measured, true);
    const perEvent = (cpu: number) => `${Math.round((cpu * 1e6) / measured.length)} µs`;
    console.log(
      `webhook completions: ${Math.round(measured.length / seconds)}/s (${measured.length} sales, ${concurrency} at once)`,
    );
    console.log(
      `CPU per completion: this process ${perEvent(processCpu(process.pid) - node0)}, PostgreSQL ${perEvent(postgresCpu() - pg0)}`,
    );
    const total = [...waits.values()].reduce((a, b) => a + b, 0);
    console.log("PostgreSQL's active sessions, sampled every 20 ms:");
    for (const [w, n] of [...waits].sort((a, b) => b[1] - a[1]).slice(0, 8))
      console.log(`  ${((100 * n) / total).toFixed(1).padStart(5)} %  ${w}`);
  });
} finally {
  await db.drop();
}
