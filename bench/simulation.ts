/**
 * The big run of the money simulation (packages/api/src/sim/simulate.ts), bigger than CI's
 * 200 seeds x 500 events: by default 100 seeds x 2,000 events, twice the events, each seed four
 * times longer (longer runs reach deeper states: sales refunded after several payouts,
 * clawbacks netted by later payouts, disputes closing long after they opened) against PostgreSQL
 * (DATABASE_URL, default the local server), in SIM_LANES parallel processes (default 4, each with
 * its own database and Stripe mock, so every seed stays deterministic). The ledger invariants
 * are checked after every event and `ledger:verify` after each seed. Prints throughput and what
 * the runs exercised; exits 1 and names the seed on the first broken invariant (replay it with
 * SIM_SEED=<n> in the API tests).
 *
 *   pnpm --filter @fanfare/bench simulation                     # 100 x 2000, 4 lanes
 *   SIM_SEEDS=200 SIM_STEPS=500 SIM_LANES=1 pnpm --filter @fanfare/bench simulation
 *   SIM_TIMING=1 ...                                            # milliseconds by action per seed
 */
import { fork } from "node:child_process";

import { setupServer } from "msw/node";

import { resetDatabase, simulate } from "@fanfare/api/sim/simulate";
import { createTestDb, prepareTestTemplate } from "@fanfare/db/testing";
import { createStripeProvider } from "@fanfare/payments";
import { createStripeMock } from "@fanfare/payments/testing/stripe-mock";

process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
const seeds = Number(process.env.SIM_SEEDS ?? 100);
const steps = Number(process.env.SIM_STEPS ?? 2000);
const first = Number(process.env.SIM_FIRST_SEED ?? 1);
const lanes = Math.max(1, Math.min(seeds, Number(process.env.SIM_LANES ?? 4)));
const lane = process.env.SIM_LANE === undefined ? null : Number(process.env.SIM_LANE);

type Totals = Record<string, number>;

/** Runs every `lanes`-th seed from `first + lane` in this process; returns what they exercised. */
async function runLane(laneIndex: number): Promise<Totals> {
  const stripe = createStripeMock();
  const server = setupServer(...stripe.handlers);
  server.listen({ onUnhandledRequest: "error" });
  const payments = createStripeProvider({
    secretKey: "sk_test_fanfare_bench",
    webhookSecret: "whsec_test_bench",
  });
  const t = await createTestDb();
  const totals: Totals = {};
  const started = performance.now();
  let done = 0;
  try {
    for (let seed = first + laneIndex; seed < first + seeds; seed += lanes) {
      await resetDatabase(t.db);
      stripe.reset();
      const r = await simulate({
        seed,
        steps,
        db: t.db,
        payments,
        stripe,
        timing: process.env.SIM_TIMING === "1",
      });
      for (const [k, v] of Object.entries(r))
        if (k !== "seed" && k !== "steps") totals[k] = (totals[k] ?? 0) + v;
      if (++done % 10 === 0)
        console.log(
          `  lane ${laneIndex + 1}: ${done} seeds, ${((performance.now() - started) / 1000).toFixed(0)} s`,
        );
    }
    return totals;
  } finally {
    server.close();
    await t.close();
  }
}

if (lane !== null) {
  // A lane process: run, then hand the totals to the parent.
  const totals = await runLane(lane);
  process.send?.({ totals });
} else {
  const dropTemplate = await prepareTestTemplate();
  const started = performance.now();
  try {
    const results = await Promise.all(
      Array.from(
        { length: lanes },
        (_, i) =>
          new Promise<Totals>((resolve, reject) => {
            let totals: Totals | undefined;
            const child = fork(process.argv[1]!, { env: { ...process.env, SIM_LANE: String(i) } });
            child.on("message", (m: { totals: Totals }) => (totals = m.totals));
            child.on("exit", (code) =>
              code === 0 && totals
                ? resolve(totals)
                : reject(
                    new Error(
                      `lane ${i + 1} failed (exit ${code}); its output above names the seed`,
                    ),
                  ),
            );
          }),
      ),
    );
    const totals: Totals = {};
    for (const r of results)
      for (const [k, v] of Object.entries(r)) totals[k] = (totals[k] ?? 0) + v;
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `simulation bench: ${seeds} seeds x ${steps} events = ${seeds * steps} events in ${seconds.toFixed(1)} s on ${lanes} lanes (${((seeds * steps) / seconds).toFixed(0)} events/s), every invariant held after every event`,
    );
    console.log("exercised:", totals);
  } catch (e) {
    console.error(String(e));
    process.exitCode = 1;
  } finally {
    await dropTemplate();
  }
}
