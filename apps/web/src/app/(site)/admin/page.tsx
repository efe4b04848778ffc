import Link from "next/link";

import { cn } from "@fanfare/ui";

import type { AdminSaleRow } from "~/components/admin/admin-sales";
import { AdminSales } from "~/components/admin/admin-sales";
import { requireAdmin } from "~/lib/require-user";
import { api } from "~/trpc/server";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Sales" };

const STATUSES = ["COMPLETED", "REFUNDED", "PENDING", "FAILED"] as const;
type Status = (typeof STATUSES)[number];
const isStatus = (s: string | undefined): s is Status => STATUSES.includes(s as Status);

export default async function AdminSalesPage({
  searchParams,
}: {
  searchParams: Promise<{ status?: string; cursor?: string }>;
}) {
  await requireAdmin("/admin");
  const sp = await searchParams;
  const status = isStatus(sp.status) ? sp.status : undefined;
  const sales = await (await api()).admin.sales({ limit: 25, status, cursor: sp.cursor });
  // Every completed payment has a payment intent (the sandbox's included), so it can be refunded.
  const rows: AdminSaleRow[] = sales.items.map((s) => ({
    id: s.id,
    createdAt: s.createdAt,
    status: s.status,
    buyerEmail: s.buyerEmail,
    amountCents: s.amountCents,
    platformFeeCents: s.platformFeeCents,
    artistCents: s.artistCents,
    commissionCents: s.commissionCents,
    currency: s.currency,
    refundable: s.stripePaymentIntentId != null,
    refundedCents: s.refundedCents,
    disputedCents: s.disputedCents,
    track: { title: s.track.title, artistName: s.track.artistName },
    promoter: s.promoter?.label ?? null,
  }));
  const filterHref = (st?: Status) => (st ? `/admin?status=${st}` : "/admin");
  return (
    <section aria-labelledby="sales-h" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="sales-h" className="text-lg font-semibold">
          Sales
        </h2>
        <nav aria-label="Filter sales by status" className="flex flex-wrap gap-1 text-sm">
          {[undefined, ...STATUSES].map((st) => (
            <Link
              key={st ?? "all"}
              href={filterHref(st)}
              aria-current={st === status ? "page" : undefined}
              className={cn(
                "rounded-md px-2.5 py-1",
                st === status
                  ? "bg-ink text-white"
                  : "text-zinc-600 ring-1 ring-zinc-200 hover:text-ink",
              )}
            >
              {st ? st.charAt(0) + st.slice(1).toLowerCase() : "All"}
            </Link>
          ))}
        </nav>
      </div>
      <AdminSales rows={rows} />
      <div className="flex gap-4 text-sm">
        {sp.cursor ? (
          <Link href={filterHref(status)} className="text-brand-600">
            Newest
          </Link>
        ) : null}
        {sales.nextCursor ? (
          <Link
            href={`/admin?${new URLSearchParams({ ...(status ? { status } : {}), cursor: sales.nextCursor }).toString()}`}
            className="text-brand-600"
          >
            Older sales
          </Link>
        ) : null}
      </div>
    </section>
  );
}
