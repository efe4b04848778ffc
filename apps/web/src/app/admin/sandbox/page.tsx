import { getDb } from "@fanfare/db";
import { getSandboxPayment, listSandboxEvents } from "@fanfare/payments";
import { EmptyState } from "@fanfare/ui";
import { formatCents } from "@fanfare/validators";

import { SandboxDisputes, SandboxEvents, TransferModeToggle } from "~/components/admin/sandbox-panel";
import { isSandboxPayments } from "~/lib/admin";
import { requireAdmin } from "~/lib/require-user";
import { api } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Sandbox" };

/** Controls of the offline payments sandbox: transfer outcome, disputes, and its webhook events. */
export default async function AdminSandboxPage() {
  await requireAdmin("/admin/sandbox");
  if (!(await isSandboxPayments())) {
    return <EmptyState title="Sandbox controls are off">Payments run on real Stripe keys: use the Stripe Dashboard to test disputes and resend events.</EmptyState>;
  }
  const db = await getDb();
  const [events, sales] = await Promise.all([listSandboxEvents(db, { limit: 30 }), (await api()).admin.sales({ status: "COMPLETED", limit: 50 })]);
  // Only sales the sandbox took a payment for can be disputed, once (demo-seeded sales have none).
  const payments = await Promise.all(sales.items.map((s) => (s.stripePaymentIntentId ? getSandboxPayment(db, s.stripePaymentIntentId) : null)));
  const saleOptions = sales.items
    .filter((_, i) => payments[i] && !payments[i].charge.disputed)
    .map((s) => ({ id: s.id, label: `${s.track.title} · ${s.buyerEmail} · ${formatCents(s.amountCents, s.currency)}` }));
  return (
    <div className="space-y-8">
      <TransferModeToggle />
      <SandboxDisputes sales={saleOptions} />
      <SandboxEvents events={events} />
    </div>
  );
}
