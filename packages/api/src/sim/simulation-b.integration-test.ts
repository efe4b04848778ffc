import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createTestDb } from "@fanfare/db/testing";
import type { TestDb } from "@fanfare/db/testing";
import { createStripeProvider } from "@fanfare/payments";
import { createStripeMock } from "@fanfare/payments/testing/stripe-mock";

import { simEnv } from "./env";
import { resetDatabase, simulate } from "./simulate";

const LANE = 1;
const stripe = createStripeMock();
const server = setupServer(...stripe.handlers);
const payments = createStripeProvider({ secretKey: "sk_test_fanfare_sim", webhookSecret: "whsec_test_sim" });

describe("seeded random simulation of every money path", () => {
  let t: TestDb;
  beforeAll(async () => {
    server.listen({ onUnhandledRequest: "error" });
    t = await createTestDb();
  });
  afterAll(async () => {
    server.close();
    await t.close();
  });

  // This file takes the odd-indexed half of the seeds; simulation-b takes the others, in parallel.
  const all = simEnv();
  const { steps, firstSeed } = all;
  const seeds = all.seeds.filter((_, i) => i % 2 === LANE);
  test(`${seeds.length} seeds x ${steps} events keep every ledger invariant after every step (first seed ${firstSeed})`, async () => {
    const totals = { sales: 0, refunds: 0, disputes: 0, payouts: 0, paid: 0, failedPayouts: 0, crashes: 0, duplicates: 0, deliveries: 0 };
    for (const seed of seeds) {
      await resetDatabase(t.db);
      stripe.reset();
      const r = await simulate({ seed, steps, db: t.db, payments, stripe });
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += r[k];
    }
    console.log(`simulation: ${seeds.length} seeds x ${steps} events:`, totals);
    // The runs exercised every path, not only the happy one.
    expect(totals.sales).toBeGreaterThan(0);
    expect(totals.refunds).toBeGreaterThan(0);
    expect(totals.paid).toBeGreaterThan(0);
    if (seeds.length * steps >= 2000) {
      expect(totals.disputes).toBeGreaterThan(0);
      expect(totals.crashes).toBeGreaterThan(0);
      expect(totals.failedPayouts).toBeGreaterThan(0);
    }
  }, 3_600_000);

  test.skip("a seed replays exactly (run in lane 0)", async () => {
    const runs = [];
    for (let i = 0; i < 2; i++) {
      await resetDatabase(t.db);
      stripe.reset();
      runs.push(await simulate({ seed: 4242, steps: 150, db: t.db, payments, stripe }));
    }
    expect(runs[1]).toEqual(runs[0]);
  }, 600_000);
});
