/**
 * The big run of the money simulation (packages/api/src/sim/simulate.ts): by default 200 seeds x
 * 500 events against PostgreSQL (DATABASE_URL, default the local server), checking the ledger
 * invariants after every event and `ledger:verify` after each seed. Prints throughput and what
 * the runs exercised; exits 1 and names the seed on the first broken invariant.
 *
 *   pnpm --filter @fanfare/bench simulation            # 200 x 500
 *   SIM_SEEDS=1000 SIM_STEPS=1000 pnpm --filter @fanfare/bench simulation
 */
import { setupServer } from "msw/node";

import { resetDatabase, simulate } from "@fanfare/api/sim/simulate";
import { createTestDb } from "@fanfare/db/testing";
import { createStripeProvider } from "@fanfare/payments";
import { createStripeMock } from "@fanfare/payments/testing/stripe-mock";

process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
const seeds = Number(process.env.SIM_SEEDS ?? 200);
const steps = Number(process.env.SIM_STEPS ?? 500);
const first = Number(process.env.SIM_FIRST_SEED ?? 1);

const stripe = createStripeMock();
const server = setupServer(...stripe.handlers);
server.listen({ onUnhandledRequest: "error" });
const payments = createStripeProvider({ secretKey: "sk_test_fanfare_bench", webhookSecret: "whsec_test_bench" });
const { prepareTestTemplate } = await import("@fanfare/db/testing");
const dropTemplate = await prepareTestTemplate();
const t = await createTestDb();
const totals: Record<string, number> = {};
const started = performance.now();
try {
  for (let seed = first; seed < first + seeds; seed++) {
    await resetDatabase(t.db);
    stripe.reset();
    const r = await simulate({ seed, steps, db: t.db, payments, stripe, timing: process.env.SIM_TIMING === "1" });
    for (const [k, v] of Object.entries(r)) if (k !== "seed" && k !== "steps") totals[k] = (totals[k] ?? 0) + v;
    if ((seed - first + 1) % 10 === 0) console.log(`  ${seed - first + 1}/${seeds} seeds, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`simulation bench: ${seeds} seeds x ${steps} events = ${seeds * steps} events in ${seconds.toFixed(1)} s (${((seeds * steps) / seconds).toFixed(0)} events/s), every invariant held after every event`);
  console.log("exercised:", totals);
} finally {
  server.close();
  await t.close();
  await dropTemplate();
}
