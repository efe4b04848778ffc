/**
 * `pnpm payouts:reconcile`: releases sales whose holding period is over, then completes every
 * payout left PROCESSING (a process killed between Stripe and the commit) exactly once.
 * `--older-than <seconds>` overrides PAYOUT_RECONCILE_AFTER_SECONDS.
 */
import { getDb } from "@fanfare/db";
import { getPayments } from "@fanfare/payments";

import { reconcilePayouts, releaseDueSales } from "../services/payouts/payouts";
import { endScript } from "./end-script";

const i = process.argv.indexOf("--older-than");
const olderThanSeconds = i > 0 ? Number(process.argv[i + 1]) : undefined;
const db = await getDb();
try {
  const released = await releaseDueSales(db);
  const r = await reconcilePayouts({ db, payments: getPayments(db) }, { olderThanSeconds });
  console.log(
    `payouts:reconcile: released ${released} sales; ${r.examined} stuck payouts: ${r.paid} paid, ${r.failed} failed, ${r.stillProcessing} still processing`,
  );
} finally {
  await endScript();
}
