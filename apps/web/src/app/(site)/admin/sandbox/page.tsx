import { getDb } from "@fanfare/db";
import { listSandboxEvents } from "@fanfare/payments";
import { EmptyState } from "@fanfare/ui";
import { formatCents } from "@fanfare/validators";

import {
  SandboxDisputes,
  SandboxEvents,
  SandboxSubscriptions,
  TransferModeToggle,
} from "~/components/admin/sandbox-panel";
import { isSandboxMode } from "~/lib/sandbox";
import { requireAdmin } from "~/lib/require-user";
import { api } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Sandbox" };

/**
 * Controls of the offline payments sandbox: transfer outcome, disputes, the catalog
 * subscriptions' test clock, and its webhook events.
 */
export default async function AdminSandboxPage() {
  await requireAdmin("/admin/sandbox");
  if (!(await isSandboxMode())) {
    return (
      <EmptyState title="Sandbox controls are off">
        Payments run on real Stripe keys: use the Stripe Dashboard to test disputes and resend
        events.
      </EmptyState>
    );
  }
  const db = await getDb();
  const [events, sales] = await Promise.all([
    listSandboxEvents(db, { limit: 30 }),
    (await api()).admin.sales({ status: "COMPLETED", limit: 50 }),
  ]);
  // A payment can be disputed once.
  const saleOptions = sales.items
    .filter((s) => s.stripePaymentIntentId != null && s.disputedCents === 0)
    .map((s) => ({
      id: s.id,
      label: `${s.track.title} · ${s.buyerEmail} · ${formatCents(s.amountCents, s.currency)}`,
    }));
  return (
    <div className="space-y-8">
      <TransferModeToggle />
      <SandboxDisputes sales={saleOptions} />
      <SandboxSubscriptions />
      <SandboxEvents events={events} />
    </div>
  );
}
