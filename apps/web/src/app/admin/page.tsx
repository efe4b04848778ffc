import { redirect } from "next/navigation";

import { Badge, EmptyState } from "@fanfare/ui";
import { formatCents } from "@fanfare/validators";

import { requireSession } from "~/lib/require-user";
import { api } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin" };

const tone = { COMPLETED: "green", PENDING: "amber", REFUNDED: "red", FAILED: "zinc" } as const;

export default async function AdminPage() {
  await requireSession("/admin");
  const caller = await api();
  const me = await caller.promoter.me();
  if (!me.isAdmin) redirect("/dashboard");
  const sales = await caller.admin.sales({ limit: 50 });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Admin · Sales</h1>
      {!sales.items.length ? (
        <EmptyState title="No sales yet" />
      ) : (
        <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-zinc-200">
          <table className="min-w-full text-sm">
            <thead className="bg-zinc-50 text-left text-zinc-600"><tr><th className="px-4 py-2">Date (UTC)</th><th className="px-4 py-2">Track</th><th className="px-4 py-2">Buyer</th><th className="px-4 py-2">Status</th><th className="px-4 py-2 text-right">Amount</th><th className="px-4 py-2 text-right">Fee</th><th className="px-4 py-2 text-right">Artist</th><th className="px-4 py-2 text-right">Commission</th><th className="px-4 py-2">Promoter</th></tr></thead>
            <tbody className="divide-y divide-zinc-100">
              {sales.items.map((s) => (
                <tr key={s.id}>
                  <td className="px-4 py-2 whitespace-nowrap">{s.createdAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                  <td className="px-4 py-2">{s.track.title} <span className="text-zinc-500">· {s.track.artistName}</span></td>
                  <td className="px-4 py-2">{s.buyerEmail}</td>
                  <td className="px-4 py-2"><Badge tone={tone[s.status]}>{s.status}</Badge></td>
                  <td className="px-4 py-2 text-right">{formatCents(s.amountCents, s.currency)}</td>
                  <td className="px-4 py-2 text-right">{formatCents(s.platformFeeCents, s.currency)}</td>
                  <td className="px-4 py-2 text-right">{formatCents(s.artistCents, s.currency)}</td>
                  <td className="px-4 py-2 text-right">{formatCents(s.commissionCents, s.currency)}</td>
                  <td className="px-4 py-2">{s.promoter?.label ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
