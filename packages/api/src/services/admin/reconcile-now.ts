import type { PrismaClient } from "@fanfare/db";
import type { PaymentsProvider } from "@fanfare/payments";

import { writeAudit } from "../audit/audit-log";
import { reconcilePayouts, releaseDueSales } from "../payouts/payouts";

/**
 * The console's "Reconcile now" (issue 11 §5: every admin action on payouts is audited): makes
 * due sales payable, completes payouts left PROCESSING longer than `olderThanSeconds` (default 0:
 * all of them; each re-sent with its idempotency key, so paid once), and writes one audit row
 * with what it did.
 * @returns how many sales were released and the reconciliation's counts.
 */
export async function reconcileNow(
  input: { olderThanSeconds?: number },
  actor: { userId: string | null },
  deps: { db: PrismaClient; payments: PaymentsProvider },
) {
  const released = await releaseDueSales(deps.db);
  const result = await reconcilePayouts(deps, { olderThanSeconds: input.olderThanSeconds ?? 0 });
  const outcome = { released, ...result };
  await deps.db.$transaction((tx) =>
    writeAudit(tx, {
      actorId: actor.userId,
      action: "payouts.reconcile",
      subjectType: "payouts",
      subjectId: "all",
      after: outcome,
    }),
  );
  return outcome;
}
