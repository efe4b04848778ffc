/**
 * `pnpm payouts:batch`: the scheduled payout run (cron it daily or weekly). Pays every payee whose
 * payable balance reaches PAYOUT_MINIMUM_CENTS and whose Stripe account can receive payouts.
 */
import { getDb } from "@fanfare/db";
import { getPayments } from "@fanfare/payments";

import { runPayoutBatch } from "../services/payouts/payouts";
import { endScript } from "./end-script";

const db = await getDb();
try {
  const r = await runPayoutBatch({ db, payments: getPayments(db) });
  console.log(
    `payouts:batch: ${r.considered} balances at or over the minimum: ${r.paid} paid, ${r.failed} failed, ${r.processing} processing, ${r.skipped} skipped`,
  );
} finally {
  await endScript();
}
