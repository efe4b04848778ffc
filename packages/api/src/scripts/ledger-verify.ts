/**
 * `pnpm ledger:verify`: checks every ledger invariant over the whole database (DATABASE_URL or
 * the embedded one), prints each discrepancy and exits 1 on any.
 */
import { getDb } from "@fanfare/db";

import { verifyLedger } from "../services/ledger/verify-ledger";
import { endScript } from "./end-script";

const db = await getDb();
try {
  const found = await verifyLedger(db);
  const [entries, accounts] = await Promise.all([db.ledgerEntry.count(), db.ledgerAccount.count()]);
  for (const d of found) console.log(`DISCREPANCY ${d.check} ${d.subject}: ${d.detail}`);
  console.log(
    found.length
      ? `ledger:verify: ${found.length} discrepancies in ${entries} entries over ${accounts} accounts`
      : `ledger:verify: clean (${entries} entries, ${accounts} accounts)`,
  );
  process.exitCode = found.length ? 1 : 0;
} finally {
  await endScript();
}
